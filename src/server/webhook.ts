// Webhook mode: an HTTP server any number of instances can run behind a load balancer.
// POST <WEBHOOK_PATH> takes updates (Telegram's secret-token header checked, 403 otherwise),
// GET /healthz says whether the database answers, GET /metrics serves Prometheus metrics.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { PrismaClient } from "@prisma/client";
import { webhookCallback, type Bot } from "grammy";
import type { BotContext } from "../bot/context.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";

export interface WebhookOptions {
  bot: Bot<BotContext>;
  prisma: PrismaClient;
  metrics: Metrics;
  logger: Logger;
  path: string;
  secret: string;
}

function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string") return false;
  const a = Buffer.from(header);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8"): void {
  res.writeHead(status, { "content-type": type }).end(body);
}

export function createWebhookServer(o: WebhookOptions): Server {
  // The secret is checked below (403, counted); Telegram retries an update it got no answer to
  // within its timeout, so answer after 9 s and let the handler finish on its own.
  const handleUpdate = webhookCallback(o.bot, "http", { onTimeout: "return", timeoutMilliseconds: 9_000 });

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === o.path && req.method === "POST") {
      if (!secretMatches(req.headers["x-telegram-bot-api-secret-token"], o.secret)) {
        o.metrics.errors.inc({ where: "webhook_secret" });
        return send(res, 403, "forbidden\n");
      }
      return handleUpdate(req, res);
    }
    if (path === "/healthz" && req.method === "GET") {
      try {
        await o.prisma.$queryRaw`SELECT 1`;
        return send(res, 200, JSON.stringify({ status: "ok", database: "ok" }), "application/json");
      } catch (e) {
        o.logger.warn({ err: e }, "health check: database unreachable");
        return send(res, 503, JSON.stringify({ status: "unavailable", database: "unreachable" }), "application/json");
      }
    }
    if (path === "/metrics" && req.method === "GET")
      return send(res, 200, await o.metrics.registry.metrics(), o.metrics.registry.contentType);
    return send(res, 404, "not found\n");
  };

  return createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      o.logger.error({ err: e, url: req.url }, "webhook request failed");
      o.metrics.errors.inc({ where: "webhook" });
      if (!res.headersSent) send(res, 500, "internal error\n");
      else res.end();
    });
  });
}

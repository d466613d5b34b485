// Webhook mode: an HTTP server any number of instances can run behind a load balancer.
// POST <WEBHOOK_PATH> takes updates: Telegram's secret-token header is checked (403 otherwise),
// bodies over WEBHOOK_MAX_BODY_BYTES are refused (413) without being read, and anything that is
// not a JSON Telegram update is refused (400). GET /healthz says whether the database answers.
// /metrics is served on its own port (metrics-server.ts), never on this public one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import type { App } from "../app.js";
import { KNOWN_UPDATE_TYPES } from "../bot/middleware/observe.js";
import type { WebhookConfig } from "../config/config.js";
import { healthBody, sameSecret } from "./metrics-server.js";
import { startOnTelegram, stopOnSignal } from "./lifecycle.js";
import { ALLOWED_UPDATES } from "./polling.js";

// Telegram retries an update it got no answer to within its timeout: answer after 9 s and let
// the handler finish on its own.
const ANSWER_WITHIN_MS = 9_000;

export interface WebhookOptions {
  app: Pick<App, "bot" | "db" | "metrics" | "logger">;
  path: string;
  secret: string;
  maxBodyBytes: number;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > max) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners("data");
        req.pause();
        reject(new BodyTooLarge());
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The update in `body`, or null when it is not one: an object with an integer update_id and one known update field. */
export function parseUpdate(body: Buffer): Update | null {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (!Number.isSafeInteger(record.update_id)) return null;
  const kinds = Object.keys(record).filter((k) => k !== "update_id");
  if (kinds.length !== 1 || !KNOWN_UPDATE_TYPES.has(kinds[0]!)) return null;
  const payload = record[kinds[0]!];
  return payload && typeof payload === "object" ? (value as Update) : null;
}

function send(res: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8"): void {
  res.writeHead(status, { "content-type": type }).end(body);
}

export function createWebhookServer(o: WebhookOptions): Server {
  const { bot, metrics, logger } = o.app;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!sameSecret(req.headers["x-telegram-bot-api-secret-token"] as string | undefined, o.secret)) {
      metrics.errors.inc({ where: "webhook_secret" });
      return send(res, 403, "forbidden\n");
    }
    let body: Buffer;
    try {
      body = await readBody(req, o.maxBodyBytes);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      metrics.errors.inc({ where: "webhook_too_large" });
      logger.warn({ limit: o.maxBodyBytes, declared: req.headers["content-length"] }, "webhook body too large");
      res.writeHead(413, { connection: "close", "content-type": "text/plain; charset=utf-8" }).end("payload too large\n");
      req.destroy();
      return;
    }
    const update = parseUpdate(body);
    if (!update) {
      metrics.errors.inc({ where: "webhook_bad_update" });
      logger.warn({ bytes: body.length }, "webhook body is not a Telegram update");
      return send(res, 400, "not a Telegram update\n");
    }
    const handled = bot.handleUpdate(update).catch((e: unknown) => logger.error({ err: e, update_id: update.update_id }, "update failed"));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([handled, new Promise((r) => (timer = setTimeout(r, ANSWER_WITHIN_MS)))]);
    clearTimeout(timer);
    send(res, 200, "ok\n");
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === o.path && req.method === "POST") return handle(req, res);
    if (path === "/healthz" && req.method === "GET") {
      const h = await healthBody(o.app);
      return send(res, h.status, h.body, "application/json");
    }
    return send(res, 404, "not found\n");
  };

  return createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      logger.error({ err: e, path: (req.url ?? "/").split("?")[0] }, "webhook request failed");
      metrics.errors.inc({ where: "webhook" });
      if (!res.headersSent) send(res, 500, "internal error\n");
      else res.end();
    });
  });
}

export async function runWebhookMode(config: WebhookConfig): Promise<void> {
  const url = config.WEBHOOK_URL;
  const { app, metrics: metricsServer } = await startOnTelegram(
    config,
    url ? [["setWebhook", (a, signal) => a.bot.api.setWebhook(url, { secret_token: config.WEBHOOK_SECRET, allowed_updates: ALLOWED_UPDATES }, signal)]] : [],
  );
  const server = createWebhookServer({ app, path: config.WEBHOOK_PATH, secret: config.WEBHOOK_SECRET, maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.WEBHOOK_PORT, config.WEBHOOK_HOST, resolve);
  });
  app.logger.info({ port: config.WEBHOOK_PORT, path: config.WEBHOOK_PATH }, "webhook server listening");
  stopOnSignal(app, {
    // Stop accepting, drop idle keep-alive connections (they would hold close() open), then
    // wait for handlers — including any the webhook already answered on its timeout.
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await metricsServer.close();
      await app.bot.idle();
    },
  });
}

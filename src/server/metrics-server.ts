// /metrics (Prometheus) and /healthz for operators, on a port of their own: METRICS_HOST
// (127.0.0.1 by default, so nothing is exposed) and METRICS_PORT; METRICS_TOKEN, when set,
// must come as "Authorization: Bearer <token>". METRICS_PORT=0 turns the server off.
import { timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "../app.js";

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function healthBody(app: Pick<App, "db" | "logger">): Promise<{ status: number; body: string }> {
  try {
    await app.db.ping();
    return { status: 200, body: JSON.stringify({ status: "ok", database: "ok" }) };
  } catch (e) {
    app.logger.warn({ err: e }, "health check: database unreachable");
    return { status: 503, body: JSON.stringify({ status: "unavailable", database: "unreachable" }) };
  }
}

export function createMetricsServer(app: Pick<App, "db" | "logger" | "metrics" | "config">): Server {
  const token = app.config.METRICS_TOKEN;
  return createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "/").split("?")[0];
      if (token && !sameSecret(req.headers.authorization?.replace(/^Bearer /, ""), token)) {
        res.writeHead(401, { "www-authenticate": "Bearer" }).end("unauthorized\n");
        return;
      }
      if (path === "/metrics" && req.method === "GET") {
        res.writeHead(200, { "content-type": app.metrics.registry.contentType }).end(await app.metrics.registry.metrics());
      } else if (path === "/healthz" && req.method === "GET") {
        const h = await healthBody(app);
        res.writeHead(h.status, { "content-type": "application/json" }).end(h.body);
      } else res.writeHead(404).end("not found\n");
    })().catch((e: unknown) => {
      app.logger.error({ err: e }, "metrics request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
}

/** Starts the operators' server unless METRICS_PORT=0; close() stops it. */
export async function startMetricsServer(app: Pick<App, "db" | "logger" | "metrics" | "config">): Promise<{ port: number | null; close(): Promise<void> }> {
  if (app.config.METRICS_PORT === 0) return { port: null, close: async () => {} };
  const server = createMetricsServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(app.config.METRICS_PORT, app.config.METRICS_HOST, resolve);
  });
  app.logger.info({ host: app.config.METRICS_HOST, port: app.config.METRICS_PORT }, "metrics server listening");
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

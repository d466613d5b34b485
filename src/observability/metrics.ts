// Prometheus metrics, one registry per bot instance (tests build many bots in one process).
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  updates: Counter<"type">;
  errors: Counter<"where">;
  handlerSeconds: Histogram<"type">;
  apiCalls: Counter<"method" | "result">;
}

export function createMetrics(opts: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    updates: new Counter({
      name: "voterlink_updates_handled_total",
      help: "Updates handled, by update type",
      labelNames: ["type"],
      registers: [registry],
    }),
    errors: new Counter({
      name: "voterlink_errors_total",
      help: "Errors, by where they happened",
      labelNames: ["where"],
      registers: [registry],
    }),
    handlerSeconds: new Histogram({
      name: "voterlink_handler_seconds",
      help: "Time from receiving an update to finishing its handler",
      labelNames: ["type"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    apiCalls: new Counter({
      name: "voterlink_api_calls_total",
      help: "Outbound Bot API calls, by method and result (ok / error code)",
      labelNames: ["method", "result"],
      registers: [registry],
    }),
  };
}

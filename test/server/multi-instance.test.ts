// Several bot instances on one database, as webhook instances behind a load balancer share one
// PostgreSQL: updates of the same people land on either instance at random. On PostgreSQL each
// instance has its own client and pool; on PGlite (one process) they share the client.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.js";
import { openDatabase } from "../../src/db/database.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
let second: App;

beforeAll(async () => {
  h = await createBotHarness({ seed: true });
  const url = h.db.postgresUrl;
  // A second instance starting against the same database (its migrations are a no-op). On PGlite
  // (one process) it shares the client; its close() must not close the first one's database.
  const database = url
    ? await openDatabase({ kind: "postgres", url, poolSize: 4 })
    : { ...h.db, close: async () => {} };
  second = await createApp(h.config, {
    database,
    telegram: { fetch: h.api.fetch, botInfo: h.api.botInfo },
    logger: pino({ level: "silent" }),
    seedDemo: false,
  });
});
afterAll(async () => {
  await second?.close();
  await h?.close();
});

describe("two instances sharing one database", () => {
  it("40 first-time people, each update on a random instance, all at once: one user each, every update answered and logged", async () => {
    const people = Array.from({ length: 40 }, (_, i) => ({ id: 61_000 + i, first_name: `P${i}`, language_code: i % 2 ? "en" : "zh-hans" }));
    const instances = [h.bot, second.bot];
    let n = 0;
    const sends = people.flatMap((p) =>
      ["/start", "代投怎么办理", "/help"].map((text) => instances[n++ % 2]!.handleUpdate(h.updates.message(p, text))),
    );
    await Promise.all(sends);
    await Promise.all([h.services.conversationLog.flush(), second.services.conversationLog.flush()]);

    const ids = people.map((p) => BigInt(p.id));
    expect(await h.db.prisma.user.count({ where: { telegramId: { in: ids } } })).toBe(40);
    for (const p of people) expect(h.api.messagesTo(p.id)).toHaveLength(3);
    const logged = await h.db.prisma.conversationLog.groupBy({
      by: ["direction"],
      where: { chatId: { in: ids } },
      _count: { _all: true },
    });
    expect(Object.fromEntries(logged.map((r) => [r.direction, r._count._all]))).toEqual({ IN: 120, OUT: 120 });
  });

  it("a language chosen on one instance is used by another instance (which has not cached the person)", async () => {
    const p = { id: 62_000, first_name: "Switch", language_code: "zh-hans" };
    await h.bot.handleUpdate(h.updates.message(p, "/start"));
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 62_000n } });
    await h.services.users.setLocale(user.id, "en");
    // Instance two has never seen this person: it reads the row and answers in English.
    await second.bot.handleUpdate(h.updates.message(p, "/help"));
    expect(h.api.messagesTo(p.id).at(-1)?.text).toContain("What I can do for you");
  });
});

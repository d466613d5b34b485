// inOrder: one chat's updates one at a time and in order; other chats meanwhile.
import type { Context } from "grammy";
import { describe, expect, it } from "vitest";
import { inOrder } from "../../src/bot/middleware/in-order.js";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe("inOrder", () => {
  const mw = inOrder<Context & { key?: string }>((ctx) => ctx.key);
  const ctx = (key?: string) => ({ key }) as Context & { key?: string };

  it("a chat's second update starts after its first ends; another chat's starts at once", async () => {
    const seen: string[] = [];
    const first = gate();
    const a1 = mw(ctx("a"), async () => {
      seen.push("a1 start");
      await first.opened;
      seen.push("a1 end");
    });
    const a2 = mw(ctx("a"), async () => void seen.push("a2"));
    const b1 = mw(ctx("b"), async () => void seen.push("b1"));
    await b1;
    expect(seen).toEqual(["a1 start", "b1"]);
    first.open();
    await Promise.all([a1, a2]);
    expect(seen).toEqual(["a1 start", "b1", "a1 end", "a2"]);
  });

  it("a failed update does not hold its chat: the next runs, and the error reaches only its own caller", async () => {
    const failed = mw(ctx("c"), async () => {
      throw new Error("boom");
    });
    let ran = false;
    const next = mw(ctx("c"), async () => void (ran = true));
    await expect(failed).rejects.toThrow("boom");
    await next;
    expect(ran).toBe(true);
  });

  it("an update without a key runs at once", async () => {
    let ran = false;
    await mw(ctx(undefined), async () => void (ran = true));
    expect(ran).toBe(true);
  });
});

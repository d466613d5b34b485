// The per-person windows behind the flood limits (bot/middleware/rate-limit.ts).
import { describe, expect, it } from "vitest";
import { WindowStore } from "../../src/bot/middleware/rate-limit.js";

describe("WindowStore", () => {
  it("counts hits in a window that starts with the first hit; the next hit after its end starts a new one", () => {
    let t = 1_000_000;
    const store = new WindowStore(() => t);
    expect(store.hit("msg:1", 60_000)).toEqual({ count: 1, endsAt: 1_060_000 });
    t += 30_000;
    expect(store.hit("msg:1", 60_000)).toEqual({ count: 2, endsAt: 1_060_000 });
    expect(store.hit("btn:1", 60_000)).toEqual({ count: 1, endsAt: 1_090_000 }); // presses apart
    t = 1_060_000;
    expect(store.hit("msg:1", 60_000)).toEqual({ count: 1, endsAt: 1_120_000 });
  });
});

// perTurn (db/per-turn.ts): the calls of one event-loop turn share one batch; with a limit on
// batches out at once, calls made meanwhile share the next one.
import { describe, expect, it } from "vitest";
import { perTurn } from "../../src/db/per-turn.js";

describe("perTurn", () => {
  it("the calls of one turn go as one batch, each gets its own output, an Error fails only its caller", async () => {
    const batches: number[][] = [];
    const call = perTurn(async (inputs: number[]) => {
      batches.push(inputs);
      return inputs.map((n) => (n < 0 ? new Error("negative") : n * 2));
    });
    const results = await Promise.allSettled([call(1), call(2), call(-1)]);
    expect(batches).toEqual([[1, 2, -1]]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "failed"))).toEqual([2, 4, "failed"]);
  });

  it("while the limit of batches is out, new calls wait and then go together", async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const call = perTurn(async (inputs: number[]) => {
      batches.push(inputs);
      if (batches.length === 1) await held;
      return inputs;
    }, 1);
    const first = call(1);
    await new Promise((r) => setImmediate(r)); // the first batch is out
    const later = [call(2), call(3)];
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]); // 2 and 3 wait for it
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });
});

import { describe, it, expect } from "vitest";
import {
  broadcastEta,
  classifySendError,
  planDelivery,
  retryAfterSeconds,
  retryDelay,
  PAID_BROADCAST,
  type DeliveryInput,
  type FeasiblePlan,
  type InfeasiblePlan,
} from "../../src/domain/broadcast-plan.js";
import { parseLocalDate as d } from "../../src/domain/dates.js";

const SH = "Asia/Shanghai";
const at = (iso: string): Date => new Date(iso);

describe("broadcastEta", () => {
  it.each([
    // recipients, rate, alreadySent, seconds
    [500_000, 30, 0, 500_000 / 30],
    [0, 30, 0, 0],
    [1, 30, 0, 1 / 30],
    [30, 30, 0, 1],
    [500_000, 30, 499_970, 1],
    [500_000, 30, 500_000, 0],
    [10_000_000, 30, 0, 10_000_000 / 30],
  ])("%i recipients at %i/s, %i already sent → %d s", (recipients, ratePerSecond, alreadySent, seconds) => {
    const eta = broadcastEta({ recipients, ratePerSecond, alreadySent });
    expect(eta.seconds).toBeCloseTo(seconds, 9);
    expect(eta.remaining).toBe(recipients - alreadySent);
    expect(eta.costStars).toBeUndefined();
  });

  it("4.6 hours for a county, almost 4 days for a province (architecture.md)", () => {
    expect(broadcastEta({ recipients: 500_000, ratePerSecond: 30 }).seconds / 3600).toBeCloseTo(4.63, 2);
    expect(broadcastEta({ recipients: 10_000_000, ratePerSecond: 30 }).seconds / 86_400).toBeCloseTo(3.86, 2);
  });

  it.each([
    [10_000_000, 0, 10_000, 1_000_000],
    [3, 0, 0.003, 0.3],
    [1, 0, 0.001, 0.1],
    [0, 0, 0, 0],
    [500_000, 100_000, 400, 40_000],
  ])("paid: %i recipients, %i sent → %d s for %d Stars", (recipients, alreadySent, seconds, costStars) => {
    expect(broadcastEta({ recipients, ratePerSecond: 30, alreadySent, paid: PAID_BROADCAST })).toEqual({
      remaining: recipients - alreadySent,
      seconds,
      costStars,
    });
  });

  it.each([
    [{ recipients: 1, ratePerSecond: 0 }],
    [{ recipients: 1, ratePerSecond: -30 }],
    [{ recipients: 1, ratePerSecond: Number.NaN }],
    [{ recipients: 1, ratePerSecond: Infinity }],
    [{ recipients: -1, ratePerSecond: 30 }],
    [{ recipients: 1.5, ratePerSecond: 30 }],
    [{ recipients: 10, ratePerSecond: 30, alreadySent: 11 }],
    [{ recipients: 10, ratePerSecond: 30, paid: { ratePerSecond: 0, starsPerMessage: 0.1 } }],
  ])("rejects %j", (input) => {
    expect(() => broadcastEta(input)).toThrow(RangeError);
  });
});

describe("planDelivery", () => {
  const E_MINUS_1 = d("2026-12-14");
  const base: DeliveryInput = {
    audienceByConstituency: [],
    ratePerSecond: 30,
    mustArriveOn: E_MINUS_1,
    allowedHours: { from: 8, to: 21 },
    timeZone: SH,
    now: at("2026-12-13T12:00:00+08:00"),
  };
  const WINDOW_START = at("2026-12-14T08:00:00+08:00").getTime();
  const feasible = (input: Partial<DeliveryInput>): FeasiblePlan => {
    const plan = planDelivery({ ...base, ...input });
    if (!plan.feasible) throw new Error(`expected a feasible plan, got ${JSON.stringify(plan)}`);
    return plan;
  };
  const infeasible = (input: Partial<DeliveryInput>): InfeasiblePlan => {
    const plan = planDelivery({ ...base, ...input });
    if (plan.feasible) throw new Error("expected an infeasible plan");
    return plan;
  };

  it("fits a county of 500,000 at 30/s into 08:00–21:00, spread by constituency in id order", () => {
    const plan = feasible({
      audienceByConstituency: [
        { id: "c2", count: 200_000 },
        { id: "c1", count: 300_000 },
      ],
    });
    expect(plan.windowStart).toEqual(at("2026-12-14T08:00:00+08:00"));
    expect(plan.windowEnd).toEqual(at("2026-12-14T21:00:00+08:00"));
    expect(plan.sendSeconds).toBeCloseTo(16_666.667, 3);
    expect(plan.slackSeconds).toBeCloseTo(46_800 - 16_666.667, 3);
    expect(plan.slots.map((s) => [s.id, s.startAt.getTime() - WINDOW_START, s.finishBy.getTime() - WINDOW_START])).toEqual([
      ["c1", 0, 10_000_000],
      // after c1's sending plus 3/5 of the slack: each constituency's slot is proportional to its audience
      ["c2", 10_000_000 + 18_079_999, 10_000_000 + 18_079_999 + 6_666_667],
    ]);
  });

  it("gives the same plan whatever the input order", () => {
    const a = [
      { id: "b", count: 10 },
      { id: "a", count: 20 },
      { id: "c", count: 0 },
    ];
    expect(feasible({ audienceByConstituency: a })).toEqual(feasible({ audienceByConstituency: [...a].reverse() }));
  });

  it("packs back to back from the first allowed minute with spread asap", () => {
    const plan = feasible({
      spread: "asap",
      audienceByConstituency: [
        { id: "c1", count: 300_000 },
        { id: "c2", count: 200_000 },
      ],
    });
    expect(plan.slots.map((s) => s.startAt.getTime() - WINDOW_START)).toEqual([0, 10_000_000]);
  });

  it("handles 0 and 1 recipients", () => {
    expect(feasible({ audienceByConstituency: [] }).slots).toEqual([]);
    const zero = feasible({ audienceByConstituency: [{ id: "c", count: 0 }] });
    expect(zero.slots[0]?.startAt).toEqual(zero.slots[0]?.finishBy);
    const one = feasible({ audienceByConstituency: [{ id: "c", count: 1 }] });
    expect(one.slots[0]?.startAt.getTime()).toBe(WINDOW_START);
    expect(one.slots[0]!.finishBy.getTime() - WINDOW_START).toBe(34); // ceil(1000 / 30) ms
  });

  it.each([
    // recipients, rate, feasible — the 13-hour window holds exactly 46,800 s
    [1_404_000, 30, true],
    [1_404_001, 30, false],
    [46_800, 1, true],
    [46_801, 1, false],
    [46_800_000, 1000, true],
    [46_800_001, 1000, false],
  ])("%i recipients at %i/s fit: %s", (count, ratePerSecond, expected) => {
    expect(planDelivery({ ...base, ratePerSecond, audienceByConstituency: [{ id: "c", count }] }).feasible).toBe(expected);
  });

  it("counts only the time left when now is inside the window", () => {
    const now = at("2026-12-14T20:00:00+08:00");
    const fits = feasible({ now, audienceByConstituency: [{ id: "c", count: 108_000 }] });
    expect(fits.slots[0]?.startAt).toEqual(now);
    expect(fits.slackSeconds).toBe(0);
    const late = infeasible({ now, audienceByConstituency: [{ id: "c", count: 108_001 }] });
    expect(late.requiredRatePerSecond).toBe(31);
    expect(late.shortfall.recipients).toBe(1);
  });

  it("is infeasible once the window is over, unless there is nobody to reach", () => {
    const now = at("2026-12-14T21:00:00+08:00");
    const late = infeasible({ now, audienceByConstituency: [{ id: "c", count: 1 }] });
    expect(late.requiredRatePerSecond).toBeNull();
    expect(late.paidBroadcast.feasible).toBe(false);
    expect(feasible({ now, audienceByConstituency: [{ id: "c", count: 0 }] }).slots).toHaveLength(1);
  });

  it("says how many days, which rate or what paid broadcasting a province of 10 million needs", () => {
    const plan = infeasible({ audienceByConstituency: [{ id: "province", count: 10_000_000 }] });
    // 333,333.334 s of sending; 7 full 13-hour windows hold 327,600 s, the rest starts at 21:00 − 5,733.334 s
    expect(plan.daysNeeded).toBe(8);
    expect(plan.needsStartOn).toBe(d("2026-12-07"));
    expect(plan.needsStartAt).toEqual(at("2026-12-07T19:24:26.666+08:00"));
    expect(plan.shortfall.seconds).toBeCloseTo(286_533.334, 3);
    expect(plan.shortfall.recipients).toBe(10_000_000 - 1_404_000);
    expect(plan.requiredRatePerSecond).toBe(214);
    expect(plan.paidBroadcast).toEqual({ ratePerSecond: 1000, seconds: 10_000, costStars: 1_000_000, feasible: true });
  });

  it("needs one earlier start on the same day when the window would have held it", () => {
    const plan = infeasible({
      now: at("2026-12-14T17:00:00+08:00"),
      audienceByConstituency: [{ id: "c", count: 500_000 }],
    });
    expect(plan.daysNeeded).toBe(1);
    expect(plan.needsStartOn).toBe(E_MINUS_1);
    // 21:00 − 16,666.667 s = 16:22:13.333
    expect(plan.needsStartAt).toEqual(at("2026-12-14T16:22:13.333+08:00"));
  });

  it("uses real elapsed time on a DST day (New York, 2026-03-08 has 23 hours)", () => {
    const ny = { ...base, timeZone: "America/New_York", mustArriveOn: d("2026-03-08"), now: at("2026-03-01T00:00:00Z") };
    const allDay = { from: 0, to: 24 };
    expect(planDelivery({ ...ny, allowedHours: allDay, ratePerSecond: 1, audienceByConstituency: [{ id: "c", count: 82_800 }] }).feasible).toBe(true);
    expect(planDelivery({ ...ny, allowedHours: allDay, ratePerSecond: 1, audienceByConstituency: [{ id: "c", count: 82_801 }] }).feasible).toBe(false);
    const plan = planDelivery({ ...ny, ratePerSecond: 1, audienceByConstituency: [{ id: "c", count: 1 }] });
    expect(plan.windowStart).toEqual(at("2026-03-08T08:00:00-04:00"));
  });

  it.each([
    [{ ratePerSecond: 0 }],
    [{ allowedHours: { from: 21, to: 8 } }],
    [{ allowedHours: { from: 8, to: 8 } }],
    [{ allowedHours: { from: 8, to: 25 } }],
    [{ allowedHours: { from: 7.5, to: 21 } }],
    [{ audienceByConstituency: [{ id: "c", count: -1 }] }],
    [{ audienceByConstituency: [{ id: "c", count: 1 }, { id: "c", count: 2 }] }],
    [{ now: new Date(Number.NaN) }],
  ])("rejects %j", (input) => {
    expect(() => planDelivery({ ...base, ...input })).toThrow(RangeError);
  });
});

describe("retryDelay", () => {
  const opts = { baseMs: 100, maxMs: 10_000 };
  it.each([
    // attempt, random, delay
    [0, 0, 0],
    [0, 0.5, 50],
    [0, 0.999_999, 99],
    [3, 0.999, 799],
    [6, 0.5, 3200],
    [7, 0.5, 5000], // 12,800 capped at 10,000
    [10, 0.5, 5000],
    [2000, 0.5, 5000], // 2^2000 overflows to Infinity, still capped
  ])("attempt %i with random %d → %i ms", (attempt, random, expected) => {
    expect(retryDelay(attempt, opts, random)).toBe(expected);
  });

  it.each([
    [-1, opts, 0.5],
    [1.5, opts, 0.5],
    [0, opts, 1],
    [0, opts, -0.1],
    [0, opts, Number.NaN],
    [0, { baseMs: 0, maxMs: 10 }, 0.5],
    [0, { baseMs: 100, maxMs: 10 }, 0.5],
  ])("rejects attempt %d, %j, random %d", (attempt, o, random) => {
    expect(() => retryDelay(attempt, o, random)).toThrow(RangeError);
  });
});

describe("classifySendError", () => {
  it.each([
    [429, "Too Many Requests: retry after 5", "RATE_LIMITED"],
    [403, "Forbidden: bot was blocked by the user", "UNREACHABLE"],
    [403, "Forbidden: user is deactivated", "UNREACHABLE"],
    [403, "Forbidden: bot can't initiate conversation with a user", "UNREACHABLE"],
    [403, "Forbidden: bot was kicked from the group chat", "UNREACHABLE"],
    [400, "Bad Request: chat not found", "UNREACHABLE"],
    [400, "Bad Request: PEER_ID_INVALID", "UNREACHABLE"],
    [400, "Bad Request: user not found", "UNREACHABLE"],
    [400, "Bad Request: message is too long", "FAILED"],
    [400, "Bad Request: message text is empty", "FAILED"],
    [400, "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 12", "FAILED"],
    [401, "Unauthorized", "FAILED"],
    [409, "Conflict: terminated by other getUpdates request", "FAILED"],
    [500, "Internal Server Error", "RETRY"],
    [502, "Bad Gateway", "RETRY"],
    [undefined, "Network request for 'sendMessage' failed!", "RETRY"],
    [null, null, "RETRY"],
  ] as const)("%s %s → %s", (code, description, expected) => {
    expect(classifySendError(code, description)).toBe(expected);
  });
});

describe("retryAfterSeconds", () => {
  it.each([
    ["Too Many Requests: retry after 5", undefined, 5],
    ["Too Many Requests: retry after 5", { retry_after: 7 }, 7],
    ["Too Many Requests", { retry_after: 0 }, 0],
    ["Too Many Requests", undefined, null],
    [undefined, null, null],
  ] as const)("%s with %j → %s", (description, parameters, expected) => {
    expect(retryAfterSeconds(description, parameters)).toBe(expected);
  });
});

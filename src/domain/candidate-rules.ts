/** Seats and candidate numbers of a constituency in a direct election (选举法 25, 31). */

/** A constituency elects one to three delegates (选举法 25). */
export const CONSTITUENCY_SEATS = { min: 1, max: 3 } as const;

export type SeatsCheck = "OK" | "NOT_AN_INTEGER" | "TOO_FEW" | "TOO_MANY";

export function checkSeats(seats: number): SeatsCheck {
  if (!Number.isInteger(seats)) return "NOT_AN_INTEGER";
  if (seats < CONSTITUENCY_SEATS.min) return "TOO_FEW";
  if (seats > CONSTITUENCY_SEATS.max) return "TOO_MANY";
  return "OK";
}

export interface CandidateRange {
  min: number;
  max: number;
}

/**
 * Lawful number of candidates for `seats` seats: more than the seats by one third up to double
 * (选举法 31, direct elections). A third of a candidate rounds up, so 1 → 2..2, 2 → 3..4, 3 → 4..6;
 * the "one seat, two candidates" rule for a further election (选举法 45) falls out of the same range.
 */
export function candidateRange(seats: number): CandidateRange {
  const check = checkSeats(seats);
  if (check !== "OK") {
    throw new RangeError(
      `A constituency elects ${CONSTITUENCY_SEATS.min}–${CONSTITUENCY_SEATS.max} delegates (选举法 25), got ${seats}`,
    );
  }
  return { min: seats + Math.ceil(seats / 3), max: 2 * seats };
}

export type CandidateCountStatus = "OK" | "TOO_FEW" | "TOO_MANY";

export interface CandidateCountCheck extends CandidateRange {
  status: CandidateCountStatus;
}

/**
 * Whether `count` candidates fit `seats` seats, with the lawful range for the message.
 * TOO_MANY on a preliminary list means voter groups must narrow it or hold a primary (选举法 32).
 */
export function checkCandidateCount(seats: number, count: number): CandidateCountCheck {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`Candidate count must be a non-negative integer, got ${count}`);
  }
  const range = candidateRange(seats);
  const status = count < range.min ? "TOO_FEW" : count > range.max ? "TOO_MANY" : "OK";
  return { status, ...range };
}

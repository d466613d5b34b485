// What the suggestion, inbox, activity and report-back features keep in the session between
// updates: explicit steps, so a flow survives a restart and /cancel ends it. One field of
// SessionData (`sg`), so the features of issue 8 never step on other features' session data.
import type { ActivityKind } from "../../services/delegate-work.js";
import type { SuggestionKind } from "../../services/suggestions.js";

export type DraftStep = "kind" | "category" | "recipients" | "text" | "photos" | "location" | "anonymity" | "confirm";

export interface SuggestionDraft {
  step: DraftStep;
  kind?: SuggestionKind;
  /** null: no category chosen ("other"). */
  categoryId?: number | null;
  /** Chosen delegates; empty = all of the constituency's. */
  delegateIds: number[];
  text?: string;
  photos: string[];
  location?: { latitude: number; longitude: number } | null;
  anonymous?: boolean;
  /** Goes into the confirm button: a double tap files one suggestion. */
  key: string;
}

/** A text the person is asked to type next, for one suggestion at one version. */
export type PendingInputKind =
  | "detail" // author: the detail a delegate asked for
  | "reopen" // author: why they reopen
  | "rate_comment" // author: optional comment after rating
  | "ask" // delegate: the question for the author
  | "reply" // delegate: the answer
  | "reject" // delegate/staff: the reason
  | "close" // delegate/staff: the reason for closing a reopened one
  | "raise" // delegate: a note for staff when raising
  | "answer" // staff or a department official: the department's answer
  | "return" // staff: why it goes back to the delegate
  | "merge" // staff: the tracking number of the suggestion to merge into
  | "lead"; // staff: the lead official of a key suggestion

export interface PendingInput {
  kind: PendingInputKind;
  id: number;
  v: number;
  /** Who asked for it (an admin may act as delegate or staff). */
  by?: "DELEGATE" | "STAFF" | "DEPARTMENT";
  /** Staff assignment waiting for the lead official's name. */
  assign?: { departmentId: number; complex: boolean };
}

export interface ActivityDraft {
  step: "date" | "place" | "note";
  kind: ActivityKind;
  on?: string;
  place?: string;
}

export interface ReportDraft {
  step: "title" | "body" | "confirm";
  title?: string;
  body?: string;
}

export interface SuggestSession {
  draft?: SuggestionDraft;
  input?: PendingInput;
  activity?: ActivityDraft;
  report?: ReportDraft;
  /** A voter's comment on a report-back. */
  reportComment?: number;
}

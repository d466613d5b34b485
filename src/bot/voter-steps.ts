// The typed-input steps of the voter journeys (issue 7 part A), stored in the session so that a
// journey survives a restart and another instance, and /cancel ends it. One step at a time: a new
// journey replaces an unfinished one. Only what the next step needs is kept, and it is dropped when
// the journey ends (never the digits of someone else's ID: a found entry is kept as its id).

/** A random token in a confirm button: the same button pressed twice files one request. */
export type Token = string;

export type VoterStep =
  | { flow: "link"; step: "name" }
  | { flow: "link"; step: "last4"; name: string }
  | { flow: "link"; step: "voterNo"; name: string; last4: string }
  | { flow: "objection"; step: "name"; forSelf: boolean }
  | { flow: "objection"; step: "details"; forSelf: boolean; subjectName: string | null }
  | { flow: "objection"; step: "phone"; forSelf: boolean; subjectName: string | null; details: string }
  | { flow: "objection"; step: "confirm"; forSelf: boolean; subjectName: string | null; details: string; phone: string; token: Token }
  | { flow: "mobilebox"; step: "memberName" }
  | { flow: "mobilebox"; step: "memberLast4"; memberName: string }
  | { flow: "mobilebox"; step: "address"; memberEntryId: number | null; memberName: string | null }
  | { flow: "mobilebox"; step: "phone"; memberEntryId: number | null; memberName: string | null; address: string }
  | { flow: "mobilebox"; step: "reason"; memberEntryId: number | null; memberName: string | null; address: string; phone: string }
  | { flow: "mobilebox"; step: "confirm"; memberEntryId: number | null; memberName: string | null; address: string; phone: string; reason: string; token: Token }
  | { flow: "proxy"; step: "holderName" }
  | { flow: "proxy"; step: "holderLast4"; holderName: string }
  | { flow: "proxy"; step: "reason"; holderEntryId: number; holderName: string }
  | { flow: "proxy"; step: "confirm"; holderEntryId: number; holderName: string; reason: string; token: Token }
  | { flow: "ask"; step: "text" }
  | { flow: "queue"; step: "reason"; requestId: number; outcome: "APPROVED" | "REJECTED" | "ANSWERED" };

export type VoterFlow = VoterStep["flow"];

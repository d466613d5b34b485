// A published result as text: the message a constituency's subscribers get (rendered in each
// person's language when the outbox sends it) and the preview staff see before publishing.
import { publishedResult, type PublishedResult, type SheetView } from "../../services/results.js";
import { formatDate, type Translate } from "../i18n.js";

export function roundName(t: Translate, s: { round: string; roundNo: number }): string {
  return t(`results.round.${s.round}${s.roundNo > 1 ? "_n" : ""}`, { n: s.roundNo });
}

/** The message a subscriber gets, in `t`'s language (also the staff's preview). */
export function publishedText(t: Translate, r: PublishedResult, date: string): string {
  const sep = t("list_separator");
  const lines = [t("results.notice.title", { name: r.constituency, round: roundName(t, r), date })];
  if (r.next.kind !== "REPEAT") lines.push(r.elected.length > 0 ? t("results.notice.elected", { names: r.elected.join(sep) }) : t("results.notice.nobody"));
  if (r.next.kind !== "DONE") lines.push(t(`results.notice.next_${r.next.kind}`, { seats: "seats" in r.next ? r.next.seats : 0, names: "candidates" in r.next ? r.next.candidates.join(sep) : "" }));
  return lines.join("\n");
}


/** A constituency's published rounds for its voters, each with its publication date; none: nothing. */
export function publishedResultLines(t: Translate, sheets: readonly SheetView[]): string[] {
  if (sheets.length === 0) return [];
  return [...sheets.flatMap((s) => [publishedText(t, publishedResult(s), formatDate(t, s.publishedOn!)), ""]), "—", ""];
}

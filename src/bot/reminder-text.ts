// A reminder (or a day's digest of them) in the voter's language, with calendar dates, never
// "in N days" alone. The payload is what services/reminders.ts queued.
import type { ReminderPayload } from "../services/reminders.js";
import { formatDate, type Translate } from "./i18n.js";
import { publishedText } from "./render/results.js";

export function renderReminder(t: Translate, raw: unknown): string {
  const p = raw as ReminderPayload;
  const lines: string[] = [t("reminders.title", { election: p.election })];
  for (const item of p.items) {
    const date = formatDate(t, item.date);
    switch (item.kind) {
      case "LIST_PUBLISHED":
        lines.push(t("reminders.LIST_PUBLISHED", { date }));
        break;
      case "OBJECTION_DEADLINE":
        lines.push(t("reminders.OBJECTION_DEADLINE", { deadline: formatDate(t, item.deadline ?? item.date) }));
        break;
      case "CANDIDATE_MEETING":
        lines.push(t("reminders.CANDIDATE_MEETING", { date }));
        break;
      case "ELECTION_EVE":
        lines.push(t("reminders.ELECTION_EVE", { election_day: formatDate(t, p.electionDay) }));
        break;
      case "ELECTION_MORNING":
        lines.push(
          item.pollingPlace
            ? t("reminders.ELECTION_MORNING", { place: item.pollingPlace.name, address: item.pollingPlace.address, opens: item.pollingPlace.opensAt, closes: item.pollingPlace.closesAt })
            : t("reminders.ELECTION_MORNING_no_place"),
        );
        break;
      case "RESULTS":
        lines.push(item.result ? publishedText(t, item.result, date) : t("reminders.RESULTS", { date }));
        break;
    }
  }
  lines.push("", t("reminders.footer"));
  return lines.join("\n");
}

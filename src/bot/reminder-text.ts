// A reminder (or a day's digest of them) in the voter's language, with calendar dates, never
// "in N days" alone. The payload is what services/reminders.ts queued; `today` is the county's
// date when it is sent: the election-day reminders of a large audience start a day or two early,
// and must not say "tomorrow" or "today" then.
import { addDays, type LocalDate } from "../domain/dates.js";
import type { ReminderPayload } from "../services/reminders.js";
import { formatDate, type Translate } from "./i18n.js";
import { publishedText } from "./render/results.js";

export function renderReminder(t: Translate, raw: unknown, today: LocalDate): string {
  const p = raw as ReminderPayload;
  const ahead = (day: LocalDate) => (today === day ? "" : "_ahead");
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
      case "CANDIDATE_MEETING": {
        const m = item.meeting!;
        const place = m.address ? t("reminders.place_with_address", { place: m.place, address: m.address }) : m.place;
        const vars = { candidate: m.candidate, date: formatDate(t, m.date), from: m.from, place };
        lines.push(t(m.soon ? "reminders.CANDIDATE_MEETING_soon" : "reminders.CANDIDATE_MEETING_details", vars));
        break;
      }
      case "PLACES_PUBLISHED":
        lines.push(t("reminders.PLACES_PUBLISHED", { constituency: item.constituency ?? "" }));
        break;
      case "ELECTION_EVE":
        lines.push(t(`reminders.ELECTION_EVE${ahead(addDays(p.electionDay, -1))}`, { election_day: formatDate(t, p.electionDay) }));
        break;
      case "ELECTION_MORNING": {
        const election_day = formatDate(t, p.electionDay);
        const place = item.pollingPlace;
        lines.push(
          place
            ? t(`reminders.ELECTION_MORNING${ahead(p.electionDay)}`, { election_day, place: place.name, address: place.address, opens: place.opensAt, closes: place.closesAt })
            : t(`reminders.ELECTION_MORNING_no_place${ahead(p.electionDay)}`, { election_day }),
        );
        break;
      }
      case "RESULTS":
        lines.push(item.result ? publishedText(t, item.result, date) : t("reminders.RESULTS", { date }));
        break;
    }
  }
  lines.push("", t("reminders.footer"));
  return lines.join("\n");
}

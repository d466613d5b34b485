// How a suggestion reads in the chat, for its author, its delegates and staff. What each of them
// may see was decided by the service (the view of an anonymous item for a delegate has no author).
import { toLocalDate } from "../../domain/dates.js";
import type { SuggestionFigures } from "../../services/suggestion-figures.js";
import type { Page, Reader, SuggestionListItem, SuggestionView } from "../../services/suggestions.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import { localName } from "../keyboards/suggestions.js";

const day = (ctx: BotContext, at: Date) => formatDate(ctx.t, toLocalDate(at, ctx.config.TIMEZONE));

export function renderSuggestion(ctx: BotContext, s: SuggestionView, reader: Reader): string {
  const t = ctx.t;
  const lines: string[] = [];
  const category = s.category ? ` · ${localName(ctx, s.category.names)}` : "";
  lines.push(`📝 ${s.trackingNo} · ${t(`sg.kinds.${s.kind}`)}${category}`);
  lines.push(t("sg.view.status", { status: t(`sg.states.${s.status}`) }) + (s.overdue ? ` ⚠️ ${t("sg.view.overdue")}` : ""));
  if (s.mergedInto) lines.push(t("sg.view.merged_into", { no: s.mergedInto.trackingNo, status: t(`sg.states.${s.mergedInto.status}`) }));
  lines.push(t("sg.view.to", { constituency: s.constituencyName, delegates: s.delegates.map((d) => d.fullName).join(t("list_separator")) }));
  if (reader !== "AUTHOR") {
    const who = s.author.kind === "NAMED" ? s.author.name : t(`sg.view.author_${s.author.kind.toLowerCase()}`);
    lines.push(t("sg.view.author", { who }) + (reader === "STAFF" && s.anonymous && s.author.kind === "NAMED" ? ` (${t("sg.view.anonymous_to_delegate")})` : ""));
  } else {
    lines.push(s.anonymous ? t("sg.view.you_anonymous") : t("sg.view.you_named"));
  }
  lines.push(t("sg.view.submitted", { date: formatDate(t, s.submittedOn) }));
  lines.push("", s.text);
  if (s.detail) lines.push("", t("sg.view.detail", { detail: s.detail }));
  const media: string[] = [];
  if (s.photos.length > 0) media.push(t("sg.view.photos", { count: s.photos.length }));
  if (s.location) media.push(t("sg.view.location"));
  if (media.length > 0) lines.push(media.join(" · "));
  if (s.mergedCount > 0) lines.push(t("sg.view.merged_count", { count: s.mergedCount }));
  if (s.department && s.deadline) {
    lines.push("", t("sg.view.assigned", { department: s.department, deadline: formatDate(t, s.deadline) }) + (s.complex ? ` (${t("sg.view.complex")})` : ""));
    if (s.key) lines.push(t("sg.view.key", { lead: s.leadOfficial ?? "—" }));
  }
  if (s.answer && s.answeredOn) lines.push("", t("sg.view.answer", { date: formatDate(t, s.answeredOn), answer: s.answer }));
  if (s.rating) lines.push(t("sg.view.rating", { rating: t(`sg.ratings.${s.rating}`) }) + (s.ratingComment ? ` — ${s.ratingComment}` : ""));
  lines.push("", t("sg.view.timeline"));
  for (const e of s.timeline) {
    const who = e.actorRole === "DELEGATE" && e.actorName ? e.actorName : t(`sg.actors.${e.actorRole}`);
    const note = e.note ? `: ${e.note}` : "";
    lines.push(`· ${day(ctx, e.at)} ${who} — ${t(`sg.actions.${e.action}`)}${note}`);
  }
  return lines.join("\n");
}

export function renderList(ctx: BotContext, title: string, page: Page<SuggestionListItem>, withAuthor: boolean): string {
  const t = ctx.t;
  const lines = [title, ""];
  if (page.total === 0) return `${title}\n\n${t("sg.list_empty")}`;
  for (const s of page.items) {
    const latest = s.lastAction && s.lastAt ? t("sg.list_latest", { action: t(`sg.actions.${s.lastAction}`), date: day(ctx, s.lastAt) }) : "";
    const author = withAuthor ? ` · ${s.authorName ?? t("sg.view.author_anonymous")}` : "";
    lines.push(`${s.trackingNo} · ${t(`sg.states.${s.status}`)}${s.overdue ? " ⚠️" : ""}${author}`);
    lines.push(`  ${s.excerpt}`);
    lines.push(`  ${t("sg.list_submitted", { date: formatDate(t, s.submittedOn) })}${latest ? ` · ${latest}` : ""}`);
    if (s.mergedIntoTrackingNo) lines.push(`  ${t("sg.list_merged", { no: s.mergedIntoTrackingNo })}`);
  }
  lines.push("", t("sg.list_count", { count: page.total }));
  return lines.join("\n");
}

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);
const num = (v: number | null) => (v === null ? "—" : String(v));

export function renderFigures(ctx: BotContext, name: string, f: SuggestionFigures): string {
  return ctx.t("sg.figures.row", {
    name,
    received: f.received,
    answered: f.answered,
    inTime: f.answeredInTime,
    assigned: f.assigned,
    inTimePercent: pct(f.inTimePercent),
    overdue: f.overdue,
    days: num(f.averageDaysToAnswer),
    satisfaction: pct(f.satisfactionPercent),
    rated: f.rated,
    reopened: pct(f.reopenedPercent),
  });
}

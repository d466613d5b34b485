// The weekly bulletin (换届选举简报) in the staff member's language: the week, what is overdue and
// the headline figures; a figure nobody has entered yet says so instead of showing 0 %.
import { formatCount, formatPercent, type ReportLocale } from "../reports/render/summary.js";
import type { BulletinPayload } from "../services/bulletin.js";
import { formatDate, type Translate } from "./i18n.js";

export function renderBulletin(t: Translate, locale: ReportLocale, raw: unknown): string {
  const p = raw as BulletinPayload;
  const h = p.headline;
  const notYet = t("reports.bulletin.not_yet");
  const pct = (v: number | null) => (v === null ? notYet : formatPercent(v, locale));
  const count = (v: number | null) => (v === null ? notYet : formatCount(v, locale));
  const lines = [
    t("reports.bulletin.title", { area: p.areaName, from: formatDate(t, p.from), to: formatDate(t, p.to) }),
    "",
    t("reports.bulletin.week", p.week),
    p.overdue.suggestions + p.overdue.requests > 0 ? t("reports.bulletin.overdue", p.overdue) : t("reports.bulletin.overdue_none"),
    "",
    t("reports.bulletin.headline"),
    t("reports.bulletin.registered", { registered: count(h.registered), added: count(h.added), removed: count(h.removed) }),
    t("reports.bulletin.turnout", { value: pct(h.turnout) }),
    t("reports.bulletin.first_round", { value: pct(h.firstRoundSuccess) }),
    t("reports.bulletin.met_voters", { value: pct(h.candidatesMetVoters) }),
    h.women === null
      ? t("reports.bulletin.elected_not_yet", { value: notYet })
      : t("reports.bulletin.elected", { women: pct(h.women), minorities: pct(h.minorities), reElected: pct(h.reElected) }),
    t("reports.bulletin.suggestions", { inTime: pct(h.suggestionsInTime), satisfaction: pct(h.satisfaction) }),
    "",
    t("reports.bulletin.more"),
  ];
  return lines.join("\n");
}

// /import (staff, private chat): pick the kind with a button — and, for a kind that belongs to an
// election while there is more than one, the election (never guessed) — then send the file as a
// document; the bot downloads it (Telegram lets bots download up to 20 MB: bigger files are
// refused before), checks every row (a dry run: nothing written), shows what would change and,
// when there are problems, sends the error report as a CSV. "✅ Import N rows" then writes it, once.
// Township staff are offered, and may import, only the kinds ImportService.kindsFor gives them,
// into an election of their own area; every step checks again (a forged button, a changed scope).
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { errorReportCsv, errorSummary } from "../../imports/report.js";
import type { ImportKind } from "../../imports/kinds.js";
import { isImportKind, MAX_IMPORT_BYTES, PER_ELECTION_KINDS, type ImportOutcome } from "../../services/imports.js";
import { formatDate } from "../i18n.js";
import { cancelOnly, staffButtons } from "../keyboards/staff-ops.js";
import { hasRole, requireRole } from "../middleware/roles.js";
import { refuseOutsideScope, staffScope } from "../staff-scope.js";
import { clearStep, currentStep, expired, newToken, setStep } from "./staff-steps.js";
import { FeatureComposer } from "../feature-composer.js";

export const importFeature = new FeatureComposer<BotContext>();

const startImport = async (ctx: BotContext) => {
  await setStep(ctx, { step: "import-kind" });
  const kb = new InlineKeyboard();
  ctx.services.imports.kindsFor(await staffScope(ctx)).forEach((k, i) => {
    kb.text(ctx.t(`import.kinds.${k}`), staffButtons.importKind.pack({ kind: k }));
    if (i % 2 === 1) kb.row();
  });
  await ctx.reply(ctx.t("import.choose_kind"), { reply_markup: kb });
};
importFeature.command("import", requireRole("STAFF"), startImport);
onButton(importFeature, staffButtons.menuImport, requireRole("STAFF"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await startImport(ctx);
});

onButton(importFeature, staffButtons.importKind, requireRole("STAFF"), async (ctx, { kind }) => {
  if (!isImportKind(kind)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const scope = await staffScope(ctx);
  if (!ctx.services.imports.kindsFor(scope).includes(kind)) return refuseOutsideScope(ctx);
  await ctx.answerCallbackQuery();
  const elections = PER_ELECTION_KINDS.has(kind) ? await ctx.services.electionAdmin.list(scope) : [];
  // Township staff import into an election of their area, never into the county's default one.
  if (elections.length === 0 && !scope.all) {
    await clearStep(ctx);
    return ctx.editMessageText(ctx.t("import.no_election_here"));
  }
  if (elections.length > 1) {
    await setStep(ctx, { step: "import-election", importKind: kind });
    const kb = new InlineKeyboard();
    for (const e of elections) {
      kb.text(`🗳 ${e.name} · ${formatDate(ctx.t, e.electionDay)}`, staffButtons.importElection.pack({ id: e.id })).row();
    }
    kb.text(ctx.t("staffops.cancel"), staffButtons.importCancel.pack({}));
    return ctx.editMessageText(ctx.t("import.choose_election", { kind: ctx.t(`import.kinds.${kind}`) }), { reply_markup: kb });
  }
  await askForFile(ctx, kind, elections[0]?.id);
});

onButton(importFeature, staffButtons.importElection, requireRole("STAFF"), async (ctx, { id }) => {
  const step = await currentStep(ctx, "import-election");
  if (!step) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  if (expired(ctx, step)) {
    await clearStep(ctx);
    await ctx.answerCallbackQuery();
    return ctx.reply(ctx.t("staffops.expired", { command: "/import" }));
  }
  const election = await ctx.services.electionAdmin.get(id, await staffScope(ctx));
  if (!election.ok) return ctx.answerCallbackQuery({ text: ctx.t(election.problem === "GONE" ? "election.gone" : "errors.outside_scope"), show_alert: true });
  await ctx.answerCallbackQuery();
  await askForFile(ctx, step.importKind as ImportKind, id, election.result.election.name);
});

/** The kind (and election) are known: wait for the file. */
async function askForFile(ctx: BotContext, kind: ImportKind, electionId: number | undefined, electionName?: string) {
  await setStep(ctx, { step: "import-file", importKind: kind, ...(electionId === undefined ? {} : { electionId }) });
  const lines = [ctx.t("import.send_file", { kind: ctx.t(`import.kinds.${kind}`), mb: MAX_IMPORT_BYTES / 1048576 })];
  if (electionName) lines.push(ctx.t("import.for_election", { election: electionName }));
  await ctx.editMessageText(lines.join("\n"), { reply_markup: cancelOnly(ctx, "import") });
}

onButton(importFeature, staffButtons.importCancel, async (ctx) => {
  await clearStep(ctx);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("staffops.cancelled"));
});

importFeature.command("cancel", async (ctx, next) => {
  if (!(await ctx.session).staff) return next();
  await clearStep(ctx);
  await ctx.reply(ctx.t("staffops.cancelled"));
});

// A file while the import waits for one.
importFeature.on("message:document").filter(
  async (ctx) => hasRole(ctx, "STAFF") && (await currentStep(ctx, "import-file", "import-confirm")) !== undefined,
  async (ctx) => {
    const step = (await currentStep(ctx, "import-file", "import-confirm"))!;
    if (expired(ctx, step)) {
      await clearStep(ctx);
      return ctx.reply(ctx.t("staffops.expired", { command: "/import" }));
    }
    const doc = ctx.msg.document;
    const name = doc.file_name ?? "file";
    if ((doc.file_size ?? 0) > MAX_IMPORT_BYTES) {
      return ctx.reply(ctx.t("import.too_big", { mb: ((doc.file_size ?? 0) / 1048576).toFixed(1), max: MAX_IMPORT_BYTES / 1048576 }));
    }
    const kind = step.importKind as ImportKind;
    const electionId = step.electionId;
    if (!(await mayImport(ctx, kind, electionId))) return;
    await ctx.replyWithChatAction("typing").catch(() => {});
    const bytes = await fetchFile(ctx, doc.file_id);
    if (!bytes) return ctx.reply(ctx.t("import.download_failed"));
    const outcome = await ctx.services.imports.run(kind, { bytes, fileName: name }, {
      ...(electionId === undefined ? {} : { electionId }),
      dryRun: true,
      validOnly: true,
      actorId: ctx.user?.id ?? null,
    });
    await report(ctx, outcome, name);
    if (outcome.status === "dry-run" && outcome.rows > 0) {
      const token = newToken();
      await setStep(ctx, { step: "import-confirm", importKind: kind, ...(electionId === undefined ? {} : { electionId }), fileId: doc.file_id, fileName: name, token, validOnly: outcome.errors.length > 0 });
      const label = outcome.errors.length > 0 ? "import.confirm_valid_only" : "import.confirm";
      await ctx.reply(ctx.t("import.confirm_question"), {
        reply_markup: new InlineKeyboard()
          .text(ctx.t(label, { count: outcome.rows }), staffButtons.importConfirm.pack({ token }))
          .row()
          .text(ctx.t("staffops.cancel"), staffButtons.importCancel.pack({})),
      });
    } else {
      await setStep(ctx, { step: "import-file", importKind: kind, ...(electionId === undefined ? {} : { electionId }) });
    }
  },
);

onButton(importFeature, staffButtons.importConfirm, requireRole("STAFF"), async (ctx, { token }) => {
  const step = await currentStep(ctx, "import-confirm");
  // A second press (double tap) or an old button: the step is gone or has another token.
  if (!step || step.token !== token) return ctx.answerCallbackQuery({ text: ctx.t("import.already_done"), show_alert: true });
  await clearStep(ctx);
  if (expired(ctx, step)) {
    await ctx.answerCallbackQuery();
    return ctx.reply(ctx.t("staffops.expired", { command: "/import" }));
  }
  if (!(await mayImport(ctx, step.importKind as ImportKind, step.electionId))) return;
  await ctx.answerCallbackQuery({ text: ctx.t("import.working") });
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  const bytes = await fetchFile(ctx, step.fileId!);
  if (!bytes) return ctx.reply(ctx.t("import.download_failed"));
  const outcome = await ctx.services.imports.run(step.importKind as ImportKind, { bytes, fileName: step.fileName! }, {
    ...(step.electionId === undefined ? {} : { electionId: step.electionId }),
    validOnly: step.validOnly ?? false,
    actorId: ctx.user?.id ?? null,
  });
  await report(ctx, outcome, step.fileName!);
});

/** Just before a file is read or written: the scope read now still allows it; else refused, the step ended. */
async function mayImport(ctx: BotContext, kind: ImportKind, electionId: number | undefined): Promise<boolean> {
  if (await ctx.services.imports.allowed(kind, electionId, await staffScope(ctx))) return true;
  await clearStep(ctx);
  await refuseOutsideScope(ctx);
  return false;
}

async function fetchFile(ctx: BotContext, fileId: string): Promise<Buffer | null> {
  try {
    const file = await ctx.api.getFile(fileId);
    if (!file.file_path) return null;
    return await ctx.downloadFile(file.file_path);
  } catch (e) {
    ctx.log.warn({ err: e }, "import: file download failed");
    return null;
  }
}

async function report(ctx: BotContext, o: ImportOutcome, fileName: string): Promise<void> {
  const kind = ctx.t(`import.kinds.${o.kind}`);
  const c = o.counts;
  const lines: string[] = [];
  switch (o.status) {
    case "no-election":
      lines.push(ctx.t("import.no_election"));
      break;
    case "refused":
      if (o.stats?.format == null) {
        lines.push(ctx.t("import.unreadable", { file: fileName }));
        break;
      }
      lines.push(ctx.t("import.refused", { file: fileName, kind, rows: o.stats?.dataRows ?? 0, bad: o.skipped }));
      break;
    case "dry-run":
      lines.push(ctx.t("import.checked", { file: fileName, kind, rows: o.stats?.dataRows ?? 0, valid: o.rows }));
      lines.push(ctx.t("import.would", { created: c.created, updated: c.updated, unchanged: c.unchanged }));
      if (o.skipped > 0) lines.push(ctx.t("import.with_problems", { bad: o.skipped }));
      break;
    case "written":
      lines.push(ctx.t("import.done", { kind, created: c.created, updated: c.updated, unchanged: c.unchanged }));
      if (o.kind === "results") lines.push(ctx.t("results.imported_hint"));
      if (o.skipped > 0) lines.push(ctx.t("import.skipped", { bad: o.skipped }));
      break;
  }
  if (o.errors.length > 0) lines.push("", errorSummary(o.errors, ctx.locale, 10));
  await ctx.reply(lines.join("\n"));
  if (o.errors.length > 0) {
    await ctx.replyWithDocument(new InputFile(errorReportCsv(o.errors, ctx.locale), `errors-${o.kind}.csv`), {
      caption: ctx.t("import.report_caption"),
    });
  }
}

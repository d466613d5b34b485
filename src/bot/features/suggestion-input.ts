// What people type (or send) in the middle of a suggestion, inbox, activity or report-back step:
// the draft's text, photos and location, a pending reason/answer/detail, the activity and report
// steps; /cancel ends whichever is in progress. Registered before the input guard (which refuses
// photos) and the FAQ (which would take free text): it only acts when a step is waiting, and
// passes everything else on.
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import type { SuggestSession } from "../flows/suggestion-session.js";
import { hasRole } from "../middleware/roles.js";
import { delegateInput } from "./delegate-inbox.js";
import { departmentAnswer } from "./department-suggestions.js";
import { activityText, reportComment, reportText } from "./delegate-work.js";
import { staffInput } from "./staff-suggestions.js";
import { authorInput, draftLocation, draftPhoto, draftText } from "./suggest.js";
import { FeatureComposer } from "../feature-composer.js";

export const suggestionInputFeature = new FeatureComposer<BotContext>();

function active(sg: SuggestSession | undefined): boolean {
  return !!sg && !!(sg.draft || sg.input || sg.activity || sg.report || sg.reportComment);
}

suggestionInputFeature.command("cancel", async (ctx, next) => {
  const s = await ctx.session;
  if (!active(s.sg)) return next();
  delete s.sg;
  return ctx.reply(ctx.t("sg.cancelled"));
});

suggestionInputFeature.on("message:photo", async (ctx, next) => {
  const d = (await ctx.session).sg?.draft;
  if (d?.step !== "photos") {
    if (d?.step === "text") return ctx.reply(ctx.t("sg.text_first"));
    return next();
  }
  return draftPhoto(ctx, d, ctx.msg.photo);
});

suggestionInputFeature.on("message:location", async (ctx, next) => {
  const d = (await ctx.session).sg?.draft;
  if (d?.step !== "location") return next();
  return draftLocation(ctx, d, { latitude: ctx.msg.location.latitude, longitude: ctx.msg.location.longitude });
});

suggestionInputFeature.on("message:text", async (ctx, next) => {
  const text = ctx.msg.text;
  if (text.startsWith("/")) return next();
  const sg = (await ctx.session).sg;
  if (!sg || !active(sg) || !ctx.user) return next();
  if (sg.input) {
    const input = sg.input;
    delete sg.input;
    switch (input.kind) {
      case "detail":
      case "reopen":
      case "rate_comment":
        return authorInput(ctx, ctx.services.suggestions, input.kind, input.id, input.v, text);
      case "reply":
      case "ask":
      case "reject":
      case "close":
        if (input.by === "STAFF" && hasRole(ctx, "STAFF") && (input.kind === "reject" || input.kind === "close")) return staffInput(ctx, input.kind, input.id, input.v, text);
        if (input.by !== "STAFF" && hasRole(ctx, "DELEGATE")) return delegateInput(ctx, input.kind, input.id, input.v, text);
        return next();
      case "answer":
        if (input.by === "DEPARTMENT") return hasRole(ctx, "DEPARTMENT") ? departmentAnswer(ctx, input.id, input.v, text) : next();
        if (!hasRole(ctx, "STAFF")) return next();
        return staffInput(ctx, input.kind, input.id, input.v, text, input.assign);
      case "return":
      case "lead":
      case "merge":
        if (!hasRole(ctx, "STAFF")) return next();
        return staffInput(ctx, input.kind, input.id, input.v, text, input.assign);
      default:
        return next();
    }
  }
  if (sg.draft?.step === "text") return draftText(ctx, sg.draft, text);
  if (sg.activity && hasRole(ctx, "DELEGATE")) return activityText(ctx, sg.activity, text);
  if (sg.report && hasRole(ctx, "DELEGATE")) return reportText(ctx, sg.report, text);
  if (sg.reportComment) {
    const id = sg.reportComment;
    delete sg.reportComment;
    return reportComment(ctx, id, text);
  }
  return next();
});

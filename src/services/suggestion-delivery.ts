// Sends claimed suggestion notices with a sender the caller provides (the bot's Bot API client),
// marks each sent or failed, and carries out scheduled closings. Used by the bot right after an
// act and by the follow-up job; safe on several instances (rows are claimed, see claimNotices).
import type { NoticeView, SuggestionService } from "./suggestions.js";

export interface DeliveryStats {
  sent: number;
  failed: number;
  closed: number;
}

export async function deliverNotices(
  suggestions: SuggestionService,
  send: (n: NoticeView) => Promise<void>,
  isPermanent: (e: unknown) => boolean,
  ids: string[] | undefined,
  onError: (e: unknown) => void,
): Promise<DeliveryStats> {
  const claimed = await suggestions.claimNotices(ids ? { ids } : {});
  const stats: DeliveryStats = { sent: 0, failed: 0, closed: 0 };
  for (const n of claimed.send) {
    try {
      await send(n);
      await suggestions.markNoticeSent(n.id);
      stats.sent++;
    } catch (e) {
      stats.failed++;
      onError(e);
      await suggestions.markNoticeFailed(n.id, e instanceof Error ? e.message : String(e), isPermanent(e));
    }
  }
  for (const c of claimed.autoClose) {
    const notices = await suggestions.autoClose(c.params, c.suggestionId);
    await suggestions.markNoticeSent(c.id);
    stats.closed++;
    // The closing's own notices (to the author and the delegates) go out in the same run.
    if (notices.length > 0) {
      const more = await deliverNotices(suggestions, send, isPermanent, notices, onError);
      stats.sent += more.sent;
      stats.failed += more.failed;
    }
  }
  return stats;
}

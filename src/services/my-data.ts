// "My data" (/mydata): what is stored about one person, as a summary and as a JSON export, and
// deleting it. Deleted: the account row, reminder choices, failed look-ups, questions, the chat
// session and every conversation-log row. Kept but anonymised: suggestions to delegates (issue 8), objections, proxy and mobile-box
// requests — the election committee must keep its record of them (选举法 29, 38, 42) — with the
// name, contact, phone and address replaced and the link to the account removed. What was asked
// and decided stays, and so do the links to roll entries: the roll is the committee's own record,
// and a proxy holder's count (at most 3) must not drop because a voter deleted their account.
import type { PrismaClient } from "@prisma/client";
import type { ConversationLog } from "./conversation-log.js";
import type { Clock } from "./clock.js";
import type { ReminderChoices, ReminderPreferenceService } from "./reminder-preferences.js";
import type { RegistrationView, RollService } from "./roll.js";
import type { SessionService } from "./sessions.js";
import type { SuggestionService } from "./suggestions.js";
import type { RequestView, VoterRequestService } from "./voter-requests.js";

export const ANONYMISED = "[deleted]";

export interface MyDataSummary {
  account: { telegramId: number; firstName: string | null; username: string | null; role: string; locale: string | null; telegramLocale: string | null; createdAt: Date; lastSeenAt: Date };
  registration: RegistrationView | null;
  requests: RequestView[];
  reminders: ReminderChoices;
  messages: number;
}

export interface EraseResult {
  requestsAnonymised: number;
  questionsDeleted: number;
  /** Suggestions to delegates kept without their author. */
  suggestionsAnonymised: number;
  logRowsDeleted: number;
}

export class MyDataService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly roll: RollService,
    private readonly requests: VoterRequestService,
    private readonly reminders: ReminderPreferenceService,
    private readonly log: ConversationLog,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    private readonly suggestions: Pick<SuggestionService, "anonymiseAuthor">,
  ) {}

  async summary(userId: number): Promise<MyDataSummary | null> {
    const user = await this.prisma.user.findUnique({ where: { id: userId } });
    if (!user) return null;
    // Rows still queued for writing count too: the person sees what will be stored.
    await this.log.flush();
    const [registration, requests, reminders, messages] = await Promise.all([
      this.roll.registration(userId),
      this.requests.mine(userId),
      this.reminders.get(userId),
      this.prisma.conversationLog.count({ where: { OR: [{ telegramId: user.telegramId }, { chatId: user.telegramId }] } }),
    ]);
    return {
      account: {
        telegramId: Number(user.telegramId),
        firstName: user.firstName,
        username: user.username,
        role: user.role,
        locale: user.locale,
        telegramLocale: user.telegramLocale,
        createdAt: user.createdAt,
        lastSeenAt: user.lastSeenAt,
      },
      registration,
      requests,
      reminders,
      messages,
    };
  }

  /** Everything in `summary`, plus the messages themselves, as one JSON document. */
  async export(userId: number): Promise<{ fileName: string; json: string } | null> {
    const summary = await this.summary(userId);
    if (!summary) return null;
    const id = BigInt(summary.account.telegramId);
    const messages = await this.prisma.conversationLog.findMany({
      where: { OR: [{ telegramId: id }, { chatId: id }] },
      orderBy: { id: "asc" },
      select: { at: true, direction: true, kind: true, text: true, callbackData: true },
    });
    const doc = { exportedAt: this.clock.now().toISOString(), ...summary, messages };
    const json = JSON.stringify(doc, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
    return { fileName: `voterlink-mydata-${this.clock.now().toISOString().slice(0, 10)}.json`, json };
  }

  /** Deletes the person's data (see the top of this file). */
  async erase(userId: number): Promise<EraseResult | null> {
    const now = this.clock.now();
    const user = await this.prisma.user.findUnique({ where: { id: userId }, select: { telegramId: true } });
    if (!user) return null;
    const telegramId = Number(user.telegramId);
    // Suggestions stay with their delegates and departments, without their author (issue 8).
    const suggestionsAnonymised = await this.suggestions.anonymiseAuthor(userId);
    const { anonymised, questions } = await this.prisma.$transaction(async (tx) => {
      const kept = await tx.voterRequest.findMany({ where: { userId, kind: { not: "QUESTION" } }, select: { id: true } });
      const anonymised = await tx.voterRequest.updateMany({
        where: { userId, kind: { not: "QUESTION" } },
        data: {
          userId: null,
          subjectName: ANONYMISED,
          contactName: null,
          phone: null,
          address: null,
          idempotencyKey: null,
          anonymisedAt: now,
        },
      });
      if (kept.length > 0)
        await tx.voterRequestEvent.createMany({ data: kept.map((r) => ({ requestId: r.id, at: now, action: "anonymised" })) });
      const questions = await tx.voterRequest.deleteMany({ where: { userId, kind: "QUESTION" } });
      // Cascades: reminder choices, failed look-ups. Audit rows keep the action, lose the actor.
      await tx.user.delete({ where: { id: userId } });
      return { anonymised: anonymised.count, questions: questions.count };
    });
    await this.sessions.deleteChat(telegramId);
    const logRowsDeleted = await this.log.deletePerson(telegramId);
    return { requestsAnonymised: anonymised, questionsDeleted: questions, suggestionsAnonymised, logRowsDeleted };
  }
}

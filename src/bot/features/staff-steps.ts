// The step a staff flow is waiting for, kept in the session: started by a command, advanced by the
// next message or button, cleared when done or with /cancel, refused when too old.
import { withSession, type BotContext, type SessionData, type StaffStep } from "../context.js";

/** A step older than this is refused ("start again"): the data it showed may have changed. */
export const STEP_TTL_MS = 30 * 60_000;

export async function currentStep(ctx: BotContext, ...steps: StaffStep["step"][]): Promise<StaffStep | undefined> {
  return stepIn(await ctx.session, steps);
}

/** For filters that every message passes: synchronous once the session is loaded. */
export function inStep(ctx: BotContext, ...steps: StaffStep["step"][]): boolean | Promise<boolean> {
  return withSession(ctx, (session) => stepIn(session, steps) !== undefined);
}

function stepIn(session: SessionData, steps: StaffStep["step"][]): StaffStep | undefined {
  const s = session.staff;
  return s && steps.includes(s.step) ? s : undefined;
}

export function expired(ctx: BotContext, step: StaffStep): boolean {
  return ctx.services.clock.now().getTime() - step.at > STEP_TTL_MS;
}

export async function setStep(ctx: BotContext, step: Omit<StaffStep, "at">): Promise<void> {
  const session = await ctx.session;
  session.staff = { ...step, at: ctx.services.clock.now().getTime() };
}

export async function clearStep(ctx: BotContext): Promise<void> {
  const session = await ctx.session;
  delete session.staff;
}

export function newToken(): string {
  return Math.random().toString(36).slice(2, 10);
}

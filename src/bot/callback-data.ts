// Every kind of button the bot shows is defined here, once: a prefix and typed fields. Features
// build a button's data with `pack` and take presses with `onButton`, which parses the data back
// into typed values. Data that does not parse — an old menu after an update, a forged or foreign
// payload — is answered as a stale button, never thrown.
import type { CallbackQueryContext, Composer, Middleware } from "grammy";
import type { BotContext } from "./context.js";

type FieldType = "int" | "str";
type Fields = Record<string, FieldType>;
export type ButtonValues<F extends Fields> = { [K in keyof F]: F[K] extends "int" ? number : string };

// Telegram's limit on callback_data.
const MAX_BYTES = 64;

export class ButtonKind<F extends Fields = Record<never, never>> {
  private readonly names: (keyof F & string)[];
  readonly filter: RegExp;

  constructor(
    readonly prefix: string,
    private readonly fields: F = {} as F,
  ) {
    this.names = Object.keys(fields) as (keyof F & string)[];
    // A string field may hold ":" only when it is the last one.
    this.filter = new RegExp(`^${prefix}(?::|$)`);
  }

  /** The callback data for a button of this kind; throws if it would exceed Telegram's 64 bytes. */
  pack(values: ButtonValues<F>): string {
    const parts = this.names.map((name, i) => {
      const v = values[name];
      if (this.fields[name] === "int" && !Number.isSafeInteger(v)) throw new RangeError(`${this.prefix}.${name}: not an integer: ${String(v)}`);
      const s = String(v);
      if (this.fields[name] === "str" && s.includes(":") && i < this.names.length - 1) throw new RangeError(`${this.prefix}.${name}: ":" only allowed in the last field`);
      return s;
    });
    const data = [this.prefix, ...parts].join(":");
    if (Buffer.byteLength(data) > MAX_BYTES) throw new RangeError(`callback data over ${MAX_BYTES} bytes: ${data}`);
    return data;
  }

  /** Whether `values` fit in a button (e.g. a staff-written topic name may be too long). */
  fits(values: ButtonValues<F>): boolean {
    try {
      this.pack(values);
      return true;
    } catch {
      return false;
    }
  }

  /** The values in `data`, or null when it is not a well-formed button of this kind. */
  unpack(data: string | undefined): ButtonValues<F> | null {
    if (data === undefined || !this.filter.test(data)) return null;
    const rest = data.slice(this.prefix.length + 1);
    if (this.names.length === 0) return data === this.prefix ? ({} as ButtonValues<F>) : null;
    const raw = rest.split(":");
    if (raw.length < this.names.length) return null;
    // The last field takes the rest (it may contain ":").
    const parts = [...raw.slice(0, this.names.length - 1), raw.slice(this.names.length - 1).join(":")];
    const out: Record<string, string | number> = {};
    for (const [i, name] of this.names.entries()) {
      const s = parts[i]!;
      if (this.fields[name] === "int") {
        if (!/^-?\d{1,15}$/.test(s)) return null;
        out[name] = Number(s);
      } else {
        if (s.length === 0) return null;
        out[name] = s;
      }
    }
    return out as ButtonValues<F>;
  }
}

const prefixes = new Set<string>();

/**
 * Declares a button kind. Features with many buttons declare theirs beside their keyboards
 * (bot/keyboards/<feature>.ts) with this; a prefix used twice is refused at start-up, so two
 * features can never answer each other's buttons. Keep prefixes short: data is ≤ 64 bytes.
 */
export function defineButton<F extends Fields = Record<never, never>>(prefix: string, fields?: F): ButtonKind<F> {
  if (!/^[a-z][a-z0-9-]*$/.test(prefix)) throw new Error(`button prefix "${prefix}": lower-case letters, digits and -`);
  if (prefixes.has(prefix)) throw new Error(`button prefix "${prefix}" is defined twice`);
  prefixes.add(prefix);
  return new ButtonKind(prefix, fields);
}

const kind = defineButton;

/** The platform's button kinds (menu, finder, FAQ, language, profile, figures). */
export const buttons = {
  menu: kind("menu"),
  menuMore: kind("menu-more"),
  areaHome: kind("area-home"),
  area: kind("area", { id: "int" }),
  faqTopics: kind("faq-topics"),
  faqTopic: kind("faq-t", { topic: "str" }),
  faqEntry: kind("faq-q", { id: "int" }),
  languageMenu: kind("lang-menu"),
  language: kind("lang", { locale: "str" }),
  delegateProfile: kind("delegate-me"),
  staffRegistration: kind("staff-registration"),
  // Accounts (admins): the list, one account, a role change to confirm / confirmed (the role the
  // account had when the button was made travels along: a stale confirm changes nothing).
  accounts: kind("acc-list", { page: "int" }),
  account: kind("acc", { id: "int" }),
  accountRole: kind("acc-role", { id: "int", from: "str", to: "str" }),
  accountRoleConfirm: kind("acc-role-ok", { id: "int", from: "str", to: "str" }),
  invites: kind("inv-list", { page: "int" }),
  inviteRevoke: kind("inv-rv", { id: "int" }),
  inviteRevokeConfirm: kind("inv-rv-ok", { id: "int" }),
};

/** Answers a press whose data is not (or no longer) understood: a toast, never an exception. */
export function answerStale(ctx: BotContext): Promise<unknown> {
  return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
}

type ButtonHandler<F extends Fields> = (ctx: CallbackQueryContext<BotContext>, values: ButtonValues<F>) => unknown;

/**
 * Registers a handler for presses of one button kind on `composer`, behind optional middleware
 * (e.g. requireRole). Malformed data of this kind gets the stale-button answer.
 */
export function onButton<F extends Fields>(
  composer: Composer<BotContext>,
  kind: ButtonKind<F>,
  ...handlers: [...Middleware<CallbackQueryContext<BotContext>>[], ButtonHandler<F>]
): void {
  const handler = handlers.pop() as ButtonHandler<F>;
  const guards = handlers as Middleware<CallbackQueryContext<BotContext>>[];
  composer.callbackQuery(kind.filter, ...guards, async (ctx) => {
    const values = kind.unpack(ctx.callbackQuery.data);
    if (!values) return answerStale(ctx);
    return handler(ctx, values);
  });
}

// ctx.session for the update's chat, as grammY's lazySession has it (`await ctx.session` works,
// assigning replaces it, null/undefined removes it), built for what every update does with it:
// - in a private chat the user look-up has read it already (ctx.storedSession, one statement for
//   both), so the first look costs no promise; elsewhere it is read on first use;
// - most updates only look (is a step waiting?): it is written back only when its JSON changed,
//   and an empty session that was never stored is not stored.
// Not written back when a handler throws, as with grammY. grammY's lazySession cost several
// promises per update and a write check per update on top of the read (bench/README.md).
import type { MiddlewareFn } from "grammy";
import type { BotContext, SessionData } from "../context.js";

/** Sessions by key as JSON (db/database.ts: the Session table). */
export interface SessionStore {
  /** The stored JSON, null when there is none. */
  read(key: string): Promise<string | null>;
  write(key: string, json: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export function chatSession(store: SessionStore): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    // grammY's default session key: the chat.
    const key = ctx.chatId?.toString();
    const preread = ctx.storedSession;
    const session = new ChatSession(store, key, preread && preread.key === key ? preread.json : undefined);
    // Methods, not arrows: tsx names every arrow it sees assigned, a call per update.
    Object.defineProperty(ctx, "session", {
      enumerable: true,
      configurable: true,
      get() {
        return session.get();
      },
      set(value: SessionData | null | undefined) {
        session.set(value);
      },
    });
    await next();
    await session.save();
  };
}

class ChatSession {
  /** The session as the handlers see it, once read or assigned (`has`). */
  private value: SessionData | null | undefined;
  private has = false;
  /** Its JSON in the database (null: none), once known; the write-back compares with it. */
  private stored: string | null | undefined;
  private loading: Promise<SessionData> | undefined;
  private used = false;

  constructor(
    private readonly store: SessionStore,
    private readonly key: string | undefined,
    stored: string | null | undefined,
  ) {
    this.stored = stored;
  }

  get(): SessionData | Promise<SessionData> {
    const key = this.chatKey();
    this.used = true;
    if (this.has) return this.value as SessionData;
    if (this.stored !== undefined) return this.take(this.stored);
    return (this.loading ??= this.store.read(key).then((json) => {
      this.stored = json;
      return this.has ? (this.value as SessionData) : this.take(json);
    }));
  }

  set(value: SessionData | null | undefined): void {
    this.chatKey();
    this.used = true;
    this.has = true;
    this.value = value;
  }

  async save(): Promise<void> {
    if (this.key === undefined || !this.used) return;
    if (this.loading) await this.loading;
    if (this.value == null) {
      if (this.stored !== null) await this.store.delete(this.key);
      return;
    }
    const json = JSON.stringify(this.value);
    if (this.stored !== undefined && json === (this.stored ?? "{}")) return;
    await this.store.write(this.key, json);
  }

  private take(json: string | null): SessionData {
    this.has = true;
    this.value = json === null ? {} : (JSON.parse(json) as SessionData);
    return this.value;
  }

  private chatKey(): string {
    if (this.key === undefined) throw new Error("this update has no chat, so it has no session");
    return this.key;
  }
}

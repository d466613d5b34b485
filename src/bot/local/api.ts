// An in-process Telegram Bot API: what console mode talks to, and the fake that tests and
// benchmarks pass to the real bot as `client.fetch`. It records every call and answers like
// Telegram would (messages get ids, edits change stored messages, unknown methods return true).
import type { Message, Update, UserFromGetMe } from "grammy/types";

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

export interface ApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

const LOCAL_BOT_INFO: UserFromGetMe = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "voterlink",
  username: "voterlink_demo_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

type StoredMessage = Message.TextMessage & { reply_markup?: Message["reply_markup"]; document?: { file_id: string; file_unique_id: string; file_name?: string } };

/** A file the bot sent (sendDocument/sendPhoto with an upload): its bytes, for tests to read. */
export interface SentFile {
  chatId: number;
  method: string;
  fileName: string;
  bytes: Buffer;
  caption?: string;
}

export class LocalBotApi {
  readonly calls: ApiCall[] = [];
  /** Return an error to make Telegram refuse a call (flood limits, blocked users …). */
  failWith?: (call: ApiCall) => ApiError | undefined;
  /** Called after each successful call (console mode renders messages from here). */
  onCall?: (call: ApiCall, result: unknown) => void;
  private readonly messages = new Map<string, StoredMessage>();
  private readonly lastId = new Map<number, number>();
  // getUpdates (polling mode): updates waiting to be fetched, and long polls waiting for one.
  private readonly pending: Update[] = [];
  private readonly waiting = new Set<() => void>();
  private readonly watchers = new Set<() => void>();
  // Files people sent (getFile + download), and files the bot uploaded.
  private readonly files = new Map<string, { bytes: Buffer; name: string }>();
  readonly sentFiles: SentFile[] = [];
  private fileSeq = 0;

  constructor(readonly botInfo: UserFromGetMe = LOCAL_BOT_INFO) {}

  /** A `fetch` for grammY's `client.fetch` option. */
  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    // File downloads: <root>/file/bot<token>/<file_path>, as Telegram serves them.
    const download = /\/file\/bot[^/]+\/(.+)$/.exec(url);
    if (download) {
      const file = this.files.get(decodeURIComponent(download[1]!).replace(/^documents\//, ""));
      return file ? new Response(new Uint8Array(file.bytes)) : new Response("Not Found", { status: 404 });
    }
    const method = url.slice(url.lastIndexOf("/") + 1);
    let payload: Record<string, unknown> = {};
    let uploads = new Map<string, { name: string; bytes: Buffer }>();
    if (typeof init?.body === "string" && init.body) payload = JSON.parse(init.body) as Record<string, unknown>;
    else if (init?.body) ({ fields: payload, files: uploads } = await readMultipart(init));
    const call = { method, payload };
    this.calls.push(call);
    const error = this.failWith?.(call);
    if (error) return Response.json({ ok: false, ...error });
    const result = method === "getUpdates" ? await this.getUpdates(payload, init?.signal) : this.answer(call, uploads);
    this.onCall?.(call, result);
    for (const watch of [...this.watchers]) watch();
    return Response.json({ ok: true, result });
  }) as typeof fetch;

  /** Long polls (getUpdates) waiting for an update right now. */
  get openPolls(): number {
    return this.waiting.size;
  }

  /** Resolves once `check` holds, re-checked after every call the bot makes (no polling loop). */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => {
      const watcher = () => {
        if (!check()) return;
        this.watchers.delete(watcher);
        resolve();
      };
      this.watchers.add(watcher);
    });
  }

  /** Queues an update for the next getUpdates call, as Telegram does for a polling bot. */
  enqueue(update: Update): void {
    this.pending.push(update);
    for (const wake of this.waiting) wake();
  }

  /** The next message id in a chat (updates built for the chat share the counter). */
  nextMessageId(chatId: number): number {
    const id = (this.lastId.get(chatId) ?? 0) + 1;
    this.lastId.set(chatId, id);
    return id;
  }

  message(chatId: number, messageId: number): StoredMessage | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /** Messages the bot sent to a chat, oldest first, as they are now (after edits). */
  messagesTo(chatId: number): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.chat.id === chatId && m.from?.id === this.botInfo.id);
  }

  // Long polling: answers at once when updates are waiting, otherwise when one arrives, the
  // poll times out, or the caller aborts (the runner aborts its poll when it stops).
  private async getUpdates(p: Record<string, unknown>, signal?: AbortSignal | null): Promise<Update[]> {
    const offset = Number(p.offset ?? 0);
    const limit = Number(p.limit ?? 100);
    while (this.pending[0] && this.pending[0].update_id < offset) this.pending.shift();
    if (this.pending.length === 0 && Number(p.timeout ?? 0) > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiting.delete(done);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, Number(p.timeout) * 1000);
        this.waiting.add(done);
        signal?.addEventListener("abort", done);
      });
    }
    if (signal?.aborted) throw new DOMException("The operation was aborted.", "AbortError");
    return this.pending.slice(0, limit);
  }

  /** Stores a file as if a person had sent it to the bot; returns its file_id. */
  addFile(bytes: Buffer, name: string): string {
    const id = `file-${++this.fileSeq}`;
    this.files.set(id, { bytes, name });
    return id;
  }

  private answer({ method, payload }: ApiCall, uploads = new Map<string, { name: string; bytes: Buffer }>()): unknown {
    switch (method) {
      case "getMe":
        return this.botInfo;
      case "getFile": {
        const id = String(payload.file_id ?? "");
        const file = this.files.get(id);
        // Telegram: file_path only for files a bot may download (≤ 20 MB).
        return file
          ? { file_id: id, file_unique_id: `u-${id}`, file_size: file.bytes.length, ...(file.bytes.length <= 20 * 1024 * 1024 ? { file_path: `documents/${id}` } : {}) }
          : { file_id: id, file_unique_id: `u-${id}` };
      }
      case "sendDocument":
      case "sendPhoto": {
        const field = method === "sendDocument" ? "document" : "photo";
        const ref = String(payload[field] ?? "");
        const upload = ref.startsWith("attach://") ? uploads.get(ref.slice(9)) : undefined;
        if (upload) {
          this.sentFiles.push({
            chatId: Number(payload.chat_id),
            method,
            fileName: upload.name,
            bytes: upload.bytes,
            ...(typeof payload.caption === "string" ? { caption: payload.caption } : {}),
          });
        }
        const m = this.send({ ...payload, text: payload.caption ?? "" });
        const fileId = upload ? this.addFile(upload.bytes, upload.name) : ref;
        const withFile = { ...m, document: { file_id: fileId, file_unique_id: `u-${fileId}`, ...(upload ? { file_name: upload.name } : {}) } };
        this.messages.set(`${m.chat.id}:${m.message_id}`, withFile);
        return withFile;
      }
      case "sendMessage":
        return this.send(payload);
      case "editMessageText":
      case "editMessageReplyMarkup":
        return this.edit(payload);
      default:
        return true;
    }
  }

  private send(p: Record<string, unknown>): StoredMessage {
    const chatId = Number(p.chat_id);
    const message = {
      message_id: this.nextMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "user" },
      from: { id: this.botInfo.id, is_bot: true, first_name: this.botInfo.first_name, username: this.botInfo.username },
      text: String(p.text ?? ""),
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    } as StoredMessage;
    this.messages.set(`${chatId}:${message.message_id}`, message);
    return message;
  }

  private edit(p: Record<string, unknown>): StoredMessage | true {
    const key = `${Number(p.chat_id)}:${Number(p.message_id)}`;
    const existing = this.messages.get(key);
    if (!existing) return true;
    const edited = {
      ...existing,
      edit_date: Math.floor(Date.now() / 1000),
      ...(typeof p.text === "string" ? { text: p.text } : {}),
      reply_markup: p.reply_markup as StoredMessage["reply_markup"],
    } as StoredMessage;
    this.messages.set(key, edited);
    return edited;
  }
}

/** grammY's multipart body (uploads): fields as values (JSON where it parses), files by part name. */
async function readMultipart(init: RequestInit): Promise<{ fields: Record<string, unknown>; files: Map<string, { name: string; bytes: Buffer }> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of init.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  const body = Buffer.concat(chunks);
  const headers = new Headers(init.headers);
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(headers.get("content-type") ?? "");
  const fields: Record<string, unknown> = {};
  const files = new Map<string, { name: string; bytes: Buffer }>();
  if (!boundary) return { fields, files };
  const delimiter = Buffer.from(`--${(boundary[1] ?? boundary[2])!.trim()}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1) {
      const head = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4);
      const name = /[;:\s]name=(?:"([^"]*)"|([^;\r\n]*))/i.exec(head);
      const file = /[;\s]filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(head);
      const key = (name?.[1] ?? name?.[2])?.trim();
      if (key !== undefined) {
        if (file) files.set(key, { name: (file[1] ?? file[2] ?? "").trim(), bytes: Buffer.from(content) });
        else {
          const text = content.toString("utf8");
          try {
            fields[key] = JSON.parse(text);
          } catch {
            fields[key] = text;
          }
        }
      }
    }
    pos = next;
  }
  return { fields, files };
}

/** The labels and callback data of a message's inline keyboard, row by row flattened. */
export function inlineButtons(m: { reply_markup?: Message["reply_markup"] } | undefined): { text: string; data: string }[] {
  return (m?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => ({ text: b.text, data: "callback_data" in b ? (b.callback_data ?? "") : "" }));
}

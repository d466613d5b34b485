// An in-process Telegram Bot API: what console mode talks to, and the fake that tests and
// benchmarks pass to the real bot as `client.fetch`. It records every call and answers like
// Telegram would (messages get ids, edits change stored messages, unknown methods return true).
import type { Message, Update, UserFromGetMe } from "grammy/types";

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** Files uploaded with the call (multipart), by field name: sendDocument's `document`. */
  files?: Record<string, UploadedFile>;
}

export interface UploadedFile {
  fileName: string;
  data: Buffer;
}

/** A file the bot uploaded (sendDocument / sendPhoto with an InputFile). */
export interface SentFile {
  chatId: number;
  method: string;
  fileName: string;
  bytes: Buffer;
  caption?: string;
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

type StoredMessage = Message.TextMessage & { reply_markup?: Message["reply_markup"] };

export class LocalBotApi {
  readonly calls: ApiCall[] = [];
  /** Return an error to make Telegram refuse a call (flood limits, blocked users …). */
  failWith?: (call: ApiCall) => ApiError | undefined;
  /** Called after each successful call (console mode renders messages from here). */
  onCall?: (call: ApiCall, result: unknown) => void;
  private readonly messages = new Map<string, StoredMessage>();
  private readonly venues: Message.VenueMessage[] = [];
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
    const { payload, files } = await readBody(init);
    const call: ApiCall = files ? { method, payload, files } : { method, payload };
    this.calls.push(call);
    const error = this.failWith?.(call);
    if (error) return Response.json({ ok: false, ...error });
    const result = method === "getUpdates" ? await this.getUpdates(payload, init?.signal) : this.answer(call);
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

  /** Stores a file as if a person had sent it to the bot; returns its file_id. */
  addFile(bytes: Buffer, name: string): string {
    const id = `file-${++this.fileSeq}`;
    this.files.set(id, { bytes, name });
    return id;
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

  private answer(call: ApiCall): unknown {
    const { method, payload } = call;
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
      case "sendMessage":
        return this.send(payload);
      case "sendDocument":
      case "sendPhoto":
        return this.sendFile(call);
      case "sendVenue":
        return this.sendVenue(payload);
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

  // A document (or photo) message as Telegram returns it, kept with the chat's messages (its text
  // is the caption); an uploaded file is also kept in sentFiles and stays on the call.
  private sendFile(call: ApiCall): StoredMessage {
    const { method, payload } = call;
    const field = method === "sendDocument" ? "document" : "photo";
    const upload = call.files?.[field];
    const caption = typeof payload.caption === "string" ? payload.caption : undefined;
    if (upload)
      this.sentFiles.push({ chatId: Number(payload.chat_id), method, fileName: upload.fileName, bytes: upload.data, ...(caption !== undefined ? { caption } : {}) });
    const m = this.send({ ...payload, text: caption ?? "" });
    const fileId = upload ? this.addFile(upload.data, upload.fileName) : String(payload[field] ?? "");
    const withFile = {
      ...m,
      document: { file_id: fileId, file_unique_id: `u-${fileId}`, ...(upload ? { file_name: upload.fileName, file_size: upload.data.length } : {}) },
      ...(caption !== undefined ? { caption } : {}),
    };
    this.messages.set(`${m.chat.id}:${m.message_id}`, withFile);
    return withFile;
  }

  /** A venue message as Telegram returns it (its location and venue; no text). */
  private sendVenue(p: Record<string, unknown>): Message.VenueMessage {
    const chatId = Number(p.chat_id);
    const location = { latitude: Number(p.latitude), longitude: Number(p.longitude) };
    const message = {
      ...this.fromBot(chatId),
      location,
      venue: { location, title: String(p.title ?? ""), address: String(p.address ?? "") },
    } as Message.VenueMessage;
    this.venues.push(message);
    return message;
  }

  /** The envelope of a message the bot sends to a private chat. */
  private fromBot(chatId: number) {
    return {
      message_id: this.nextMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private" as const, first_name: "user" },
      from: { id: this.botInfo.id, is_bot: true, first_name: this.botInfo.first_name, username: this.botInfo.username },
    };
  }

  /** Venue messages the bot sent to a chat, oldest first. */
  venuesTo(chatId: number): Message.VenueMessage[] {
    return this.venues.filter((m) => m.chat.id === chatId);
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

/**
 * The request body: JSON, or multipart/form-data when grammY uploads a file (an InputFile). In
 * multipart, fields are strings (objects JSON-encoded) and a field "attach://<id>" names the
 * part <id> holding the file; the call gets the file under the field's own name.
 */
async function readBody(init: RequestInit | undefined): Promise<{ payload: Record<string, unknown>; files?: Record<string, UploadedFile> }> {
  const body = init?.body;
  if (typeof body === "string") return { payload: body ? (JSON.parse(body) as Record<string, unknown>) : {} };
  if (!body) return { payload: {} };
  const type = new Headers(init?.headers).get("content-type") ?? "";
  const boundary = /boundary=([^;]+)/.exec(type)?.[1];
  const chunks: Buffer[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  const raw = Buffer.concat(chunks);
  if (!boundary) return { payload: JSON.parse(raw.toString("utf8")) as Record<string, unknown> };
  const fields: Record<string, string> = {};
  const parts: Record<string, UploadedFile> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let at = raw.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const part = raw.subarray(start + 2, next - 2); // drop the CRLF after the delimiter and before the next
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1) {
      const headers = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4);
      const name = /;name="([^"]*)"/.exec(headers)?.[1] ?? "";
      // grammY writes filename=<name> without quotes.
      const fileName = /filename="?([^"\r\n;]*)"?/.exec(headers)?.[1];
      if (fileName !== undefined) parts[name] = { fileName, data: Buffer.from(content) };
      else fields[name] = content.toString("utf8");
    }
    at = next;
  }
  const payload: Record<string, unknown> = {};
  const files: Record<string, UploadedFile> = {};
  for (const [name, value] of Object.entries(fields)) {
    const attached = /^attach:\/\/(.+)$/.exec(value)?.[1];
    if (attached && parts[attached]) {
      files[name] = parts[attached];
      payload[name] = value;
      continue;
    }
    try {
      payload[name] = /^[[{"]/.test(value) ? JSON.parse(value) : value;
    } catch {
      payload[name] = value;
    }
  }
  return { payload, files };
}

/** The labels and callback data of a message's inline keyboard, row by row flattened. */
export function inlineButtons(m: { reply_markup?: Message["reply_markup"] } | undefined): { text: string; data: string }[] {
  return (m?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => ({ text: b.text, data: "callback_data" in b ? (b.callback_data ?? "") : "" }));
}

// A fake Telegram Bot API over real HTTP, for the broadcast benchmark: unlike the in-process
// LocalBotApi (src/bot/local), it enforces Telegram's flood limits, so a sender's pacing, 429
// handling and retries can be measured end to end.
//
//   const api = await startFakeBotApi({ globalPerSecond: 30, perChatPerSecond: 1, blocked: new Set([42]) });
//   const bot = new Bot(token, { botInfo, client: { apiRoot: api.url } });   // or new Api(token, { apiRoot: api.url })
//   … send …
//   api.stats();   // delivered per chat (duplicates, losses), 429/403/400 answered, achieved rate
//   await api.close();
//
// Behaviour, like Telegram's:
// - POST (or GET) /bot<token>/<method>, bodies as JSON, form-urlencoded or multipart (what grammY
//   sends for file uploads). getMe, sendMessage, sendPhoto, sendDocument; other methods → 404.
// - For each send, in this order: missing chat_id/text → 400; `notFound` chat → 400 "Bad Request:
//   chat not found"; `blocked` chat → 403 "Forbidden: bot was blocked by the user"; more than
//   `globalPerSecond` deliveries in the last 1,000 ms (sliding window), or more than
//   `perChatPerSecond` to the chat → 429 "Too Many Requests: retry after N" with
//   parameters.retry_after = N, the whole seconds until the window frees a slot (≥ 1);
//   `failRandomly` → 500 "Internal Server Error" (seeded, reproducible). Only deliveries take a
//   slot in the windows; refused requests do not. `allow_paid_broadcast: true` raises the global
//   limit to `paidPerSecond` (1,000) for that message, as Telegram's paid broadcasts do.
// - Bounded: at most `maxConnections` sockets, `maxRequests` requests (then 503), `maxBodyBytes`
//   per body (then 413), the last `maxRecorded` messages kept for inspection, idle per-chat
//   windows swept. close() drops open keep-alive connections and resolves once the server is down.
// - `now` (ms) is injectable so tests drive the windows without waiting; listens on 127.0.0.1 only.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ChatId = number | string;
export type ChatSet = ReadonlySet<number> | ReadonlySet<ChatId> | ((chatId: ChatId) => boolean);

export interface FakeBotApiOptions {
  /** 0 (default): any free port. */
  port?: number;
  globalPerSecond?: number;
  perChatPerSecond?: number;
  /** Global limit for messages sent with allow_paid_broadcast: true (default 1,000). */
  paidPerSecond?: number;
  blocked?: ChatSet;
  notFound?: ChatSet;
  /** Answer this share (0–1) of otherwise deliverable sends with a 500, decided by a seeded PRNG. */
  failRandomly?: { rate: number; seed: number };
  /** Milliseconds clock (default Date.now). */
  now?: () => number;
  maxConnections?: number;
  maxRequests?: number;
  maxBodyBytes?: number;
  maxRecorded?: number;
}

export interface RecordedMessage {
  method: string;
  chatId: ChatId;
  messageId: number;
  at: number;
  text?: string;
  caption?: string;
  /** Uploaded file names (multipart), or the file_id/URL strings sent. */
  files?: string[];
  paid: boolean;
}

export interface FakeBotApiStats {
  requests: number;
  /** Messages delivered (answered ok) in total, with allow_paid_broadcast, and per chat. */
  delivered: number;
  paidDelivered: number;
  deliveredPerChat: Map<ChatId, number>;
  chatsReached: number;
  /** Deliveries beyond the first to a chat: Σ max(0, n − 1). */
  duplicates: number;
  answered: {
    ok: number;
    /** 429 */
    rateLimited: number;
    /** 403 */
    blocked: number;
    /** 400 "chat not found" */
    notFound: number;
    /** Other 400s (missing fields, message too long). */
    badRequest: number;
    /** 500 from failRandomly. */
    serverError: number;
    /** Everything else: 401, 404, 413, 503. */
    other: number;
  };
  /** Most deliveries counted in one sliding window: never above the global limit in force. */
  maxInWindow: number;
  firstSendAt: number | null;
  lastDeliveryAt: number | null;
  /**
   * delivered / (lastDeliveryAt − firstSendAt) in seconds; null with < 2 deliveries or no elapsed time.
   * A sender that bursts a full window each second reads above the limit on short runs (120
   * messages in ~3.3 s ≈ 36/s at 30/s); maxInWindow is the check that the limit held.
   */
  achievedPerSecond: number | null;
}

export interface FakeBotApi {
  /** The apiRoot to give grammY: `${url}/bot<token>/<method>`. */
  url: string;
  stats(): FakeBotApiStats;
  /** The last maxRecorded messages delivered, oldest first. */
  messages(): RecordedMessage[];
  close(): Promise<void>;
}

const WINDOW_MS = 1000;
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const SEND_METHODS = new Set(["sendMessage", "sendPhoto", "sendDocument"]);

interface Answer {
  status: number;
  body: unknown;
}

const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
const fail = (code: number, description: string, parameters?: Record<string, unknown>): Answer => ({
  status: code,
  body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
});

/** mulberry32: a small seeded PRNG, [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function inSet(set: ChatSet | undefined, id: ChatId): boolean {
  if (set === undefined) return false;
  if (typeof set === "function") return set(id);
  return (set as ReadonlySet<ChatId>).has(id);
}

function normaliseChatId(raw: unknown): ChatId | null {
  if (typeof raw === "number" && Number.isSafeInteger(raw)) return raw;
  if (typeof raw === "string" && raw !== "") return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  return null;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

interface Payload {
  fields: Record<string, unknown>;
  /** Multipart file parts: field name → file name. */
  files: Map<string, string>;
}

function parseMultipart(body: Buffer, boundary: string): Payload {
  const fields: Record<string, unknown> = {};
  const files = new Map<string, string>();
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break; // closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // drop the CRLF after the delimiter and before the next
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1) {
      const headers = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4);
      // grammY writes `content-disposition:form-data;name="photo";filename=a.png` (filename unquoted).
      const name = /[;:\s]name=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
      const file = /[;\s]filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
      const fieldName = name?.[1] ?? name?.[2];
      const filename = file === null ? undefined : (file[1] ?? file[2] ?? "").trim();
      if (fieldName !== undefined) {
        if (filename !== undefined) files.set(fieldName.trim(), filename);
        else fields[fieldName.trim()] = content.toString("utf8");
      }
    }
    pos = next;
  }
  return { fields, files };
}

function parsePayload(req: IncomingMessage, url: URL, body: Buffer): Payload | null {
  const fields: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (body.length === 0) return { fields, files: new Map() };
  if (type.startsWith("application/json")) {
    try {
      const parsed: unknown = JSON.parse(body.toString("utf8"));
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
      return { fields: { ...fields, ...(parsed as Record<string, unknown>) }, files: new Map() };
    } catch {
      return null;
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return { fields: { ...fields, ...Object.fromEntries(new URLSearchParams(body.toString("utf8"))) }, files: new Map() };
  }
  if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers["content-type"] ?? "");
    const b = boundary?.[1] ?? boundary?.[2];
    if (b === undefined) return null;
    const parsed = parseMultipart(body, b.trim());
    return { fields: { ...fields, ...parsed.fields }, files: parsed.files };
  }
  return null;
}

const truthy = (v: unknown): boolean => v === true || v === "true";

export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const globalPerSecond = options.globalPerSecond ?? 30;
  const perChatPerSecond = options.perChatPerSecond ?? 1;
  const paidPerSecond = options.paidPerSecond ?? 1000;
  const maxRequests = options.maxRequests ?? 2_000_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1 << 20;
  const maxRecorded = options.maxRecorded ?? 10_000;
  const now = options.now ?? Date.now;
  for (const [name, v] of Object.entries({ globalPerSecond, perChatPerSecond, paidPerSecond, maxRequests, maxBodyBytes })) {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`startFakeBotApi: ${name} must be an integer ≥ 1, got ${v}`);
  }
  if (!Number.isSafeInteger(maxRecorded) || maxRecorded < 0) throw new RangeError(`startFakeBotApi: maxRecorded must be ≥ 0`);
  const failRate = options.failRandomly?.rate ?? 0;
  if (!(failRate >= 0 && failRate <= 1)) throw new RangeError(`startFakeBotApi: failRandomly.rate must be in [0, 1]`);
  const random = prng(options.failRandomly?.seed ?? 1);

  // Sliding windows: delivery times within the last WINDOW_MS, oldest first.
  const globalWindow: number[] = [];
  const chatWindows = new Map<ChatId, number[]>();
  const deliveredPerChat = new Map<ChatId, number>();
  const lastMessageId = new Map<ChatId, number>();
  const recorded: RecordedMessage[] = [];
  const answered = { ok: 0, rateLimited: 0, blocked: 0, notFound: 0, badRequest: 0, serverError: 0, other: 0 };
  let requests = 0;
  let delivered = 0;
  let paidDelivered = 0;
  let maxInWindow = 0;
  let firstSendAt: number | null = null;
  let lastDeliveryAt: number | null = null;
  let sinceSweep = 0;

  const prune = (window: number[], t: number): void => {
    while (window.length > 0 && (window[0] as number) <= t - WINDOW_MS) window.shift();
  };
  /** Whole seconds until the oldest delivery leaves the window, at least 1. */
  const retryAfter = (window: number[], t: number): number =>
    Math.max(1, Math.ceil(((window[0] ?? t) + WINDOW_MS - t) / 1000));

  const sweepChatWindows = (t: number): void => {
    for (const [id, w] of chatWindows) {
      prune(w, t);
      if (w.length === 0) chatWindows.delete(id);
    }
  };

  const botId = (token: string): number => Number(token.slice(0, token.indexOf(":")));

  function send(method: string, payload: Payload): Answer {
    const t = now();
    firstSendAt ??= t;
    const { fields } = payload;
    const chatId = normaliseChatId(fields.chat_id);
    if (chatId === null) return fail(400, "Bad Request: chat_id is empty");
    const text = typeof fields.text === "string" ? fields.text : undefined;
    const caption = typeof fields.caption === "string" ? fields.caption : undefined;
    const fileField = method === "sendPhoto" ? "photo" : method === "sendDocument" ? "document" : null;
    const files: string[] = [];
    if (method === "sendMessage") {
      if (text === undefined || text.trim() === "") return fail(400, "Bad Request: message text is empty");
      if ([...text].length > MAX_TEXT) return fail(400, "Bad Request: message is too long");
    } else if (fileField !== null) {
      // A file part named after the field, a field "attach://<part>" (grammY), or a file_id/URL string.
      const ref = fields[fileField];
      const attached = typeof ref === "string" && ref.startsWith("attach://") ? payload.files.get(ref.slice(9)) : undefined;
      const file = payload.files.get(fileField) ?? attached ?? (typeof ref === "string" && ref !== "" ? ref : undefined);
      if (file === undefined) return fail(400, `Bad Request: there is no ${fileField} in the request`);
      files.push(file);
      if (caption !== undefined && [...caption].length > MAX_CAPTION) return fail(400, "Bad Request: message caption is too long");
    }
    if (inSet(options.notFound, chatId)) return fail(400, "Bad Request: chat not found");
    if (inSet(options.blocked, chatId)) return fail(403, "Forbidden: bot was blocked by the user");

    const paid = truthy(fields.allow_paid_broadcast);
    prune(globalWindow, t);
    if (globalWindow.length >= (paid ? paidPerSecond : globalPerSecond)) {
      const n = retryAfter(globalWindow, t);
      return fail(429, `Too Many Requests: retry after ${n}`, { retry_after: n });
    }
    let chatWindow = chatWindows.get(chatId);
    if (chatWindow !== undefined) prune(chatWindow, t);
    if (chatWindow !== undefined && chatWindow.length >= perChatPerSecond) {
      const n = retryAfter(chatWindow, t);
      return fail(429, `Too Many Requests: retry after ${n}`, { retry_after: n });
    }
    if (failRate > 0 && random() < failRate) return fail(500, "Internal Server Error");

    // Delivered.
    globalWindow.push(t);
    if (chatWindow === undefined) {
      chatWindow = [];
      chatWindows.set(chatId, chatWindow);
    }
    chatWindow.push(t);
    if (++sinceSweep >= 10_000) {
      sinceSweep = 0;
      sweepChatWindows(t);
    }
    maxInWindow = Math.max(maxInWindow, globalWindow.length);
    delivered++;
    if (paid) paidDelivered++;
    lastDeliveryAt = t;
    deliveredPerChat.set(chatId, (deliveredPerChat.get(chatId) ?? 0) + 1);
    const messageId = (lastMessageId.get(chatId) ?? 0) + 1;
    lastMessageId.set(chatId, messageId);
    if (maxRecorded > 0) {
      recorded.push({
        method, chatId, messageId, at: t, paid,
        ...(text !== undefined && method === "sendMessage" ? { text } : {}),
        ...(caption !== undefined ? { caption } : {}),
        ...(files.length > 0 ? { files } : {}),
      });
      if (recorded.length > maxRecorded) recorded.splice(0, recorded.length - maxRecorded);
    }
    const message: Record<string, unknown> = {
      message_id: messageId,
      date: Math.floor(t / 1000),
      chat: typeof chatId === "number" && chatId > 0
        ? { id: chatId, type: "private", first_name: `User ${chatId}` }
        : { id: typeof chatId === "number" ? chatId : -1_000_000_000_000, type: "channel", title: String(chatId) },
    };
    const fileId = `fake-${method}-${delivered}`;
    if (method === "sendMessage") message.text = text;
    if (method === "sendPhoto") {
      message.photo = [{ file_id: fileId, file_unique_id: `u${delivered}`, width: 90, height: 90 }];
    }
    if (method === "sendDocument") {
      message.document = { file_id: fileId, file_unique_id: `u${delivered}`, file_name: files[0] };
    }
    if (caption !== undefined && method !== "sendMessage") message.caption = caption;
    return ok(message);
  }

  async function handle(req: IncomingMessage): Promise<Answer> {
    requests++;
    if (requests > maxRequests) return fail(503, "Service Unavailable: fake Bot API request limit reached");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (route === null || (req.method !== "POST" && req.method !== "GET")) return fail(404, "Not Found");
    const token = route[1] as string;
    const method = route[2] as string;
    if (!/^\d+:[A-Za-z0-9_-]+$/.test(token)) return fail(401, "Unauthorized");
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (e) {
      if (e instanceof BodyTooLarge) return fail(413, "Request Entity Too Large");
      throw e;
    }
    const payload = parsePayload(req, url, body);
    if (payload === null) return fail(400, "Bad Request: can't parse request body");
    if (method === "getMe") {
      return ok({
        id: botId(token),
        is_bot: true,
        first_name: "Fake Bot API",
        username: "fake_bot_api_bot",
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
        can_connect_to_business: false,
        has_main_web_app: false,
      });
    }
    if (SEND_METHODS.has(method)) return send(method, payload);
    return fail(404, "Not Found");
  }

  function count(answer: Answer): void {
    const description = (answer.body as { description?: string }).description ?? "";
    switch (answer.status) {
      case 200: answered.ok++; break;
      case 429: answered.rateLimited++; break;
      case 403: answered.blocked++; break;
      case 500: answered.serverError++; break;
      case 400:
        if (description === "Bad Request: chat not found") answered.notFound++;
        else answered.badRequest++;
        break;
      default: answered.other++;
    }
  }

  function reply(res: ServerResponse, answer: Answer, closeConnection: boolean): void {
    count(answer);
    const json = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
      ...(closeConnection ? { connection: "close" } : {}),
    });
    res.end(json);
  }

  const server = createServer((req, res) => {
    handle(req).then(
      (answer) => reply(res, answer, answer.status === 413 || answer.status === 503),
      () => reply(res, fail(500, "Internal Server Error"), true),
    );
  });
  server.maxConnections = options.maxConnections ?? 256;
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    stats(): FakeBotApiStats {
      let duplicates = 0;
      for (const n of deliveredPerChat.values()) duplicates += n - 1;
      const spanMs = firstSendAt !== null && lastDeliveryAt !== null ? lastDeliveryAt - firstSendAt : 0;
      return {
        requests,
        delivered,
        paidDelivered,
        deliveredPerChat: new Map(deliveredPerChat),
        chatsReached: deliveredPerChat.size,
        duplicates,
        answered: { ...answered },
        maxInWindow,
        firstSendAt,
        lastDeliveryAt,
        achievedPerSecond: delivered >= 2 && spanMs > 0 ? delivered / (spanMs / 1000) : null,
      };
    },
    messages: () => [...recorded],
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

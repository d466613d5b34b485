// Builders for the updates Telegram would send from a private chat; used by console mode,
// tests and benchmarks so that specs stay short.
import type { Update } from "grammy/types";
import type { LocalBotApi } from "./api.js";

export interface Person {
  id: number;
  first_name: string;
  language_code?: string;
  username?: string;
}

export class UpdateBuilder {
  private updateId = 1;

  constructor(private readonly api: LocalBotApi) {}

  private base(from: Person) {
    return {
      message_id: this.api.nextMessageId(from.id),
      date: Math.floor(Date.now() / 1000),
      chat: { id: from.id, type: "private" as const, first_name: from.first_name },
      from: { ...from, is_bot: false },
    };
  }

  private wrap(body: Omit<Update, "update_id">): Update {
    return { update_id: this.updateId++, ...body } as Update;
  }

  message(from: Person, text: string): Update {
    const command = /^\/\w+(@\w+)?/.exec(text);
    const entities = command ? [{ type: "bot_command" as const, offset: 0, length: command[0].length }] : undefined;
    return this.wrap({ message: { ...this.base(from), text, ...(entities ? { entities } : {}) } });
  }

  command(from: Person, name: string, args = ""): Update {
    return this.message(from, `/${name}${args ? ` ${args}` : ""}`);
  }

  /** A button press; `messageId` is the message the button was on (any id for a stale one). */
  callback(from: Person, data: string, messageId = 0): Update {
    const message = this.api.message(from.id, messageId) ?? {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from.id, type: "private" as const, first_name: from.first_name },
      text: "",
    };
    return this.wrap({
      callback_query: {
        id: String(this.updateId),
        from: { ...from, is_bot: false },
        chat_instance: `ci-${from.id}`,
        data,
        message,
      },
    });
  }

  location(from: Person, latitude: number, longitude: number): Update {
    return this.wrap({ message: { ...this.base(from), location: { latitude, longitude } } });
  }

  contact(from: Person, phone: string): Update {
    return this.wrap({
      message: { ...this.base(from), contact: { phone_number: phone, first_name: from.first_name, user_id: from.id } },
    });
  }

  sticker(from: Person): Update {
    return this.wrap({
      message: {
        ...this.base(from),
        sticker: { file_id: "sticker-1", file_unique_id: "s1", type: "regular", width: 512, height: 512, is_animated: false, is_video: false },
      },
    });
  }

  photo(from: Person, caption?: string): Update {
    return this.wrap({
      message: {
        ...this.base(from),
        photo: [{ file_id: "photo-1", file_unique_id: "p1", width: 90, height: 90 }],
        ...(caption ? { caption } : {}),
      },
    });
  }

  /** A file sent to the bot; `fileId` from LocalBotApi.addFile (so getFile can serve it). */
  document(from: Person, fileId: string, fileName: string, size: number, caption?: string): Update {
    return this.wrap({
      message: {
        ...this.base(from),
        document: { file_id: fileId, file_unique_id: `u-${fileId}`, file_name: fileName, file_size: size },
        ...(caption ? { caption } : {}),
      },
    });
  }

  /** Telegram's my_chat_member in a private chat: the person blocked ("kicked") or unblocked ("member") the bot. */
  myChatMember(from: Person, status: "kicked" | "member", botId: number): Update {
    const bot = { id: botId, is_bot: true, first_name: "bot" };
    return this.wrap({
      my_chat_member: {
        chat: { id: from.id, type: "private", first_name: from.first_name },
        from: { ...from, is_bot: false },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: status === "kicked" ? { status: "member", user: bot } : { status: "kicked", user: bot, until_date: 0 },
        new_chat_member: status === "kicked" ? { status: "kicked", user: bot, until_date: 0 } : { status: "member", user: bot },
      },
    } as Omit<Update, "update_id">);
  }

  voice(from: Person): Update {
    return this.wrap({ message: { ...this.base(from), voice: { file_id: "voice-1", file_unique_id: "v1", duration: 3 } } });
  }
}

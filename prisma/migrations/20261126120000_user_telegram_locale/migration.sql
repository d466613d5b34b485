-- AlterTable: Telegram's language as last seen (mapped to our locales), for messages sent later to
-- people who never chose one with /language. Existing rows start NULL and are filled on the
-- person's next update (the lastSeenAt refresh).
ALTER TABLE "User" ADD COLUMN     "telegramLocale" TEXT;

// Updates of one chat are handled in order, one at a time; other chats' updates run meanwhile
// (the runner and the webhook hand over many at once). @grammyjs/runner's sequentialize does
// this for any number of keys per update, with arrays, a Promise.all and an async function per
// update even when nothing is waiting; we have one key, and an update of a quiet chat (nearly
// all of them) starts at once.
import type { Context, MiddlewareFn } from "grammy";

export function inOrder<C extends Context>(keyOf: (ctx: C) => string | undefined): MiddlewareFn<C> {
  // The last update of each busy chat; settles (never rejects) when that update is done.
  const tails = new Map<string, Promise<void>>();
  return (ctx, next) => {
    const key = keyOf(ctx);
    if (key === undefined) return next();
    const before = tails.get(key);
    // After the previous update of this chat, whether it succeeded or failed (its own caller sees its error).
    const run = before ? before.then(() => next()) : next();
    const tail: Promise<void> = run.then(
      () => forget(tails, key, tail),
      () => forget(tails, key, tail),
    );
    tails.set(key, tail);
    return run;
  };
}

/** The chat is quiet again unless another update of it came meanwhile. */
function forget(tails: Map<string, Promise<void>>, key: string, tail: Promise<void>): void {
  if (tails.get(key) === tail) tails.delete(key);
}

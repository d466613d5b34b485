// Names the feature that handles an update (for the conversation log): the name sticks only
// if the feature's Composer handles the update rather than passing it on.
import { Composer, type Middleware } from "grammy";
import type { BotContext } from "../context.js";

export function feature(name: string, ...middleware: Middleware<BotContext>[]): Middleware<BotContext> {
  const inner = new Composer<BotContext>(...middleware).middleware();
  return (ctx, next) => {
    const before = ctx.feature;
    ctx.feature = name;
    return inner(ctx, () => {
      ctx.feature = before;
      return next();
    });
  };
}

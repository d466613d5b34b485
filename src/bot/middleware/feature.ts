// Names the feature that handles an update (for the conversation log): the name sticks only
// if the feature's composer handles the update rather than passing it on. Features are built on
// FeatureComposer (bot/feature-composer.ts): grammY's own chain cost a third of the CPU.
import type { Middleware } from "grammy";
import type { BotContext } from "../context.js";
import type { FeatureComposer } from "../feature-composer.js";

export function feature(name: string, composer: FeatureComposer<BotContext>): Middleware<BotContext> {
  const inner = composer.middleware();
  return (ctx, next) => {
    const before = ctx.feature;
    ctx.feature = name;
    return inner(ctx, () => {
      ctx.feature = before;
      return next();
    });
  };
}

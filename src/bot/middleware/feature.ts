// Names the feature that handles an update (for the conversation log): the name sticks only
// if the feature's composer handles the update rather than passing it on. Features are built on
// FeatureComposer (bot/feature-composer.ts), which splices a named feature's handlers into its
// own loop: grammY's own chain cost a third of the CPU.
import type { BotContext } from "../context.js";
import { NamedFeature, type FeatureComposer } from "../feature-composer.js";

export function feature(name: string, composer: FeatureComposer<BotContext>): NamedFeature<BotContext> {
  return new NamedFeature(name, composer);
}

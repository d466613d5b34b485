// The composer every feature is built on: grammY's Composer with the same API, but its handlers
// are matched in one loop instead of grammY's chain.
//
// Why: grammY's filter() (behind on/command/callbackQuery/hears/chatType) goes through branch()
// and lazy(), which build a new Composer and several async closures for every registered handler
// on every update. The features register ~170 handlers, and the commonest update (a free-text
// question that only the FAQ answers, near the end) went through all of them: that chain and the
// garbage it left were about a third of the bot's CPU (bench/README.md, "The merged features").
// Here a predicate that says no costs one synchronous call.
//
// Same semantics as grammY: handlers run in registration order; a handler that calls next()
// passes to the next matching one, and after the last to the composer's own next; a predicate
// may return a promise. `filter` and `use` are the two primitives every other registration method
// of grammY's Composer calls, so overriding them covers on/command/callbackQuery/hears/chatType/
// drop/branch/fork/lazy/route/errorBoundary.
import { Composer, type Context, type Middleware, type MiddlewareFn, type NextFunction } from "grammy";

type MaybePromise<T> = T | Promise<T>;

interface Step<C extends Context> {
  /** Absent: every update enters. */
  when?: (ctx: C) => MaybePromise<boolean>;
  run: MiddlewareFn<C>;
}

export class FeatureComposer<C extends Context> extends Composer<C> {
  private readonly steps: Step<C>[] = [];

  constructor(...middleware: Middleware<C>[]) {
    super();
    if (middleware.length > 0) this.steps.push({ run: new Composer<C>(...middleware).middleware() });
  }

  override middleware(): MiddlewareFn<C> {
    const steps = this.steps;
    return (ctx, next) => runFrom(steps, 0, ctx, next);
  }

  override use(...middleware: Middleware<C>[]): Composer<C> {
    const child = new FeatureComposer<C>(...middleware);
    this.steps.push({ run: child.middleware() });
    return child;
  }

  override filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Middleware<D>[]): Composer<D>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Middleware<C>[]): Composer<C>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Middleware<C>[]): Composer<C> {
    const child = new FeatureComposer<C>(...middleware);
    this.steps.push({ when: predicate, run: child.middleware() });
    return child;
  }
}

function runFrom<C extends Context>(steps: readonly Step<C>[], from: number, ctx: C, next: NextFunction): MaybePromise<unknown> {
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.when) {
      const yes = step.when(ctx);
      if (typeof yes === "object") return yes.then((y) => (y ? step.run(ctx, resume(steps, i + 1, ctx, next)) : runFrom(steps, i + 1, ctx, next)));
      if (!yes) continue;
    }
    return step.run(ctx, resume(steps, i + 1, ctx, next));
  }
  return next();
}

/** The `next` a handler gets: the steps after it, then the composer's own next. */
function resume<C extends Context>(steps: readonly Step<C>[], from: number, ctx: C, next: NextFunction): NextFunction {
  return async () => {
    await runFrom(steps, from, ctx, next);
  };
}

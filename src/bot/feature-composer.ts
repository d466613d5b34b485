// The composer the bot's stack and every feature are built on: grammY's Composer with the same
// API, but its handlers are matched in one flat loop instead of grammY's chain.
//
// Why (bench/README.md, "The merged features" and "Platform §8, the last round"): grammY's filter() goes through
// branch() and lazy(), which build a new Composer and several async closures for every registered
// handler on every update; its use() wraps each layer in two async functions. With ~30 features
// and ~170 handlers, a free-text question that only the FAQ answers (near the end) went through
// a chain ~100 promises deep, and the chain, its unwinding and its garbage were most of the bot's
// CPU. Here a predicate that says no costs one synchronous call, and composers registered with
// use() (features included) are spliced into their parent's loop, so they add no depth at all.
//
// Same semantics as grammY: handlers run in registration order; a handler that calls next()
// passes to the next matching one, and after the last to the composer's own next; a predicate
// may return a promise. `filter` and `use` are the two primitives every other registration method
// of grammY's Composer calls, so overriding them (and errorBoundary, which builds a grammY
// Composer of its own) covers on/command/callbackQuery/hears/chatType/drop/branch/fork/lazy/route.
// Splicing is exact: the steps of a composer registered with use() run in order and end in the
// parent's next step, which is what the nested composer did. Button and command handlers are
// also filed by the kind of update they can match, so a typed question never calls the ~150
// button predicates (nor a press the command ones): each list holds only the steps that can match.
import { BotError, Composer, type Context, type Middleware, type MiddlewareFn, type MiddlewareObj, type NextFunction } from "grammy";

type MaybePromise<T> = T | Promise<T>;

// Kinds of update, as far as the step lists go: a button press, a command (a bot_command entity
// at the start of a message, as grammY's command() requires), anything else.
const PRESS = 0;
const COMMAND = 1;
const OTHER = 2;
const KINDS = [PRESS, COMMAND, OTHER] as const;
type Kind = (typeof KINDS)[number];

function kindOf(ctx: Context): Kind {
  const u = ctx.update;
  if (u.callback_query) return PRESS;
  const entities = (u.message ?? u.channel_post)?.entities;
  return entities?.some((e) => e.type === "bot_command" && e.offset === 0) ? COMMAND : OTHER;
}

/** What use() was given: a handler, or a composer whose steps are spliced in when compiled. */
type Entry<C extends Context> = Step<C> | { splice: FeatureComposer<C>; feature?: string };

interface Step<C extends Context> {
  /** Absent: every update enters. */
  when?: (ctx: C) => MaybePromise<boolean>;
  run: MiddlewareFn<C>;
  /** The only kind of update `when` can say yes to (absent: any kind). */
  only?: Kind;
  /** The feature this step belongs to (named with `feature()`), for the conversation log. */
  feature?: string;
}

/** The steps for one kind of update, and whether any of them names a feature (then ctx.feature is kept up to date). */
interface Compiled<C extends Context> {
  steps: Step<C>[];
  named: boolean;
}

/** A feature's composer under its name: `feature()` in bot/middleware/feature.ts makes these. */
export class NamedFeature<C extends Context & { feature?: string }> implements MiddlewareObj<C> {
  constructor(
    readonly name: string,
    readonly composer: FeatureComposer<C>,
  ) {}

  /** Outside a FeatureComposer (grammY's own composers): the same naming, as one middleware. */
  middleware(): MiddlewareFn<C> {
    const inner = this.composer.middleware();
    return (ctx, next) => {
      const before = ctx.feature;
      ctx.feature = this.name;
      return inner(ctx, () => {
        ctx.feature = before;
        return next();
      });
    };
  }
}

export class FeatureComposer<C extends Context> extends Composer<C> {
  private readonly entries: Entry<C>[] = [];
  private compiled?: Compiled<C>[];
  /** Set while callbackQuery()/command() register through filter(). */
  private registering?: Kind;
  private readonly run: MiddlewareFn<C> = (ctx, next) => {
    const lists = (this.compiled ??= KINDS.map((k) => this.compile(k)));
    return runFrom(lists[kindOf(ctx)]!, 0, ctx, next, (ctx as { feature?: string }).feature);
  };

  constructor(...middleware: Middleware<C>[]) {
    super();
    for (const m of middleware) this.add(m);
  }

  override middleware(): MiddlewareFn<C> {
    return this.run;
  }

  override use(...middleware: Middleware<C>[]): Composer<C> {
    const child = new FeatureComposer<C>(...middleware);
    this.push({ splice: child });
    return child;
  }

  override filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Middleware<D>[]): Composer<D>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Middleware<C>[]): Composer<C>;
  override filter(predicate: (ctx: C) => MaybePromise<boolean>, ...middleware: Middleware<C>[]): Composer<C> {
    const child = new FeatureComposer<C>(...middleware);
    const only = this.registering;
    this.registering = undefined;
    this.push(only === undefined ? { when: predicate, run: child.middleware() } : { when: predicate, run: child.middleware(), only });
    return child;
  }

  // grammY registers these through filter(); filed under the one kind of update they can match.
  override callbackQuery(...args: Parameters<Composer<C>["callbackQuery"]>): ReturnType<Composer<C>["callbackQuery"]> {
    return this.filedUnder(PRESS, () => super.callbackQuery(...args));
  }

  override command(...args: Parameters<Composer<C>["command"]>): ReturnType<Composer<C>["command"]> {
    return this.filedUnder(COMMAND, () => super.command(...args));
  }

  private filedUnder<T>(kind: Kind, register: () => T): T {
    this.registering = kind;
    try {
      return register();
    } finally {
      this.registering = undefined;
    }
  }

  // grammY's version binds a grammY Composer; the same logic around one of ours.
  override errorBoundary(errorHandler: (error: BotError<C>, next: NextFunction) => MaybePromise<unknown>, ...middleware: Middleware<C>[]): Composer<C> {
    const inner = new FeatureComposer<C>(...middleware);
    const bound = inner.middleware();
    this.push({
      run: async (ctx, next) => {
        let nextCalled = false;
        try {
          await bound(ctx, () => ((nextCalled = true), Promise.resolve()));
        } catch (err) {
          nextCalled = false;
          await errorHandler(new BotError<C>(err, ctx), () => ((nextCalled = true), Promise.resolve()));
        }
        if (nextCalled) await next();
      },
    });
    return inner;
  }

  private add(m: Middleware<C>): void {
    if (m instanceof NamedFeature) this.push({ splice: m.composer as FeatureComposer<C>, feature: m.name });
    else if (m instanceof FeatureComposer) this.push({ splice: m });
    else if (typeof m === "function") this.push({ run: m });
    else this.push({ run: (ctx, next) => m.middleware()(ctx, next) });
  }

  private push(entry: Entry<C>): void {
    this.entries.push(entry);
    this.compiled = undefined;
  }

  /**
   * Compiled at the first update, when every handler is registered (child composers get theirs
   * after they were registered themselves); handlers added after that are not seen.
   */
  private compile(kind: Kind): Compiled<C> {
    const steps: Step<C>[] = [];
    for (const e of this.entries) {
      if (!("splice" in e)) {
        if (e.only === undefined || e.only === kind) steps.push(e);
        continue;
      }
      for (const s of e.splice.compile(kind).steps) steps.push(e.feature && s.feature === undefined ? { ...s, feature: e.feature } : s);
    }
    return { steps, named: steps.some((s) => s.feature !== undefined) };
  }
}

/**
 * Runs the steps from `from` on. `outer` is ctx.feature when this list was entered: a step of no
 * feature runs under it, and it is restored when the list passes the update on.
 */
function runFrom<C extends Context>(list: Compiled<C>, from: number, ctx: C, next: NextFunction, outer: string | undefined): MaybePromise<unknown> {
  const { steps } = list;
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.when) {
      const yes = step.when(ctx);
      if (typeof yes === "object")
        return yes.then((y) => (y ? enter(list, i, ctx, next, outer) : runFrom(list, i + 1, ctx, next, outer)));
      if (!yes) continue;
    }
    return enter(list, i, ctx, next, outer);
  }
  if (list.named) (ctx as { feature?: string }).feature = outer;
  return next();
}

function enter<C extends Context>(list: Compiled<C>, i: number, ctx: C, next: NextFunction, outer: string | undefined): MaybePromise<unknown> {
  const step = list.steps[i]!;
  if (list.named) (ctx as { feature?: string }).feature = step.feature ?? outer;
  // The `next` this handler gets: the steps after it, then the composer's own next. A plain
  // function rather than an async one: one promise less per level when it is awaited.
  return step.run(ctx, () => Promise.resolve(runFrom(list, i + 1, ctx, next, outer)) as Promise<void>);
}

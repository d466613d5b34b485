// Calls made during one event-loop turn share one statement. Under load a turn handles many
// updates (the runner hands over a batch of updates at once), and each of them would otherwise
// send the same small statement with a different key: the driver's per-statement cost, not the
// database, was what limited throughput (bench/README.md).
//
// The first call of a turn schedules the batch with setImmediate, which runs once the turn's other
// updates (and their microtasks) have reached the same point. While `maxInFlight` batches are out,
// new calls wait and go together when one comes back: under load a batch then holds the calls of
// a round trip rather than of one turn; when the bot is quiet nothing waits. A batch never joins
// one already sent, so each caller sees the database as it was after its call.

/**
 * `run` gets the batch's inputs in call order and returns one output per input, in that order; an
 * `Error` in place of an output fails only that caller, a thrown error fails them all.
 */
export function perTurn<I, O>(run: (inputs: I[]) => Promise<(O | Error)[]>, maxInFlight = Infinity): (input: I) => Promise<O> {
  let waiting: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  let inFlight = 0;
  const schedule = () => {
    if (scheduled || waiting.length === 0 || inFlight >= maxInFlight) return;
    scheduled = true;
    setImmediate(() => void send());
  };
  const send = async () => {
    scheduled = false;
    const batch = waiting;
    waiting = [];
    inFlight++;
    try {
      const outputs = await run(batch.map((w) => w.input));
      batch.forEach((w, i) => {
        const output = outputs[i]!;
        if (output instanceof Error) w.reject(output);
        else w.resolve(output);
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      inFlight--;
      schedule();
    }
  };
  return (input) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      schedule();
    });
}

// Summarises a V8 .cpuprofile (from `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench`):
// self time by package (node_modules/<name>, our src/, node internals) and the top functions.
//
//   npx tsx bench/profile.ts /tmp/prof/<file>.cpuprofile [top=25]
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: npx tsx bench/profile.ts <file.cpuprofile> [top]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);

function area(url: string, fn: string): string {
  if (!url) return fn === "(garbage collector)" || fn === "(idle)" || fn === "(program)" ? fn : "(native)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!.startsWith(".prisma") ? "@prisma/client (generated)" : m[1]!;
  if (url.startsWith("node:")) return "node:internals";
  const src = /\/(src|bench)\/(.*)$/.exec(url);
  return src ? `${src[1]}/${src[2]!.split("/")[0]}` : url;
}

const areas = new Map<string, number>();
const funcs = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  const a = area(n.callFrame.url, n.callFrame.functionName);
  areas.set(a, (areas.get(a) ?? 0) + t);
  const key = `${n.callFrame.functionName || "(anonymous)"}  ${a}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;
  funcs.set(key, (funcs.get(key) ?? 0) + t);
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
console.log(`total ${(total / 1e6).toFixed(2)} s sampled\n\nself time by package:`);
for (const [k, t] of sorted(areas).slice(0, top)) console.log(`${pct(t)}  ${k}`);
console.log("\ntop functions (self time):");
for (const [k, t] of sorted(funcs).slice(0, top)) console.log(`${pct(t)}  ${k}`);

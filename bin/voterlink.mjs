#!/usr/bin/env node
// `npx voterlink <command>` — the staff CLI (src/cli/voterlink.ts). The project runs its
// TypeScript directly (no build step), so this registers tsx's loader and hands over.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/voterlink.ts");
await main(process.argv.slice(2));

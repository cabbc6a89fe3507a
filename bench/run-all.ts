// Runs every benchmark script under dist/bench/ in turn; each prints its own figures.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const scripts = readdirSync(here)
  .filter((n) => n.endsWith(".js") && !["run-all.js", "util.js"].includes(n))
  .sort();
let failed = 0;
for (const s of scripts) {
  console.log(`\n=== ${s.replace(/\.js$/, "")} ===`);
  const r = spawnSync(process.execPath, [join(here, s)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;

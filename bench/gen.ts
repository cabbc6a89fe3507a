// Times a full regeneration: `hsx-kit gen` as a fresh process (what a user waits for)
// and in-process warm runs. Target: a full regeneration under 2 s on this machine.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { cpus } from "node:os";
import { generate } from "../codegen/generate.js";
import { fmt, median, ROOT, scratchSpecRoot, table } from "./util.js";

const RUNS = 5;
const { root, done } = scratchSpecRoot();
try {
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "hsx-kit.js"), "gen", "--root", root], { encoding: "utf8" });
    cold.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`hsx-kit gen failed: ${r.stderr}`);
  }
  const warm: number[] = [];
  let files = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const g = await generate(join(root, "spec"), root);
    warm.push(performance.now() - t0);
    files = g.files.length;
  }
  console.log(`bench/gen: full regeneration of ${files} files (${cpus().length} cores, node ${process.version})`);
  console.log(
    table([
      ["run", "min ms", "median ms"],
      ["hsx-kit gen (new process, incl. startup)", fmt(Math.min(...cold)), fmt(median(cold))],
      ["generate() in process, warm", fmt(Math.min(...warm)), fmt(median(warm))],
    ]),
  );
  console.log(`target < 2000 ms per full regeneration: ${median(cold) < 2000 ? "met" : "MISSED"}`);
} finally {
  done();
}

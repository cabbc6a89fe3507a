// Runs every benchmark script under dist/bench/ in turn; each prints its own figures
// and its verdict on its targets, repeated in a summary at the end.
//   gen            full regeneration (hsx-kit gen)
//   vm-loop        MiniVM interpreter loop
//   mailbox        mailbox manager fast path
//   exec-pingpong  executive + mailbox ping-pong through the VM
//   certify        hsx-kit certify on the whole suite, in process and over stdio
//   stdio-adapter  JSON-lines adapter protocol throughput (requests/s)
//   c-vs-ts        the C port's mailbox loop against the TS reference
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { table } from "./util.js";

const here = dirname(fileURLToPath(import.meta.url));
const scripts = readdirSync(here)
  .filter((n) => n.endsWith(".js") && !["run-all.js", "util.js"].includes(n))
  .sort();

/** Run one script, passing its output through; resolve with its exit code and its "targets:" line. */
function run(script: string): Promise<{ code: number; targets: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, script)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c: string) => {
      process.stdout.write(c);
      out += c;
    });
    child.on("close", (code) => {
      // The scripts word it differently: "targets: met", "target < 2000 ms ...: MISSED", ...
      const lines = out.split("\n").map((l) => l.trim());
      const line = lines.filter((l) => /\b(met|MISSED)\b/.test(l)).pop() ?? lines.filter((l) => /target/i.test(l)).pop();
      resolve({ code: code ?? 1, targets: line ?? "-" });
    });
  });
}

console.log(`npm run bench: ${scripts.length} scripts (${cpus().length} cores, node ${process.version}, load average ${loadavg()[0]!.toFixed(2)})`);
const summary: string[][] = [["script", "exit", "verdict line"]];
let failed = 0;
for (const s of scripts) {
  const name = s.replace(/\.js$/, "");
  console.log(`\n=== ${name} ===`);
  const r = await run(s);
  if (r.code !== 0) failed++;
  summary.push([name, String(r.code), r.targets]);
}
console.log(`\n=== summary ===\n${table(summary)}`);
process.exitCode = failed ? 1 : 0;

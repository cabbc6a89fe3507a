// A misbehaving adapter for testing the runner (bowtie's "fauxmplementation"): it
// answers like the reference until told to crash, hang, print garbage, answer with the
// wrong seq, split a reply over two writes, or refuse the handshake. --features declares
// only the listed features (comma-separated, or "none") and behaves as an implementation
// without the others would: zero-copy calls (zero_copy) and stats/snapshot (stats) are
// unsupported, and without events every result's events list is empty.
//   node faux-adapter.js [--crash-on OP] [--hang-on OP] [--garbage-on OP] [--wrong-seq-on OP]
//                        [--split] [--stderr] [--spec-hash HASH] [--no-hello] [--features LIST]
import { createInterface } from "node:readline";
import { ReferenceAdapter } from "../adapters/reference/index.js";
import type { Request } from "../adapters/protocol.js";

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const flag = (name: string): boolean => argv.includes(name);
const declared = opt("--features");
const features = declared === undefined ? null : new Set(declared === "none" ? [] : declared.split(","));
/** The feature an operation needs (mailbox level), if any. */
const needs = (op: string): string | null => (op.startsWith("mbx.zc_") ? "zero_copy" : op === "mbx.stats" || op === "mbx.snapshot" ? "stats" : null);

const ref = new ReferenceAdapter();
const rl = createInterface({ input: process.stdin });
const write = (s: string): void => {
  if (flag("--split") && s.length > 10) {
    process.stdout.write(s.slice(0, 7));
    setTimeout(() => process.stdout.write(s.slice(7) + "\n"), 5);
  } else process.stdout.write(s + "\n");
};

rl.on("line", (line) => {
  const req = JSON.parse(line) as Request;
  const op = typeof req.op === "string" ? req.op : String(req.cmd);
  if (flag("--stderr")) process.stderr.write(`faux: handling ${op}\n`);
  if (req.cmd === "hello" && flag("--no-hello")) {
    write(JSON.stringify({ seq: req.seq, error: { message: "I refuse" } }));
    return;
  }
  if (op === opt("--crash-on")) {
    process.stderr.write(`faux: crashing on ${op}\n`);
    process.exit(3);
  }
  if (op === opt("--hang-on")) return; // never answer
  if (op === opt("--garbage-on")) {
    write("this is not json");
    return;
  }
  const need = req.cmd === "call" && features ? needs(op) : null;
  if (need && !features!.has(need)) {
    write(JSON.stringify({ seq: req.seq, unsupported: { reason: `feature ${need} is not declared` } }));
    return;
  }
  const reply = ref.handle(req) as Record<string, unknown>;
  if (req.cmd === "hello" && opt("--spec-hash")) (reply.ok as Record<string, unknown>).spec_hash = opt("--spec-hash");
  if (req.cmd === "hello" && features && reply.ok) (reply.ok as Record<string, unknown>).features = [...features];
  if (req.cmd === "call" && features && !features.has("events")) {
    const result = (reply.ok as { result?: Record<string, unknown> } | undefined)?.result;
    if (result && Array.isArray(result.events)) result.events = [];
  }
  if (op === opt("--wrong-seq-on")) reply.seq = (req.seq as number) + 100;
  write(JSON.stringify(reply));
  if (req.cmd === "bye") process.exit(0);
});

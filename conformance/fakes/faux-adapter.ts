// A misbehaving adapter for testing the runner (bowtie's "fauxmplementation"): it
// answers like the reference until told to crash, hang, print garbage, answer with the
// wrong seq, split a reply over two writes, or refuse the handshake.
//   node faux-adapter.js [--crash-on OP] [--hang-on OP] [--garbage-on OP] [--wrong-seq-on OP]
//                        [--split] [--stderr] [--spec-hash HASH] [--no-hello]
import { createInterface } from "node:readline";
import { ReferenceAdapter } from "../adapters/reference/index.js";
import type { Request } from "../adapters/protocol.js";

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const flag = (name: string): boolean => argv.includes(name);

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
  const reply = ref.handle(req) as Record<string, unknown>;
  if (req.cmd === "hello" && opt("--spec-hash")) (reply.ok as Record<string, unknown>).spec_hash = opt("--spec-hash");
  if (op === opt("--wrong-seq-on")) reply.seq = (req.seq as number) + 100;
  write(JSON.stringify(reply));
  if (req.cmd === "bye") process.exit(0);
});

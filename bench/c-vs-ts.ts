// The C port of the mailbox manager (ports/c) against the TypeScript reference, on the
// same operation sequences, each in its own in-process loop (desktop profile, no event
// listener, clock at 0, as bench/mailbox.ts):
//   - single-reader 16-byte send+recv pairs (one writer, one reader);
//   - fan-out of 16-byte messages to 4 readers (deliveries: one recv by one reader).
// The C side is ports/c/build/hsx-mbx-bench (built here with make, gcc -O2), which
// prints its rates as one JSON line.
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { MbxMode, MbxStatus } from "../generated/ts/index.js";
import { MailboxManager } from "../src/mailbox/index.js";
import { fmt, median, ROOT, table } from "./util.js";

const RUNS = 7;
const PAIRS = 2_000_000;
const FAN_MSGS = 1_000_000;
const READERS = 4;
const clock = { now: () => 0 };

interface Rate {
  median: number;
  best: number;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench/c-vs-ts: ${what}`);
}

/** Median and best rate of body(n), which performs n operations (the C driver measures alike). */
function rate(n: number, body: (n: number) => void): Rate {
  body(Math.max(1, n >> 3));
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    body(n);
    rates.push((n * 1e9) / Number(process.hrtime.bigint() - t0));
  }
  return { median: median(rates), best: Math.max(...rates) };
}

function tsPairs(): Rate {
  const m = new MailboxManager({ profile: "desktop", clock });
  check(m.bind(1, "app:bench", 1024, 0) === MbxStatus.OK, "bind");
  m.open(1, "app:bench", MbxMode.WRONLY);
  const tx = m.out.handle;
  m.open(2, "app:bench", MbxMode.RDONLY);
  const rx = m.out.handle;
  const payload = new Uint8Array(16).map((_, i) => i);
  const buf = new Uint8Array(64);
  return rate(PAIRS, (n) => {
    for (let i = 0; i < n; i++) {
      payload[0] = i;
      if (m.send(1, tx, payload, 0, 16, 0, 0, 0) !== MbxStatus.OK) throw new Error("send");
      if (m.recv(2, rx, buf, 0, 64, 0) !== MbxStatus.OK || buf[0] !== (i & 0xff)) throw new Error("recv");
    }
  });
}

function tsFanout(): Rate {
  const m = new MailboxManager({ profile: "desktop", clock });
  check(m.bind(1, "shared:fan", 1024, MbxMode.FANOUT | MbxMode.FANOUT_DROP) === MbxStatus.OK, "bind");
  m.open(1, "shared:fan", MbxMode.WRONLY);
  const tx = m.out.handle;
  const rx: number[] = [];
  for (let r = 0; r < READERS; r++) {
    m.open(2 + r, "shared:fan", MbxMode.RDONLY);
    rx.push(m.out.handle);
  }
  const payload = new Uint8Array(16);
  const buf = new Uint8Array(64);
  const res = rate(FAN_MSGS * READERS, (n) => {
    for (let i = 0; i < n / READERS; i++) {
      if (m.send(1, tx, payload, 0, 16, 0, 0, 0) !== MbxStatus.OK) throw new Error("send");
      for (let r = 0; r < READERS; r++) {
        if (m.recv(2 + r, rx[r]!, buf, 0, 64, 0) !== MbxStatus.OK) throw new Error("recv");
      }
    }
  });
  check(m.stats().queue_depth === 0, "fan-out messages reclaimed");
  return res;
}

function cBench(): { pairs: Rate; fanout4: Rate } {
  const make = spawnSync("make", ["-s", "-C", join(ROOT, "ports", "c"), "bench"], { encoding: "utf8" });
  if (make.status !== 0) throw new Error(`bench/c-vs-ts: building the C bench driver failed:\n${make.stderr}`);
  const r = spawnSync(join(ROOT, "ports", "c", "build", "hsx-mbx-bench"), [String(PAIRS), String(FAN_MSGS)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench/c-vs-ts: the C bench driver failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim()) as { pairs: Rate; fanout4: Rate };
}

const c = cBench();
const tp = tsPairs();
const tf = tsFanout();
const M = (x: number): string => fmt(x / 1e6, 2);
const X = (a: number, b: number): string => `${fmt(a / b, 1)}x`;
console.log(`bench/c-vs-ts: C port (gcc -O2) vs TS reference, desktop profile, no listener (${cpus().length} cores, node ${process.version})`);
console.log(
  table([
    ["measure", "C median M/s", "C best M/s", "TS median M/s", "TS best M/s", "C/TS (median)"],
    ["single-reader send+recv pairs (16 B)", M(c.pairs.median), M(c.pairs.best), M(tp.median), M(tp.best), X(c.pairs.median, tp.median)],
    ["fan-out deliveries to 4 readers (16 B)", M(c.fanout4.median), M(c.fanout4.best), M(tf.median), M(tf.best), X(c.fanout4.median, tf.median)],
  ]),
);

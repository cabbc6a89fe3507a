// Mailbox manager throughput on the allocation-free fast path (status + reused `out`),
// without an event listener, as the executive drives it.
// Targets on the 2-core reference machine: >= 5 M single-reader send+recv pairs/s
// (16-byte payloads), >= 10 M fan-out deliveries/s to 4 readers, >= 2 M open+close/s.
// (The Python prototype: ~224 k pairs/s.)
import { cpus } from "node:os";
import { MbxMode, MbxStatus } from "../generated/ts/index.js";
import { MailboxManager } from "../src/mailbox/index.js";
import { fmt, median, table } from "./util.js";

const RUNS = 7;
const clock = { now: () => 0 };

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench/mailbox: ${what}`);
}

/** Best-of/median rate of `body(n)` (which performs n operations), per second. */
function rate(n: number, body: (n: number) => void): { median: number; best: number } {
  body(Math.max(1, n >> 3)); // warm up the JIT
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    body(n);
    const ns = Number(process.hrtime.bigint() - t0);
    rates.push((n * 1e9) / ns);
  }
  return { median: median(rates), best: Math.max(...rates) };
}

function pairs(): { median: number; best: number } {
  const m = new MailboxManager({ profile: "desktop", clock });
  check(m.bind(1, "app:bench", 1024, 0) === MbxStatus.OK, "bind");
  m.open(1, "app:bench", MbxMode.WRONLY);
  const tx = m.out.handle;
  m.open(2, "app:bench", MbxMode.RDONLY);
  const rx = m.out.handle;
  const payload = new Uint8Array(16).map((_, i) => i);
  const buf = new Uint8Array(64);
  return rate(2_000_000, (n) => {
    for (let i = 0; i < n; i++) {
      payload[0] = i;
      if (m.send(1, tx, payload, 0, 16, 0, 0, 0) !== MbxStatus.OK) throw new Error("send");
      if (m.recv(2, rx, buf, 0, 64, 0) !== MbxStatus.OK || buf[0] !== (i & 0xff)) throw new Error("recv");
    }
  });
}

function fanout(readers: number): { median: number; best: number } {
  const m = new MailboxManager({ profile: "desktop", clock });
  check(m.bind(1, "shared:fan", 1024, MbxMode.FANOUT | MbxMode.FANOUT_DROP) === MbxStatus.OK, "bind");
  m.open(1, "shared:fan", MbxMode.WRONLY);
  const tx = m.out.handle;
  const rx: number[] = [];
  for (let r = 0; r < readers; r++) {
    m.open(2 + r, "shared:fan", MbxMode.RDONLY);
    rx.push(m.out.handle);
  }
  const payload = new Uint8Array(16);
  const buf = new Uint8Array(64);
  const msgs = 1_000_000;
  const res = rate(msgs * readers, (n) => {
    for (let i = 0; i < n / readers; i++) {
      if (m.send(1, tx, payload, 0, 16, 0, 0, 0) !== MbxStatus.OK) throw new Error("send");
      for (let r = 0; r < readers; r++) {
        if (m.recv(2 + r, rx[r]!, buf, 0, 64, 0) !== MbxStatus.OK) throw new Error("recv");
      }
    }
  });
  check(m.stats().queue_depth === 0, "fan-out messages reclaimed");
  return res;
}

function openClose(create: boolean): { median: number; best: number } {
  const m = new MailboxManager({ profile: "desktop", clock });
  if (!create) check(m.bind(0, "app:bench", 0, 0) === MbxStatus.OK, "bind");
  return rate(1_000_000, (n) => {
    for (let i = 0; i < n; i++) {
      if (m.open(1, "app:bench", 0) !== MbxStatus.OK) throw new Error("open");
      if (m.close(1, m.out.handle) !== MbxStatus.OK) throw new Error("close");
    }
  });
}

const p = pairs();
const f = fanout(4);
const oc = openClose(false);
const occ = openClose(true);
const M = (x: number): string => fmt(x / 1e6, 2);
console.log(`bench/mailbox: reference mailbox manager, fast path, no listener (${cpus().length} cores, node ${process.version})`);
console.log(
  table([
    ["measure", "median M/s", "best M/s", "target M/s"],
    ["single-reader send+recv pairs (16 B)", M(p.median), M(p.best), "5"],
    ["fan-out deliveries to 4 readers (16 B)", M(f.median), M(f.best), "10"],
    ["open+close cycles (descriptor bound)", M(oc.median), M(oc.best), "2"],
    ["open+close cycles (creates and frees it)", M(occ.median), M(occ.best), "-"],
  ]),
);
const met = p.median >= 5e6 && f.median >= 10e6 && oc.median >= 2e6;
console.log(`targets: ${met ? "met" : "MISSED"}`);

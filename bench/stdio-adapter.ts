// Stdio adapter throughput: requests/s over the JSON-lines adapter protocol, end to end
// from the runner's side (Session: seq, reply and result validation; ProcessEndpoint:
// framing, timeout) to `hsx-kit adapter` (the reference served over stdin/stdout) and
// back, one request outstanding at a time, as the runner drives it.
// Two loads: the realistic mix is the exact request stream of the suite's isa and
// mailbox vectors (new, isa.load/run/state/read, mbx.bind/open/send/recv/..., end),
// recorded from the in-process reference and replayed; the trivial op is mbx.advance
// {us: 0} on one instance. For scale: the same mix through the in-process endpoint (the
// protocol without the pipe), a raw pipe ping-pong with a child that echoes each chunk
// (the machine's round-trip floor, no JSON), and the mix with each vector's calls sent
// without waiting (the protocol allows it, the runner does not do it: an upper bound).
// CPU us per request (runner: this process; adapter: the child, from /proc) shows where
// the time goes and moves less than the rates when the machine is loaded.
// Target on the 2-core reference machine: >= 20 k requests/s for both loads.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { loadSpec } from "../codegen/load.js";
import { InProcessEndpoint } from "../conformance/adapters/inprocess.js";
import { ProcessEndpoint } from "../conformance/adapters/process.js";
import type { Endpoint, Reply, Request } from "../conformance/adapters/protocol.js";
import { ReferenceAdapter } from "../conformance/adapters/reference/index.js";
import { ExecContext, runVector } from "../conformance/runner/execute.js";
import { Session } from "../conformance/runner/session.js";
import { loadVectors } from "../conformance/runner/vectors.js";
import { PROTOCOL_VERSION, SPEC } from "../generated/ts/index.js";
import { fmt, median, ROOT, table } from "./util.js";

const RUNS = 5;
const TRIVIAL = 20_000;
const TARGET = 20_000;
const TIMEOUT_MS = 10_000;
/** Kernel clock ticks per second (/proc/PID/stat times); 100 on Linux. */
const CLOCK_TICKS = 100;
const ADAPTER = `"${process.execPath}" "${join(ROOT, "bin", "hsx-kit.js")}" adapter`;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench/stdio-adapter: ${what}`);
}

/** The requests the runner sends for the isa and mailbox vectors (after hello), recorded in process. */
async function recordMix(): Promise<Request[]> {
  const spec = loadSpec(join(ROOT, "spec"), ROOT);
  const dirs = ["isa", "mailbox"].map((l) => join(ROOT, "conformance", "vectors", l));
  const { vectors, problems } = loadVectors(dirs, ROOT);
  check(problems.length === 0, `vector problems: ${problems.map((p) => p.message).join("; ")}`);
  const inner = new InProcessEndpoint(new ReferenceAdapter());
  const log: Request[] = [];
  const recorder: Endpoint = {
    description: "recorder",
    request(req: Request): Promise<Reply> {
      log.push(req);
      return inner.request(req);
    },
    close: () => inner.close(),
  };
  const s = new Session(recorder, TIMEOUT_MS);
  const hello = await s.hello(SPEC.hash, "bench", PROTOCOL_VERSION);
  check(hello.kind === "ok", "in-process hello");
  if (hello.kind !== "ok") throw new Error();
  const ctx = new ExecContext(spec.model);
  for (const v of vectors) {
    const out = await runVector(s, v, hello.value, ctx);
    check(out.result === "PASS" || out.result === "UNSUPPORTED", `${v.id}: ${out.result} ${out.message ?? ""}`);
  }
  return log.slice(1);
}

/** Send the recorded stream through a session, mapping recorded instance ids to live ones. */
async function replay(s: Session, mix: readonly Request[]): Promise<void> {
  const ids = new Map<number, number>();
  let made = 0;
  for (const r of mix) {
    if (r.cmd === "new") {
      const o = await s.newInstance(r.level as string, r.profile as string | null, r.config as Record<string, unknown>);
      if (o.kind !== "ok") throw new Error(`bench/stdio-adapter: new: ${o.kind}`);
      ids.set(++made, o.value);
    } else if (r.cmd === "call") {
      const o = await s.call(ids.get(r.instance as number)!, r.op as string, r.args as Record<string, unknown>);
      if (o.kind === "error") throw new Error(`bench/stdio-adapter: ${r.op as string}: ${o.message}`);
    } else if (r.cmd === "end") await s.end(ids.get(r.instance as number)!);
  }
}

/**
 * The same stream with every vector's calls and its end sent as soon as its instance
 * exists, without waiting for each reply (the protocol answers in order, so requests
 * may be outstanding together). The runner does not do this today: a step may use a
 * value captured from an earlier result. An upper bound of what pipelining would give.
 */
async function replayPipelined(s: Session, mix: readonly Request[]): Promise<void> {
  let batch: Promise<unknown>[] = [];
  let live = 0;
  for (const r of mix) {
    if (r.cmd === "new") {
      await Promise.all(batch);
      batch = [];
      const o = await s.newInstance(r.level as string, r.profile as string | null, r.config as Record<string, unknown>);
      if (o.kind !== "ok") throw new Error(`bench/stdio-adapter: new: ${o.kind}`);
      live = o.value;
    } else if (r.cmd === "call") {
      batch.push(
        s.call(live, r.op as string, r.args as Record<string, unknown>).then((o) => {
          if (o.kind === "error") throw new Error(`bench/stdio-adapter: ${r.op as string}: ${o.message}`);
        }),
      );
    } else if (r.cmd === "end") batch.push(s.end(live));
  }
  await Promise.all(batch);
}

async function trivial(s: Session, n: number): Promise<void> {
  const o = await s.newInstance("mailbox", "desktop");
  if (o.kind !== "ok") throw new Error("bench/stdio-adapter: new mailbox");
  for (let i = 0; i < n; i++) {
    const r = await s.call(o.value, "mbx.advance", { us: 0 });
    if (r.kind !== "ok") throw new Error("bench/stdio-adapter: mbx.advance");
  }
  await s.end(o.value);
}

/** CPU time (user + system, in us) of a process so far, from /proc; null where unreadable. */
function cpuOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

interface Rate {
  median: number;
  best: number;
  /** CPU us per request in this process (the runner) and in the adapter, over the timed passes. */
  runnerUs: number;
  adapterUs: number | null;
}

/** Median and best requests/s of `RUNS` timed passes (after one warm-up pass), and the CPU they cost. */
async function rate(requests: number, pass: () => Promise<void>, adapterPid?: number): Promise<Rate> {
  await pass();
  const rates: number[] = [];
  const c0 = process.cpuUsage();
  const a0 = cpuOf(adapterPid);
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await pass();
    rates.push((requests * 1000) / (performance.now() - t0));
  }
  const c = process.cpuUsage(c0);
  const a1 = cpuOf(adapterPid);
  const n = requests * RUNS;
  return { median: median(rates), best: Math.max(...rates), runnerUs: (c.user + c.system) / n, adapterUs: a0 !== null && a1 !== null ? (a1 - a0) / n : null };
}

async function withSession<T, E extends Endpoint>(endpoint: E, body: (s: Session, endpoint: E) => Promise<T>): Promise<T> {
  const s = new Session(endpoint, TIMEOUT_MS);
  try {
    s.budget(15_000);
    const h = await s.hello(SPEC.hash, "bench", PROTOCOL_VERSION);
    check(h.kind === "ok", `hello with ${endpoint.description}`);
    s.clear();
    return await body(s, endpoint);
  } finally {
    await s.bye().catch(() => undefined);
    await endpoint.close();
  }
}

/** Round trips/s of a bare pipe ping-pong with a child that echoes every chunk. */
async function pipeFloor(n: number): Promise<Rate> {
  const child = spawn(process.execPath, ["-e", "process.stdin.on('data', (c) => process.stdout.write(c))"], { stdio: ["pipe", "pipe", "inherit"] });
  const line = `${JSON.stringify({ seq: 1, cmd: "call", instance: 1, op: "mbx.advance", args: { us: 0 } })}\n`;
  const pass = (): Promise<void> =>
    new Promise((resolve) => {
      let left = n;
      const on = (): void => {
        if (--left === 0) {
          child.stdout.off("data", on);
          resolve();
        } else child.stdin.write(line);
      };
      child.stdout.on("data", on);
      child.stdin.write(line);
    });
  try {
    return await rate(n, pass, child.pid);
  } finally {
    child.stdin.end();
  }
}

const load0 = loadavg()[0]!;
const mix = await recordMix();
const kinds = { isa: 0, mailbox: 0, session: 0 };
for (const r of mix) {
  if (r.cmd !== "call") kinds.session++;
  else if ((r.op as string).startsWith("isa.")) kinds.isa++;
  else kinds.mailbox++;
}
const bytes = mix.reduce((a, r) => a + JSON.stringify(r).length + 1, 0);

const stdioMix = await withSession(new ProcessEndpoint(ADAPTER, { cwd: ROOT }), (s, ep) => rate(mix.length, () => replay(s, mix), ep.pid));
const stdioTrivial = await withSession(new ProcessEndpoint(ADAPTER, { cwd: ROOT }), (s, ep) => rate(TRIVIAL + 2, () => trivial(s, TRIVIAL), ep.pid));
const stdioPipelined = await withSession(new ProcessEndpoint(ADAPTER, { cwd: ROOT }), (s, ep) => rate(mix.length, () => replayPipelined(s, mix), ep.pid));
const inprocMix = await withSession(new InProcessEndpoint(new ReferenceAdapter()), (s) => rate(mix.length, () => replay(s, mix)));
const floor = await pipeFloor(TRIVIAL);

const pct = (n: number): string => `${Math.round((100 * n) / mix.length)}%`;
const K = (x: number): string => fmt(x / 1e3, 1);
console.log(`bench/stdio-adapter: JSON-lines adapter protocol, runner Session to \`hsx-kit adapter\` and back, lockstep (${cpus().length} cores, node ${process.version}, load average ${load0.toFixed(2)})`);
console.log(
  `mix: ${fmt(mix.length)} requests per pass (isa ops ${pct(kinds.isa)}, mailbox ops ${pct(kinds.mailbox)}, new/end ${pct(kinds.session)}), ${fmt(bytes / mix.length)} B per request on average`,
);
const us = (x: number | null): string => (x === null ? "-" : fmt(x, 1));
const row = (name: string, r: Rate, target: string): string[] => [name, K(r.median), K(r.best), us(r.runnerUs), us(r.adapterUs), target];
console.log(
  table([
    ["measure", "median k/s", "best k/s", "runner us/req", "adapter us/req", "target k/s"],
    row("stdio: realistic mix (isa + mailbox vectors)", stdioMix, K(TARGET)),
    row("stdio: trivial op (mbx.advance us=0)", stdioTrivial, K(TARGET)),
    row("stdio: mix, each vector's calls pipelined (bound)", stdioPipelined, "-"),
    row("in-process endpoint: realistic mix", inprocMix, "-"),
    row("raw pipe ping-pong, echo child (floor)", floor, "-"),
  ]),
);
const met = stdioMix.median >= TARGET && stdioTrivial.median >= TARGET;
console.log(`targets: ${met ? "met" : "MISSED"}`);

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { ConfFeatureWire, PROFILES, type ProfileName } from "../../generated/ts/index.js";
import { TransportError } from "../adapters/protocol.js";
import type { Session } from "./session.js";

/** One operation of a fuzzed sequence, as the protocol carries it. */
export interface FuzzOp {
  op: string;
  args: Record<string, unknown>;
}

export interface Divergence {
  level: string;
  seed: number;
  /** The profile the sequence ran under (null for a level without profiles). */
  profile: string | null;
  /** The features the sequence relies on: its operations' (zero_copy, stats) and events when they were compared. */
  features: string[];
  /** The shrunk sequence that still diverges. */
  ops: FuzzOp[];
  /** Index of the first operation whose results differ. */
  at: number;
  reference: unknown;
  candidate: unknown;
}

const hexBytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b).toString("hex"));

/**
 * One step of a generated mailbox sequence: an operation whose pid, handle or buffer may
 * be taken, when the sequence runs, from what the sequence obtained so far (handles from
 * OPENs, buffers from zero-copy acquires and receives, as the reference answered them).
 * The literal args are the fallback when nothing has been obtained yet; a step without
 * a `use*` field keeps them, which mixes in pids, handles and buffers that are not (or no
 * longer) valid. Steps are what fast-check generates and shrinks; the operations sent
 * to the adapters (and written as a vector) are the resolved ones.
 */
export interface FuzzStep extends FuzzOp {
  /** Take pid and handle from the obtained (pid, handle) pairs: pair number `useHandle % n`. */
  useHandle?: number;
  /** Take pid and buffer from the obtained (pid, buffer) pairs (before useHandle, which then prefers that pid's handles). */
  useBuffer?: number;
  /** Take the pid from the pids holding a handle. */
  usePid?: number;
}

/** What a sequence has obtained so far: live handles and held buffers, by pid, in the order obtained. */
export class Obtained {
  readonly handles: [pid: number, handle: number][] = [];
  readonly buffers: [pid: number, buffer: number][] = [];

  /** The operation a step stands for now. */
  resolve(step: FuzzStep): FuzzOp {
    const args = { ...step.args };
    let pinned: number | null = null;
    if (step.useBuffer !== undefined && this.buffers.length) {
      const [pid, buffer] = this.buffers[step.useBuffer % this.buffers.length]!;
      Object.assign(args, { pid, buffer });
      pinned = pid;
    }
    if (step.useHandle !== undefined) {
      const own = pinned === null ? this.handles : this.handles.filter(([p]) => p === pinned);
      if (own.length) {
        const [pid, handle] = own[step.useHandle % own.length]!;
        Object.assign(args, { pid, handle });
      }
    }
    if (step.usePid !== undefined) {
      const pids = [...new Set(this.handles.map(([p]) => p))];
      if (pids.length) args.pid = pids[step.usePid % pids.length]!;
    }
    return { op: step.op, args };
  }

  /** Take note of what an operation obtained or gave up, from the reference's result. */
  observe(o: FuzzOp, result: unknown): void {
    const r = result as { kind: string; value?: Record<string, unknown> };
    const v = r.kind === "ok" ? r.value : undefined;
    const pid = o.args.pid as number;
    const ok = v?.status === 0;
    const drop = (list: [number, number][], id: unknown) => {
      const i = list.findIndex(([p, x]) => p === pid && x === id);
      if (i >= 0) list.splice(i, 1);
    };
    switch (o.op) {
      case "mbx.open":
        if (ok && typeof v.handle === "number") this.handles.push([pid, v.handle]);
        break;
      case "mbx.close":
        if (ok) drop(this.handles, o.args.handle);
        break;
      case "mbx.zc_acquire":
      case "mbx.zc_recv":
        if (ok && typeof v.buffer === "number") this.buffers.push([pid, v.buffer]);
        break;
      case "mbx.zc_send":
      case "mbx.zc_release":
        if (ok) drop(this.buffers, o.args.buffer);
        break;
      case "mbx.task_exit":
        for (const list of [this.handles, this.buffers]) for (let i = list.length - 1; i >= 0; i--) if (list[i]![0] === pid) list.splice(i, 1);
        break;
    }
  }
}

export interface MailboxFuzzOptions {
  /** The candidate's declared features: zero-copy calls only with zero_copy, stats and snapshot only with stats. */
  features?: readonly string[];
  /** Profile whose limits (capacities, zero-copy buffer size) the arguments are chosen around; desktop's when null or unknown. */
  profile?: string | null;
}

/**
 * Random mailbox sequences that reach past argument checking: a prelude of binds (random
 * modes and capacities), opens from pids 0-3 and (zero_copy) buffer acquires, then calls
 * that mostly name a handle or
 * buffer the sequence obtained (sends and receives with waits, peeks, taps, re-binds,
 * closes, task exits, clock advances; with feature zero_copy the zero-copy calls, with
 * feature stats stats and snapshot), with about one in eight naming a literal pid,
 * handle or buffer, mostly invalid, and a few malformed targets, modes and sizes.
 */
export function mailboxOps(opts: MailboxFuzzOptions = {}): fc.Arbitrary<FuzzStep[]> {
  const features = new Set(opts.features ?? []);
  const limits = (PROFILES as Record<string, (typeof PROFILES)[ProfileName] | undefined>)[opts.profile ?? "desktop"]?.limits ?? PROFILES.desktop.limits;
  const zcBytes = limits.zc_buffer_bytes;
  const pid = fc.constantFrom(0, 1, 2, 3);
  const handle = fc.integer({ min: 0, max: 7 });
  const buffer = fc.integer({ min: 0, max: 8 });
  /** A pick among what was obtained (shrinks to undefined: the literal args). */
  const use = fc.option(fc.nat({ max: 15 }), { freq: 8, nil: undefined });
  const target = fc.oneof(
    { arbitrary: fc.constantFrom("app:a", "app:b", "shared:s", "svc:x"), weight: 12 },
    { arbitrary: fc.constantFrom("pid:2", "app:a@1", "pid:", "", "app:", "pid:x", "x".repeat(40)), weight: 1 },
  );
  const capacity = fc.constantFrom(0, 16, 24, 32, 64, limits.max_capacity, 70000 & 0xffff);
  const mode = fc.oneof({ arbitrary: fc.constantFrom(0, 3, 0x08 | 3, 0x18 | 3, 0x28 | 3, 0x08 | 1), weight: 9 }, { arbitrary: fc.constantFrom(0x40, 1, 2, 4), weight: 1 });
  const flags = fc.constantFrom(0, 0, 3, 1, 2);
  const timeout = fc.constantFrom(0, 0, 1, 5, 0xffff);
  const payload = fc.oneof({ arbitrary: hexBytes(24), weight: 9 }, { arbitrary: fc.integer({ min: 25, max: Math.max(25, limits.default_capacity + 8) }).map((n) => "ab".repeat(n)), weight: 1 });
  const step = <A extends Record<string, unknown>>(op: string, args: fc.Arbitrary<A>, refs: { handle?: boolean; buffer?: boolean; pid?: boolean } = {}): fc.Arbitrary<FuzzStep> =>
    fc.record({ args, h: refs.handle ? use : fc.constant(undefined), b: refs.buffer ? use : fc.constant(undefined), p: refs.pid ? use : fc.constant(undefined) }).map(({ args, h, b, p }) => {
      const s: FuzzStep = { op, args };
      if (h !== undefined) s.useHandle = h;
      if (b !== undefined) s.useBuffer = b;
      if (p !== undefined) s.usePid = p;
      return s;
    });
  const H = { handle: true };
  const bind = step("mbx.bind", fc.record({ pid, target, capacity, mode }));
  const open = step("mbx.open", fc.record({ pid, target, flags }));
  const ops: { arbitrary: fc.Arbitrary<FuzzStep>; weight: number }[] = [
    { arbitrary: step("mbx.send", fc.record({ pid, handle, data: payload, flags: fc.constantFrom(0, 0, 1, 2, 8), channel: fc.constantFrom(0, 3), timeout }), H), weight: 8 },
    { arbitrary: step("mbx.recv", fc.record({ pid, handle, max_len: fc.constantFrom(0, 4, 64, 255), timeout }), H), weight: 7 },
    { arbitrary: step("mbx.peek", fc.record({ pid, handle }), H), weight: 2 },
    { arbitrary: step("mbx.tap", fc.record({ pid, handle, enable: fc.boolean() }), H), weight: 2 },
    { arbitrary: step("mbx.close", fc.record({ pid, handle }), H), weight: 1 },
    { arbitrary: open, weight: 2 },
    { arbitrary: bind, weight: 1 },
    { arbitrary: step("mbx.task_exit", fc.record({ pid: fc.constantFrom(1, 2, 3) }), { pid: true }), weight: 1 },
    { arbitrary: step("mbx.advance", fc.record({ us: fc.constantFrom(500, 1000, 6000, 1_000_000) })), weight: 2 },
  ];
  /** Prelude steps after the opens: zero-copy buffers acquired by pids holding handles. */
  let acquire: fc.Arbitrary<FuzzStep> | null = null;
  if (features.has("zero_copy")) {
    const size = fc.constantFrom(0, 1, 8, 8, zcBytes, zcBytes, zcBytes + 1);
    const zcData = fc.oneof({ arbitrary: hexBytes(24), weight: 9 }, { arbitrary: fc.constant("ab".repeat(zcBytes + 1)), weight: 1 });
    acquire = step("mbx.zc_acquire", fc.record({ pid, size }), { pid: true });
    ops.push(
      { arbitrary: acquire, weight: 3 },
      { arbitrary: step("mbx.zc_write", fc.record({ pid, buffer, data: zcData }), { buffer: true }), weight: 2 },
      {
        arbitrary: step("mbx.zc_send", fc.record({ pid, handle, buffer, length: fc.constantFrom(0, 1, 4, 16, 16, zcBytes, zcBytes + 1), flags: fc.constantFrom(0, 0, 8), channel: fc.constantFrom(0, 2) }), { buffer: true, handle: true }),
        weight: 4,
      },
      { arbitrary: step("mbx.zc_recv", fc.record({ pid, handle }), H), weight: 4 },
      { arbitrary: step("mbx.zc_release", fc.record({ pid, buffer }), { buffer: true }), weight: 2 },
    );
  }
  if (features.has("stats")) {
    ops.push({ arbitrary: step("mbx.stats", fc.constant({})), weight: 1 }, { arbitrary: step("mbx.snapshot", fc.constant({})), weight: 1 });
  }
  const prelude = (arb: fc.Arbitrary<FuzzStep>, maxLength: number) => fc.array(arb, { maxLength, size: "max" });
  return fc
    .tuple(prelude(bind, 3), prelude(open, 8), acquire ? prelude(acquire, 2) : fc.constant([]), fc.array(fc.oneof(...ops), { minLength: 1, maxLength: 50, size: "max" }))
    .map(([binds, opens, acquires, body]) => [...binds, ...opens, ...acquires, ...body]);
}

/** One random instruction from a random state. */
export function isaOps(): fc.Arbitrary<FuzzOp[]> {
  return fc
    .record({
      word: fc.integer({ min: 0, max: 0xffffffff }),
      ext: fc.integer({ min: 0, max: 0xffffffff }),
      regs: fc.array(fc.oneof(fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x4000, 0xfffc), fc.integer({ min: 0, max: 0xffffffff })), { minLength: 16, maxLength: 16 }),
      psw: fc.integer({ min: 0, max: 15 }),
      sp: fc.constantFrom(0x8000, 0xfffc, 0xfffd, 0x10000, 4, 0),
      depth: fc.constantFrom(0, 1),
    })
    .map(({ word, ext, regs, psw, sp, depth }) => {
      const code = Buffer.alloc(8);
      code.writeUInt32BE(word, 0);
      code.writeUInt32BE(ext, 4);
      return [
        { op: "isa.load", args: { code: code.toString("hex"), pc: 0, sp, limit: 0, depth, psw, regs, mem: [] } },
        { op: "isa.run", args: { max_steps: 1 } },
        { op: "isa.state", args: {} },
        { op: "isa.read", args: { addr: Math.max(0, Math.min(sp, 0x10000) - 8), len: 16 } },
      ];
    });
}

/** Wait ids are the adapter's own numbering (not ABI): compare them by order of appearance. */
function normalizeWaits(v: unknown, ids: Map<number, number>): unknown {
  if (Array.isArray(v)) return v.map((x) => normalizeWaits(x, ids));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === "wait" && typeof x === "number") {
        if (!ids.has(x)) ids.set(x, ids.size + 1);
        out[k] = ids.get(x);
      } else out[k] = normalizeWaits(x, ids);
    }
    return out;
  }
  return v;
}

const stable = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => a.localeCompare(b))) : x));

/** An implementation without feature events need not report them: its results' events are not compared. */
function withoutEvents(r: unknown): unknown {
  const o = r as { kind: string; value?: Record<string, unknown> };
  if (o.kind !== "ok" || !o.value || !("events" in o.value)) return r;
  const { events: _events, ...rest } = o.value;
  return { ...o, value: rest };
}

interface Difference {
  at: number;
  /** The operations run, resolved (up to and including the differing one). */
  ops: FuzzOp[];
  a: unknown;
  b: unknown;
  /** The candidate crashed, hung or answered garbage: its session is dead. */
  crashed: boolean;
}

/** A candidate that crashes, hangs or breaks the protocol diverges there: its outcome is that error. */
function transportFailure(e: unknown): { kind: "error"; message: string } {
  if (!(e instanceof TransportError)) throw e;
  const stderr = e.stderr.trim() ? ` [adapter stderr: ${e.stderr.trim().split("\n").slice(-3).join(" | ")}]` : "";
  return { kind: "error", message: `${e.kind}: ${e.message}${stderr}` };
}

/** Run a sequence on a fresh instance of each side; the first differing result (at -1 when none). */
async function firstDifference(level: string, profile: string | null, steps: readonly FuzzStep[], ref: Session, cand: Session, opts: FuzzOptions): Promise<Difference> {
  let crashed = false;
  const guard = <T>(p: Promise<T>): Promise<T | { kind: "error"; message: string }> =>
    p.catch((e: unknown) => {
      crashed = true;
      return transportFailure(e);
    });
  const [ia, ib] = await Promise.all([ref.newInstance(level, profile), guard(cand.newInstance(level, profile))]);
  if (ia.kind !== "ok" || ib.kind !== "ok") return { at: 0, ops: steps.slice(0, 1).map((s) => ({ op: s.op, args: s.args })), a: ia, b: ib, crashed };
  const events = opts.features === undefined || opts.features.includes("events");
  const waitsA = new Map<number, number>();
  const waitsB = new Map<number, number>();
  const obtained = new Obtained();
  const ran: FuzzOp[] = [];
  try {
    for (let i = 0; i < steps.length; i++) {
      const o = obtained.resolve(steps[i]!);
      ran.push(o);
      const [a, b] = await Promise.all([ref.call(ia.value, o.op, o.args), guard(cand.call(ib.value, o.op, o.args))]);
      opts.onStep?.(o, a);
      // Results compare as vectors would: wait ids by order of appearance, free text (detail) never, events only when declared.
      const [ca, cb] = events ? [a, b] : [withoutEvents(a), withoutEvents(b)];
      if (crashed || stable(withoutText(normalizeWaits(ca, waitsA))) !== stable(withoutText(normalizeWaits(cb, waitsB)))) return { at: i, ops: ran, a, b, crashed };
      obtained.observe(o, a);
    }
    return { at: -1, ops: ran, a: null, b: null, crashed };
  } finally {
    await Promise.all([ref.end(ia.value).catch(() => undefined), crashed ? undefined : cand.end(ib.value).catch(() => undefined)]);
  }
}

export interface FuzzOptions {
  /**
   * The candidate's declared features (its handshake). The mailbox generator issues
   * zero-copy calls only with zero_copy and stats/snapshot only with stats, and events
   * are compared only with events. When absent, every feature is assumed.
   */
  features?: readonly string[];
  /** Called after each operation with the operation run and the reference's result (for coverage tallies). */
  onStep?: (op: FuzzOp, reference: unknown) => void;
  /**
   * A fresh candidate session, after one crashed, hung or broke the protocol (a divergence
   * at that step), so shrinking can go on; fuzz ends the sessions it started this way.
   * Without it, the first such sequence is reported unshrunk.
   */
  restart?: () => Promise<Session>;
}

/** The feature an operation belongs to (mailbox level), if any. */
function opFeature(op: string): string | null {
  return op.startsWith("mbx.zc_") ? "zero_copy" : op === "mbx.stats" || op === "mbx.snapshot" ? "stats" : null;
}

/** What a vector of these operations requires: their features, and events when events were compared. */
function featuresOf(level: string, ops: readonly FuzzOp[], opts: FuzzOptions): string[] {
  const out = new Set(ops.flatMap((o) => opFeature(o.op) ?? []));
  if (level === "mailbox" && (opts.features === undefined || opts.features.includes("events"))) out.add("events");
  return [...out].sort();
}

/** Every conf_feature wire name: what an implementation that states none is assumed to have. */
const ALL_FEATURES: readonly string[] = Object.values(ConfFeatureWire);

/**
 * Differential fuzzing in lockstep: random sequences run on the reference and on the
 * candidate; fast-check shrinks the first failing sequence. Deterministic for a seed.
 */
export async function fuzz(level: "mailbox" | "isa", runs: number, seed: number, profile: string | null, ref: Session, cand: Session, opts: FuzzOptions = {}): Promise<Divergence | null> {
  const arb: fc.Arbitrary<FuzzStep[]> = level === "mailbox" ? mailboxOps({ features: opts.features ?? ALL_FEATURES, profile }) : isaOps();
  let found: Divergence | null = null;
  let current = cand;
  const restarted: Session[] = [];
  /** No candidate to run on any more (it crashed and could not be restarted): keep what was found. */
  let dead = false;
  const prop = fc.asyncProperty(arb, async (steps) => {
    if (dead) return true;
    const d = await firstDifference(level, profile, steps, ref, current, opts);
    if (d.crashed) {
      try {
        if (!opts.restart) throw new Error("no restart");
        current = await opts.restart();
        restarted.push(current);
      } catch {
        dead = true;
      }
    }
    if (d.at < 0) return true;
    // Keep the smallest counterexample fast-check reaches (it calls us again while shrinking).
    if (!found || d.ops.length <= found.ops.length) found = { level, seed, profile, features: featuresOf(level, d.ops, opts), ops: d.ops, at: d.at, reference: d.a, candidate: d.b };
    return false;
  });
  try {
    await fc.check(prop, { numRuns: runs, seed, endOnFailure: false }).catch(() => undefined);
  } finally {
    for (const s of restarted) {
      await s.bye().catch(() => undefined);
      await s.endpoint.close();
    }
  }
  return found;
}

/** Vectors never compare message text: drop the free-text `detail` of events. */
function withoutText(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutText);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => k !== "detail").map(([k, x]) => [k, withoutText(x)]));
  return v;
}

/** Write a divergence as a vector file that expects what the reference did (under the profile and features it ran with). */
export function writeDivergence(d: Divergence, dir: string, expectedResults: readonly unknown[]): string {
  mkdirSync(dir, { recursive: true });
  const id = `fuzz.${d.level}.s${d.seed}.n${d.ops.length}`;
  // Events were not compared when the candidate does not report them: the vector does not expect them either.
  const events = d.level !== "mailbox" || d.features.includes("events");
  const steps = d.ops.map((o, i) => {
    const r = expectedResults[i] as { kind: string; value?: unknown } | undefined;
    if (!r || r.kind !== "ok") return { op: o.op, args: o.args };
    const expect = withoutText(r.value) as Record<string, unknown>;
    if (!events && expect && typeof expect === "object") delete expect.events;
    return { op: o.op, args: o.args, expect };
  });
  const file = join(dir, `${id}.yaml`);
  const doc = {
    level: d.level,
    vectors: [
      {
        id,
        title: `Found by differential fuzzing (seed ${d.seed}): results first differ at step ${d.at} (${d.ops[d.at]!.op}); expectations are the reference's results — review before committing`,
        spec: [],
        ...(d.profile !== null ? { profile: d.profile } : {}),
        ...(d.features.length ? { requires: { features: d.features } } : {}),
        tags: ["fuzz"],
        steps,
      },
    ],
  };
  writeFileSync(file, `# Written by hsx-kit certify --fuzz. Review it, then keep it as a regression vector.\n${stringify(doc, { lineWidth: 0 })}`);
  return file;
}

/** Replay a sequence on the reference to record its results (the new vector's expectations). */
export async function referenceResults(level: string, profile: string | null, ops: readonly FuzzOp[], ref: Session): Promise<unknown[]> {
  const inst = await ref.newInstance(level, profile);
  if (inst.kind !== "ok") return [];
  const out: unknown[] = [];
  for (const o of ops) out.push(await ref.call(inst.value, o.op, o.args));
  await ref.end(inst.value);
  return out;
}

// Lockstep differential testing of an adapter against the reference over a wider
// operation set than `certify --fuzz` generates: its mailbox calls plus the zero-copy
// calls (feature zero_copy), stats and snapshot. Results are compared as vectors compare
// them: wait ids by order of appearance, mailbox_error's free-text detail never.
import fc from "fast-check";
import { PROFILES, type ProfileName } from "../../generated/ts/index.js";
import type { FuzzOp } from "../../conformance/runner/fuzz.js";
import type { Session } from "../../conformance/runner/session.js";

const hexBytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b).toString("hex"));

const TARGETS = ["app:a", "app:b", "shared:s"] as const;

/** A buffer argument standing for the buffer the calling pid acquired or received last. */
export const LAST_BUFFER = -1;

/** Replace LAST_BUFFER by the pid's last buffer (0, never a buffer id, when it has none). */
function resolve(o: FuzzOp, last: ReadonlyMap<number, number>): FuzzOp {
  if (o.args.buffer !== LAST_BUFFER) return o;
  return { op: o.op, args: { ...o.args, buffer: last.get(o.args.pid as number) ?? 0 } };
}

/** Remember the buffer a zero-copy acquire or receive gave (from the reference's result). */
function track(o: FuzzOp, r: unknown, last: Map<number, number>): void {
  if (o.op !== "mbx.zc_acquire" && o.op !== "mbx.zc_recv") return;
  const res = r as { kind: string; value?: { status?: number; buffer?: number } };
  if (res.kind === "ok" && res.value?.status === 0 && typeof res.value.buffer === "number") last.set(o.args.pid as number, res.value.buffer);
}

/**
 * Sequences that reach the interesting paths: a prelude binds three targets with random
 * modes and capacities and has pids 0..3 open each (handles 1..3), then random calls
 * on mostly valid handles and buffer ids: sends (with waits), receives, peeks, taps,
 * re-binds, closes, task exits, clock advances, the zero-copy calls, stats, snapshot.
 */
export function lockstepOps(profile: ProfileName): fc.Arbitrary<FuzzOp[]> {
  const limits = PROFILES[profile].limits;
  const zcBytes = limits.zc_buffer_bytes;
  const pid = fc.constantFrom(0, 1, 2, 3);
  const handle = fc.oneof({ arbitrary: fc.constantFrom(1, 2, 3), weight: 9 }, { arbitrary: fc.constantFrom(0, 4, 5), weight: 1 });
  // LAST_BUFFER: the buffer this pid acquired or received last (resolved while running).
  const buffer = fc.oneof({ arbitrary: fc.constant(LAST_BUFFER), weight: 12 }, { arbitrary: fc.integer({ min: 1, max: 6 }), weight: 3 }, { arbitrary: fc.constant(0), weight: 1 });
  const target = fc.constantFrom(...TARGETS);
  const capacity = fc.constantFrom(0, 16, 24, 32, limits.max_capacity);
  const mode = fc.constantFrom(0, 3, 0x08 | 3, 0x18 | 3, 0x28 | 3, 0x08 | 1);
  const timeout = fc.constantFrom(0, 0, 1, 5, 0xffff);
  const prelude = fc.tuple(fc.array(fc.tuple(capacity, mode), { minLength: 3, maxLength: 3 }), fc.array(fc.constantFrom(0, 0, 1, 2, 3), { minLength: 12, maxLength: 12 })).map(([binds, flags]) => {
    const ops: FuzzOp[] = binds.map(([cap, m], i) => ({ op: "mbx.bind", args: { pid: 0, target: TARGETS[i]!, capacity: cap, mode: m } }));
    for (let p = 0; p < 4; p++) for (let t = 0; t < 3; t++) ops.push({ op: "mbx.open", args: { pid: p, target: TARGETS[t]!, flags: flags[p * 3 + t]! } });
    return ops;
  });
  const op = fc.oneof(
    { arbitrary: fc.record({ pid, handle, data: hexBytes(24), flags: fc.constantFrom(0, 1, 8), channel: fc.constantFrom(0, 3), timeout }).map((args) => ({ op: "mbx.send", args })), weight: 8 },
    { arbitrary: fc.record({ pid, handle, max_len: fc.constantFrom(0, 4, 64), timeout }).map((args) => ({ op: "mbx.recv", args })), weight: 8 },
    { arbitrary: fc.record({ pid, handle }).map((args) => ({ op: "mbx.peek", args })), weight: 2 },
    { arbitrary: fc.record({ pid, handle, enable: fc.boolean() }).map((args) => ({ op: "mbx.tap", args })), weight: 2 },
    { arbitrary: fc.record({ pid, target, capacity, mode }).map((args) => ({ op: "mbx.bind", args })), weight: 1 },
    { arbitrary: fc.record({ pid, target, flags: fc.constantFrom(0, 1, 2) }).map((args) => ({ op: "mbx.open", args })), weight: 1 },
    { arbitrary: fc.record({ pid, handle }).map((args) => ({ op: "mbx.close", args })), weight: 1 },
    { arbitrary: fc.record({ pid: fc.constantFrom(1, 2, 3) }).map((args) => ({ op: "mbx.task_exit", args })), weight: 1 },
    { arbitrary: fc.record({ us: fc.constantFrom(500, 1000, 6000, 1_000_000) }).map((args) => ({ op: "mbx.advance", args })), weight: 2 },
    { arbitrary: fc.record({ pid, size: fc.constantFrom(0, 8, zcBytes, zcBytes + 1) }).map((args) => ({ op: "mbx.zc_acquire", args })), weight: 4 },
    { arbitrary: fc.record({ pid, buffer, data: hexBytes(24) }).map((args) => ({ op: "mbx.zc_write", args })), weight: 3 },
    { arbitrary: fc.record({ pid, handle, buffer, length: fc.constantFrom(0, 1, 4, 16, zcBytes + 1), flags: fc.constantFrom(0, 8), channel: fc.constantFrom(0, 2) }).map((args) => ({ op: "mbx.zc_send", args })), weight: 5 },
    { arbitrary: fc.record({ pid, handle }).map((args) => ({ op: "mbx.zc_recv", args })), weight: 5 },
    { arbitrary: fc.record({ pid, buffer }).map((args) => ({ op: "mbx.zc_release", args })), weight: 2 },
    { arbitrary: fc.constant({ op: "mbx.stats", args: {} }), weight: 1 },
    { arbitrary: fc.constant({ op: "mbx.snapshot", args: {} }), weight: 1 },
  );
  return fc.tuple(prelude, fc.array(op, { minLength: 1, maxLength: 60, size: "max" })).map(([a, b]) => [...a, ...b]);
}

function normalize(v: unknown, ids: Map<number, number>): unknown {
  if (Array.isArray(v)) return v.map((x) => normalize(x, ids));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (k === "detail") continue;
      if (k === "wait" && typeof x === "number") {
        if (!ids.has(x)) ids.set(x, ids.size + 1);
        out[k] = ids.get(x);
      } else out[k] = normalize(x, ids);
    }
    return out;
  }
  return v;
}

export interface Mismatch {
  ops: FuzzOp[];
  at: number;
  reference: unknown;
  candidate: unknown;
}

async function firstMismatch(profile: string, ops: readonly FuzzOp[], ref: Session, cand: Session): Promise<Mismatch | null> {
  const [ia, ib] = await Promise.all([ref.newInstance("mailbox", profile), cand.newInstance("mailbox", profile)]);
  if (ia.kind !== "ok" || ib.kind !== "ok") return { ops: [], at: 0, reference: ia, candidate: ib };
  const wa = new Map<number, number>();
  const wb = new Map<number, number>();
  const last = new Map<number, number>();
  const ran: FuzzOp[] = [];
  try {
    for (let i = 0; i < ops.length; i++) {
      const o = resolve(ops[i]!, last);
      ran.push(o);
      const [a, b] = await Promise.all([ref.call(ia.value, o.op, o.args), cand.call(ib.value, o.op, o.args)]);
      const na = normalize(a, wa);
      const nb = normalize(b, wb);
      if (JSON.stringify(na) !== JSON.stringify(nb)) return { ops: ran, at: i, reference: a, candidate: b };
      track(o, a, last);
    }
    return null;
  } finally {
    await Promise.all([ref.end(ia.value).catch(() => undefined), cand.end(ib.value).catch(() => undefined)]);
  }
}

/** Run `runs` random sequences (fixed seed); the shortest mismatch fast-check reaches, or null. */
export async function lockstep(profile: ProfileName, runs: number, seed: number, ref: Session, cand: Session): Promise<Mismatch | null> {
  let found: Mismatch | null = null;
  const prop = fc.asyncProperty(lockstepOps(profile), async (ops) => {
    const m = await firstMismatch(profile, ops, ref, cand);
    if (m === null) return true;
    if (found === null || m.ops.length <= found.ops.length) found = m;
    return false;
  });
  await fc.check(prop, { numRuns: runs, seed, endOnFailure: false }).catch(() => undefined);
  return found;
}

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import type { Session } from "./session.js";

/** One operation of a fuzzed sequence, as the protocol carries it. */
export interface FuzzOp {
  op: string;
  args: Record<string, unknown>;
}

export interface Divergence {
  level: string;
  seed: number;
  /** The shrunk sequence that still diverges. */
  ops: FuzzOp[];
  /** Index of the first operation whose results differ. */
  at: number;
  reference: unknown;
  candidate: unknown;
}

const hexBytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b).toString("hex"));

/** Random mailbox calls over a few pids, targets (valid and not) and handles. */
export function mailboxOps(): fc.Arbitrary<FuzzOp[]> {
  const pid = fc.constantFrom(0, 1, 2, 3);
  const handle = fc.integer({ min: 0, max: 7 });
  const target = fc.constantFrom("app:a", "app:b", "svc:x", "pid:2", "pid:", "shared:s", "app:a@1", "", "app:", "pid:x", "x".repeat(40));
  const mode = fc.constantFrom(0, 3, 0x08 | 3, 0x18 | 3, 0x28 | 3, 0x40, 1, 2);
  const timeout = fc.constantFrom(0, 1, 5, 0xffff);
  const op = fc.oneof(
    fc.record({ pid, target, capacity: fc.constantFrom(0, 8, 16, 24, 64, 70000 & 0xffff), mode }).map((args) => ({ op: "mbx.bind", args })),
    fc.record({ pid, target, flags: fc.constantFrom(0, 1, 2, 3) }).map((args) => ({ op: "mbx.open", args })),
    fc.record({ pid, handle, data: hexBytes(24), flags: fc.constantFrom(0, 1, 2), channel: fc.constantFrom(0, 3), timeout }).map((args) => ({ op: "mbx.send", args })),
    fc.record({ pid, handle, max_len: fc.constantFrom(0, 4, 64), timeout }).map((args) => ({ op: "mbx.recv", args })),
    fc.record({ pid, handle }).map((args) => ({ op: "mbx.peek", args })),
    fc.record({ pid, handle, enable: fc.boolean() }).map((args) => ({ op: "mbx.tap", args })),
    fc.record({ pid, handle }).map((args) => ({ op: "mbx.close", args })),
    fc.record({ pid: fc.constantFrom(1, 2, 3) }).map((args) => ({ op: "mbx.task_exit", args })),
    fc.record({ us: fc.constantFrom(500, 1000, 6000, 1_000_000) }).map((args) => ({ op: "mbx.advance", args })),
  );
  return fc.array(op, { minLength: 1, maxLength: 40 });
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

/** Run a sequence on a fresh instance of each side; the index of the first differing result, or -1. */
async function firstDifference(level: string, profile: string | null, ops: readonly FuzzOp[], ref: Session, cand: Session): Promise<{ at: number; a: unknown; b: unknown }> {
  const [ia, ib] = await Promise.all([ref.newInstance(level, profile), cand.newInstance(level, profile)]);
  if (ia.kind !== "ok" || ib.kind !== "ok") return { at: 0, a: ia, b: ib };
  const waitsA = new Map<number, number>();
  const waitsB = new Map<number, number>();
  try {
    for (let i = 0; i < ops.length; i++) {
      const [a, b] = await Promise.all([ref.call(ia.value, ops[i]!.op, ops[i]!.args), cand.call(ib.value, ops[i]!.op, ops[i]!.args)]);
      // Results compare as vectors would: wait ids by order of appearance, free text (detail) never.
      if (stable(withoutText(normalizeWaits(a, waitsA))) !== stable(withoutText(normalizeWaits(b, waitsB)))) return { at: i, a, b };
    }
    return { at: -1, a: null, b: null };
  } finally {
    await Promise.all([ref.end(ia.value).catch(() => undefined), cand.end(ib.value).catch(() => undefined)]);
  }
}

/**
 * Differential fuzzing in lockstep: random sequences run on the reference and on the
 * candidate; fast-check shrinks the first failing sequence. Deterministic for a seed.
 */
export async function fuzz(level: "mailbox" | "isa", runs: number, seed: number, profile: string | null, ref: Session, cand: Session): Promise<Divergence | null> {
  const arb = level === "mailbox" ? mailboxOps() : isaOps();
  let found: Divergence | null = null;
  const prop = fc.asyncProperty(arb, async (ops) => {
    const d = await firstDifference(level, profile, ops, ref, cand);
    if (d.at < 0) return true;
    // Keep the smallest counterexample fast-check reaches (it calls us again while shrinking).
    if (!found || ops.length <= found.ops.length) found = { level, seed, ops: ops.slice(0, d.at + 1), at: d.at, reference: d.a, candidate: d.b };
    return false;
  });
  await fc.check(prop, { numRuns: runs, seed, endOnFailure: false }).catch(() => undefined);
  return found;
}

/** Vectors never compare message text: drop the free-text `detail` of events. */
function withoutText(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutText);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => k !== "detail").map(([k, x]) => [k, withoutText(x)]));
  return v;
}

/** Write a divergence as a vector file that expects what the reference did. */
export function writeDivergence(d: Divergence, dir: string, expectedResults: readonly unknown[]): string {
  mkdirSync(dir, { recursive: true });
  const id = `fuzz.${d.level}.s${d.seed}.n${d.ops.length}`;
  const steps = d.ops.map((o, i) => {
    const r = expectedResults[i] as { kind: string; value?: unknown } | undefined;
    return r && r.kind === "ok" ? { op: o.op, args: o.args, expect: withoutText(r.value) } : { op: o.op, args: o.args };
  });
  const file = join(dir, `${id}.yaml`);
  const doc = {
    level: d.level,
    vectors: [
      {
        id,
        title: `Found by differential fuzzing (seed ${d.seed}): results first differ at step ${d.at} (${d.ops[d.at]!.op}); expectations are the reference's results — review before committing`,
        spec: [],
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

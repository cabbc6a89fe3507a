import type { Model, OpDef } from "../../codegen/model/types.js";
import type { HelloResult } from "../adapters/protocol.js";
import { Captures, compare, Guides, resolveArgs, UnboundCapture, UnknownEnumName, type Guide } from "./compare.js";
import { prepareArgs, PrepareError } from "./prepare.js";
import type { Session } from "./session.js";
import type { Vector } from "./vectors.js";

export type ResultName = "PASS" | "FAIL" | "ERROR" | "UNSUPPORTED" | "XFAIL" | "XPASS" | "TIMEOUT";

export interface Failure {
  step: number;
  op: string;
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface VectorOutcome {
  result: ResultName;
  message: string | null;
  failure: Failure | null;
}

/** What the runner knows about the spec while executing vectors. */
export class ExecContext {
  readonly guides: Guides;
  private readonly ops = new Map<string, { def: OpDef; result: Guide }>();

  constructor(readonly model: Model) {
    this.guides = new Guides(model);
    for (const op of model.conformance.ops) {
      const fields = [...op.result, ...(model.conformance.commonResults[op.level] ?? [])];
      this.ops.set(op.name, { def: op, result: this.guides.object(fields) });
    }
  }

  op(name: string): { def: OpDef; result: Guide } {
    const o = this.ops.get(name);
    if (!o) throw new Error(`unknown operation ${name}`);
    return o;
  }
}

/** Levels that take a profile; the others run with profile null. */
const PROFILED = new Set(["mailbox", "executive"]);

/** Why the implementation cannot run this vector, or null. */
export function unsupportedReason(v: Vector, hello: HelloResult): string | null {
  if (!hello.levels.includes(v.level)) return `the implementation does not support level ${v.level}`;
  if (v.profile && !hello.profiles.includes(v.profile)) return `the implementation does not support profile ${v.profile}`;
  const missing = v.features.filter((f) => !hello.features.includes(f));
  if (missing.length) return `the implementation does not support feature(s) ${missing.join(", ")}`;
  return null;
}

/** The profile a vector runs under: its own, else desktop when supported, else the first declared. */
export function profileFor(v: Vector, hello: HelloResult): string | null {
  if (!PROFILED.has(v.level)) return null;
  if (v.profile) return v.profile;
  return hello.profiles.includes("desktop") ? "desktop" : (hello.profiles[0] ?? null);
}

/**
 * Run one vector on a fresh instance (conformance.rule.ISOLATION). Transport failures
 * (crash, hang, garbage) propagate as TransportError for the caller to classify.
 */
export async function runVector(session: Session, v: Vector, hello: HelloResult, ctx: ExecContext): Promise<VectorOutcome> {
  const why = unsupportedReason(v, hello);
  if (why) return { result: "UNSUPPORTED", message: why, failure: null };
  const created = await session.newInstance(v.level, profileFor(v, hello));
  if (created.kind === "unsupported") return { result: "UNSUPPORTED", message: created.reason, failure: null };
  if (created.kind === "error") return { result: "ERROR", message: `new ${v.level} instance: ${created.message}`, failure: null };
  const instance = created.value;
  const caps = new Captures();
  try {
    for (let i = 0; i < v.steps.length; i++) {
      const step = v.steps[i]!;
      const op = ctx.op(step.op);
      let args;
      try {
        args = prepareArgs(step.op, resolveArgs(step.args, [...op.def.args, ...op.def.vectorArgs], caps, ctx.guides), v.id);
      } catch (e) {
        if (e instanceof UnboundCapture || e instanceof UnknownEnumName || e instanceof PrepareError) return { result: "ERROR", message: `step ${i} (${step.op}): ${e.message} (a broken vector)`, failure: null };
        throw e;
      }
      const r = await session.call(instance, step.op, args);
      if (r.kind === "unsupported") {
        // Declaring a level means supporting all of its operations.
        return { result: "ERROR", message: `step ${i}: ${step.op} answered unsupported (${r.reason}) although level ${v.level} was declared`, failure: null };
      }
      if (r.kind === "error") return { result: "ERROR", message: `step ${i} (${step.op}): ${r.message}`, failure: null };
      if (step.expect) {
        const m = compare(step.expect, r.value, op.result, "$", caps, ctx.guides);
        if (m) {
          const note = m.note ? ` (${m.note})` : "";
          return {
            result: "FAIL",
            message: `step ${i} (${step.op}): ${m.path} expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}${note}`,
            failure: { step: i, op: step.op, path: m.path, expected: m.expected, actual: m.actual === undefined ? null : m.actual },
          };
        }
      }
    }
  } finally {
    await session.end(instance).catch(() => undefined);
  }
  return { result: "PASS", message: null, failure: null };
}

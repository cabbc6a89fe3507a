import type { EnumDef, Model, SpecItem } from "../../codegen/model/types.js";
import { readHxe } from "../../src/hxe/index.js";
import { fromHex } from "../adapters/hex.js";
import { enumValue } from "./compare.js";
import { prepareArgs } from "./prepare.js";
import type { Vector } from "./vectors.js";

/** A claim a vector makes ("I check item X") that its steps do not bear out. */
export interface UnverifiedClaim {
  vector: string;
  item: string;
  why: string;
}

export interface CoverageResult {
  gate: string[];
  total: number;
  covered: number;
  missing: string[];
  kinds: { kind: string; covered: number; total: number }[];
  /** Gated item id -> passing vectors that cover it. */
  byItem: Map<string, string[]>;
  unverified: UnverifiedClaim[];
}

type Json = unknown;

/** Every (key, value) pair in a step's expectations, recursively (arrays and $include too). */
function* entries(v: Json, key = ""): Generator<[string, Json]> {
  if (Array.isArray(v)) for (const x of v) yield* entries(x, key);
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v as Record<string, Json>)) {
      yield [k, x];
      yield* entries(x, k);
    }
  }
}

function matches(e: EnumDef, want: number, got: Json): boolean {
  if (typeof got === "number") return got >>> 0 === want >>> 0;
  if (typeof got === "string") return enumValue(e, got) === want >>> 0;
  return false;
}

/** Decide whether a vector really exercises the item it names, from its steps alone. */
export class ClaimChecker {
  private readonly enums = new Map<string, EnumDef>();
  private readonly opField: { shift: number; mask: number };
  private readonly svcOps: Record<string, string>;

  constructor(private readonly model: Model) {
    for (const e of model.enums) this.enums.set(e.name, e);
    const f = model.isa.word.fields.find((x) => x.name === "op")!;
    this.opField = { shift: f.shift, mask: f.mask };
    // Mailbox SVC functions are exercised by the mailbox operations of the same name.
    this.svcOps = { OPEN: "mbx.open", BIND: "mbx.bind", SEND: "mbx.send", RECV: "mbx.recv", PEEK: "mbx.peek", TAP: "mbx.tap", CLOSE: "mbx.close" };
  }

  /** SVC immediates (mod << 8 | fn) in the code of every image an executive vector loads. */
  private svcImms(v: Vector): Set<number> {
    const out = new Set<number>();
    const svc = this.model.isa.opcodes.find((o) => o.mnemonic === "SVC")!.value;
    const imm = this.model.isa.word.fields.find((f) => f.name === "imm12")!;
    for (const s of v.steps) {
      if (s.op !== "exec.load") continue;
      try {
        const image = prepareArgs(s.op, s.args, v.id).image;
        const code = readHxe(fromHex(image)).code;
        for (let i = 0; i + 4 <= code.length; i += 4) {
          const w = ((code[i]! << 24) | (code[i + 1]! << 16) | (code[i + 2]! << 8) | code[i + 3]!) >>> 0;
          if (((w >>> this.opField.shift) & this.opField.mask) === svc) out.add((w >>> imm.shift) & imm.mask);
        }
      } catch {
        // An image that does not build or load proves nothing.
      }
    }
    return out;
  }

  private wire(state: string): string | null {
    return this.enums.get("task_state")!.values.find((v) => v.name === state)?.wire ?? null;
  }

  private expects(v: Vector): Json[] {
    return v.steps.map((s) => s.expect).filter((x) => x !== null);
  }

  private enumItem(item: SpecItem): { e: EnumDef; value: number; name: string } | null {
    const [, en, name] = item.id.split(".");
    const e = this.enums.get(en!);
    const val = e?.values.find((x) => x.name === name);
    return e && val ? { e, value: val.value, name: val.name } : null;
  }

  /** null when verified, else why not. */
  check(v: Vector, item: SpecItem): string | null {
    switch (item.kind) {
      case "opcode": {
        const mn = item.id.split(".")[2]!;
        const op = this.model.isa.opcodes.find((o) => o.mnemonic === mn)!;
        for (const s of v.steps) {
          if (s.op !== "isa.load") continue;
          const code = String(s.args.code ?? "");
          const pc = Number(s.args.pc ?? 0);
          const word = parseInt(code.slice(pc * 2, pc * 2 + 8), 16) >>> 0;
          if (((word >>> this.opField.shift) & this.opField.mask) === op.value) return null;
        }
        return `no isa.load puts ${mn} at pc`;
      }
      case "vm_error":
      case "mbx_status":
      case "hxe_error": {
        const it = this.enumItem(item);
        if (!it) return "unknown enum value";
        const keys = item.kind === "vm_error" ? ["code", "fault"] : item.kind === "hxe_error" ? ["error"] : ["status"];
        for (const x of this.expects(v)) for (const [k, val] of entries(x)) if (keys.includes(k) && matches(it.e, it.value, val)) return null;
        return `no expectation has ${keys.join("/")} = ${it.name}`;
      }
      case "mbx_mode": {
        const it = this.enumItem(item);
        if (!it) return "unknown enum value";
        for (const s of v.steps) {
          if (s.op !== "mbx.bind" && s.op !== "mbx.open") continue;
          const raw = s.op === "mbx.bind" ? s.args.mode : s.args.flags;
          const n = typeof raw === "string" ? enumValue(it.e, raw) : typeof raw === "number" ? raw : null;
          if (n !== null && (n & it.value) === it.value) return null;
        }
        return `no mbx.bind or mbx.open uses ${it.name}`;
      }
      case "event": {
        const name = item.id.split(".")[1]!;
        for (const x of this.expects(v)) for (const [k, val] of entries(x)) if (k === "type" && val === name) return null;
        return `no expectation lists a ${name} event`;
      }
      case "svc_function": {
        const [, , mod, fn] = item.id.split(".");
        if (mod === this.model.mailbox.svcModule && v.steps.some((s) => s.op === this.svcOps[fn!])) return null;
        const m = this.model.svc.modules.find((x) => x.name === mod);
        const f = m?.functions.find((x) => x.name === fn);
        if (m && f && this.svcImms(v).has((m.number << 8) | f.number)) return null;
        return `no step performs ${mod}.${fn} (no mbx op, no SVC ${mod}.${fn} in a loaded image)`;
      }
      case "transition": {
        const [, , from, to] = item.id.split(".");
        for (const s of v.steps) {
          if (s.op === "exec.transition" && s.args.from === from && s.args.to === to && s.expect && (s.expect as Record<string, Json>).allowed === true) return null;
        }
        const prev = from === "NONE" ? null : this.wire(from!);
        const next = this.wire(to!);
        for (const x of this.expects(v)) {
          for (const [k, val] of entries(x)) {
            if (k !== "events" || !Array.isArray(val) && !(val && typeof val === "object")) continue;
            const list = Array.isArray(val) ? val : ((val as { $include?: Json[] }).$include ?? []);
            for (const e of list as Record<string, Json>[]) {
              const d = e?.data as Record<string, Json> | undefined;
              if (e?.type === "task_state" && d && d.new_state === next && (d.prev_state ?? null) === prev && "prev_state" in d) return null;
            }
          }
        }
        return `no expected task_state event ${from} -> ${to} and no exec.transition check of it`;
      }
      case "profile_limit": {
        const profile = item.id.split(".")[1];
        return v.profile === profile ? null : `the vector does not run under profile ${profile}`;
      }
      default:
        return null;
    }
  }
}

/**
 * Spec coverage computed from the spec: every gated item (implemented, not exempt)
 * must be named by at least one passing vector whose steps bear the claim out.
 */
export function computeCoverage(model: Model, vectors: readonly Vector[], passed: ReadonlySet<string>): CoverageResult {
  const gate = model.conformance.coverage.gate;
  const items = model.items.filter((i) => gate.includes(i.kind) && i.status === "implemented");
  const byId = new Map(items.map((i) => [i.id, i]));
  const checker = new ClaimChecker(model);
  const byItem = new Map<string, string[]>(items.map((i) => [i.id, []]));
  const unverified: UnverifiedClaim[] = [];
  for (const v of vectors) {
    if (!passed.has(v.id)) continue;
    for (const id of v.spec) {
      const item = byId.get(id);
      if (!item) continue;
      const why = checker.check(v, item);
      if (why) unverified.push({ vector: v.id, item: id, why });
      else byItem.get(id)!.push(v.id);
    }
  }
  const missing = items.filter((i) => byItem.get(i.id)!.length === 0).map((i) => i.id);
  const kinds = gate.map((kind) => {
    const of = items.filter((i) => i.kind === kind);
    return { kind, covered: of.filter((i) => byItem.get(i.id)!.length > 0).length, total: of.length };
  });
  return { gate, total: items.length, covered: items.length - missing.length, missing, kinds, byItem, unverified };
}

import type { EnumDef, FieldDef, ItemType, Model } from "../../codegen/model/types.js";

/** The first difference between an expectation and a result. */
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
  note?: string;
}

/** What compare knows about a position in a result: enum of its values, shape of its children. */
export interface Guide {
  refEnum: EnumDef | null;
  fields: Record<string, Guide> | null;
  items: Guide | null;
  /** For event lists: data fields by event type. */
  events: boolean;
}

const EMPTY: Guide = { refEnum: null, fields: null, items: null, events: false };

/** Builds guides from the spec's field definitions (enum names compare by value). */
export class Guides {
  private readonly enums = new Map<string, EnumDef>();
  private readonly eventData = new Map<string, Guide>();

  constructor(private readonly model: Model) {
    for (const e of model.enums) this.enums.set(e.name, e);
    for (const ev of model.events.events) this.eventData.set(ev.name, this.object(ev.fields));
  }

  object(fields: readonly FieldDef[]): Guide {
    const out: Record<string, Guide> = {};
    for (const f of fields) out[f.name] = this.field(f);
    return { ...EMPTY, fields: out };
  }

  field(f: FieldDef): Guide {
    const refEnum = f.refEnum ? (this.enums.get(f.refEnum) ?? null) : null;
    if (f.type === "array" && f.items) {
      const items = this.item(f.items);
      return { ...EMPTY, items, events: f.name === "events" };
    }
    if (f.type === "object" && f.fields) return this.object(f.fields);
    if (f.type === "ref" && f.ref) return this.record(f.ref);
    return { ...EMPTY, refEnum };
  }

  private item(t: ItemType): Guide {
    if (typeof t === "string") return EMPTY;
    if (t.type === "ref") return this.record(t.ref);
    return this.object(t.fields);
  }

  private record(name: string): Guide {
    const r = this.model.records.find((x) => x.name === name);
    return r ? this.object(r.fields) : EMPTY;
  }

  eventGuide(type: unknown): Guide | null {
    return typeof type === "string" ? (this.eventData.get(type) ?? null) : null;
  }
}

/** Values captured by "$name" in expectations, substituted into later arguments. */
export class Captures {
  readonly vars = new Map<string, unknown>();

  clone(): Captures {
    const c = new Captures();
    for (const [k, v] of this.vars) c.vars.set(k, v);
    return c;
  }
}

const isVar = (v: unknown): v is string => typeof v === "string" && /^\$[a-z_][a-z0-9_]*$/.test(v);

/** "$$x" is the literal string "$x" (a target that looks like a capture). */
const literal = (v: unknown): unknown => (typeof v === "string" && v.startsWith("$$") ? v.slice(1) : v);

export class UnboundCapture extends Error {}
export class UnknownEnumName extends Error {}

/** An enum value given by name ("TIMEOUT"), or a flag set ("FANOUT|FANOUT_DROP"). */
export function enumValue(e: EnumDef, name: string): number | null {
  const parts = name.split("|").map((s) => s.trim());
  let v = 0;
  for (const p of parts) {
    const hit = e.values.find((x) => x.name === p || x.wire === p);
    if (!hit) return null;
    if (parts.length > 1 && e.kind !== "flags") return null;
    v |= hit.value;
  }
  return v >>> 0;
}

/** Replace captures and enum names in a step's arguments with their values. */
export function resolveArgs(args: Record<string, unknown>, fields: readonly FieldDef[], caps: Captures, guides: Guides): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (isVar(v)) {
      if (!caps.vars.has(v)) throw new UnboundCapture(`argument ${k} uses ${v}, which no earlier result captured`);
      out[k] = caps.vars.get(v);
      continue;
    }
    const f = fields.find((x) => x.name === k);
    const g = f ? guides.field(f) : EMPTY;
    if (typeof v === "string" && v.startsWith("$$")) {
      out[k] = literal(v);
      continue;
    }
    if (typeof v === "string" && g.refEnum && f?.type !== "string") {
      const n = enumValue(g.refEnum, v);
      if (n === null) throw new UnknownEnumName(`argument ${k}: "${v}" is not a value of ${g.refEnum.name}`);
      out[k] = n;
      continue;
    }
    out[k] = v;
  }
  return out;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object).sort();
  const kb = Object.keys(b as object).sort();
  return deepEqual(ka, kb) && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Compare an expectation with a result (conformance.rule.COMPARE): only listed fields
 * count; arrays compare fully unless given as {$include}; enum names compare by value;
 * "$name" captures on first use.
 */
export function compare(expected: unknown, actual: unknown, guide: Guide, path: string, caps: Captures, guides: Guides): Mismatch | null {
  if (isVar(expected)) {
    if (!caps.vars.has(expected)) {
      caps.vars.set(expected, actual);
      return null;
    }
    const bound = caps.vars.get(expected);
    return deepEqual(bound, actual) ? null : { path, expected: bound, actual, note: `${expected} was captured earlier` };
  }
  if (expected === null) return actual === null || actual === undefined ? null : { path, expected, actual };
  if (typeof expected === "string" && typeof actual === "number" && guide.refEnum) {
    const v = enumValue(guide.refEnum, expected);
    if (v === null) return { path, expected, actual, note: `"${expected}" is not a value of ${guide.refEnum.name}` };
    return v === actual >>> 0 ? null : { path, expected, actual, note: `${expected} = ${v}` };
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, expected, actual };
    if (expected.length !== actual.length) return { path: `${path}.length`, expected: expected.length, actual: actual.length };
    for (let i = 0; i < expected.length; i++) {
      const m = compare(expected[i], actual[i], itemGuide(guide, expected[i], guides), `${path}[${i}]`, caps, guides);
      if (m) return m;
    }
    return null;
  }
  if (expected && typeof expected === "object") {
    const exp = expected as Record<string, unknown>;
    if ("$include" in exp && Array.isArray(exp.$include)) return includes(exp.$include, actual, guide, path, caps, guides);
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) return { path, expected, actual };
    const act = actual as Record<string, unknown>;
    for (const [k, v] of Object.entries(exp)) {
      const sub = guide.fields?.[k] ?? EMPTY;
      const m = compare(v, act[k], sub, `${path}.${k}`, caps, guides);
      if (m) return m;
    }
    return null;
  }
  const lit = literal(expected);
  return lit === actual ? null : { path, expected: lit, actual };
}

/** The guide for one list item; an event item's data takes its type's fields. */
function itemGuide(guide: Guide, expectedItem: unknown, guides: Guides): Guide {
  const g = guide.items ?? EMPTY;
  if (!guide.events || !expectedItem || typeof expectedItem !== "object") return g;
  const data = guides.eventGuide((expectedItem as Record<string, unknown>).type);
  return data ? { ...g, fields: { ...(g.fields ?? {}), data } } : g;
}

/** An ordered subsequence: each expected item matches a later actual item than the one before. */
function includes(expected: unknown[], actual: unknown, guide: Guide, path: string, caps: Captures, guides: Guides): Mismatch | null {
  if (!Array.isArray(actual)) return { path, expected: { $include: expected }, actual };
  let from = 0;
  for (let i = 0; i < expected.length; i++) {
    let hit = -1;
    for (let j = from; j < actual.length; j++) {
      const trial = caps.clone();
      if (!compare(expected[i], actual[j], itemGuide(guide, expected[i], guides), `${path}[${j}]`, trial, guides)) {
        for (const [k, v] of trial.vars) caps.vars.set(k, v);
        hit = j;
        break;
      }
    }
    if (hit < 0) return { path: `${path}`, expected: expected[i], actual, note: `no item at or after index ${from} matches expected item ${i} of $include` };
    from = hit + 1;
  }
  return null;
}

import type { EnumDef, FieldDef, ItemType, Model, ScalarType } from "./types.js";

/** A JSON Schema (draft-07) as plain data. */
export type JsonSchema = { [k: string]: unknown };

const INT_RANGE: Partial<Record<ScalarType, [number, number]>> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffffffff],
  u64: [0, Number.MAX_SAFE_INTEGER],
  i32: [-0x80000000, 0x7fffffff],
  i64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/**
 * Turns the spec's field language into JSON Schema. Referenced records are
 * collected into `definitions` so a caller can emit one self-contained schema.
 */
export class SchemaBuilder {
  readonly definitions: Record<string, JsonSchema> = {};

  constructor(private readonly model: Model) {}

  private enumOf(name: string): EnumDef {
    const e = this.model.enums.find((x) => x.name === name);
    if (!e) throw new Error(`unknown enum ${name}`);
    return e;
  }

  scalar(t: ScalarType, f?: Pick<FieldDef, "refEnum" | "enum">): JsonSchema {
    if (f?.enum) return { type: "string", enum: [...new Set(f.enum)] };
    if (f?.refEnum) {
      const e = this.enumOf(f.refEnum);
      // A flags field holds any combination of its bits.
      if (e.kind === "flags" && t !== "string") return { type: "integer", minimum: 0, maximum: 2 ** e.width - 1 };
      const live = e.values.filter((v) => !v.reserved);
      if (t === "string") return { type: "string", enum: [...new Set(live.map((v) => v.wire ?? v.name))] };
      return { type: "integer", enum: [...new Set(live.map((v) => v.value))] };
    }
    const range = INT_RANGE[t];
    if (range) return { type: "integer", minimum: range[0], maximum: range[1] };
    switch (t) {
      case "int":
        return { type: "integer" };
      case "number":
        return { type: "number" };
      case "bool":
        return { type: "boolean" };
      case "string":
        return { type: "string" };
      case "mode":
        return { anyOf: [{ type: "integer", minimum: 0 }, { type: "string", pattern: "^[\\sA-Za-z_|,]*$" }] };
      case "any":
        return {};
      case "hex":
        return { type: "string", pattern: "^([0-9a-f]{2})*$" };
      default:
        throw new Error(`no schema for scalar ${t}`);
    }
  }

  field(f: FieldDef): JsonSchema {
    let s: JsonSchema;
    switch (f.type) {
      case "object":
        s = this.object(f.fields ?? [], f.open);
        break;
      case "array":
        s = { type: "array", items: f.items ? this.item(f.items) : {} };
        break;
      case "map":
        s = { type: "object", propertyNames: { pattern: "^(0|[1-9][0-9]*)$" }, additionalProperties: f.values ? this.scalar(f.values) : {} };
        break;
      case "ref":
        s = this.ref(f.ref!);
        break;
      default:
        s = this.scalar(f.type, f);
    }
    if (f.doc) s = { ...s, description: f.doc };
    return f.nullable ? nullable(s) : s;
  }

  item(t: ItemType): JsonSchema {
    if (typeof t === "string") return this.scalar(t);
    return t.type === "ref" ? this.ref(t.ref) : this.object(t.fields, t.open);
  }

  ref(name: string): JsonSchema {
    if (!this.definitions[name]) {
      const r = this.model.records.find((x) => x.name === name);
      if (!r) throw new Error(`unknown record ${name}`);
      this.definitions[name] = {}; // placeholder against cycles
      this.definitions[name] = { ...this.object(r.fields, false), description: r.doc };
    }
    return { $ref: `#/definitions/${name}` };
  }

  /** A closed object (unless `open`), every non-optional field required; aliases are alternatives. */
  object(fields: readonly FieldDef[], open: boolean): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const alternatives: string[][] = [];
    for (const f of fields) {
      const s = this.field(f);
      properties[f.name] = s;
      for (const a of f.aliases) properties[a] = s;
      if (f.optional) continue;
      if (f.aliases.length) alternatives.push([f.name, ...f.aliases]);
      else required.push(f.name);
    }
    const out: JsonSchema = { type: "object", properties, additionalProperties: open };
    if (required.length) out.required = required;
    if (alternatives.length === 1) out.anyOf = alternatives[0]!.map((n) => ({ required: [n] }));
    if (alternatives.length > 1) out.allOf = alternatives.map((alt) => ({ anyOf: alt.map((n) => ({ required: [n] })) }));
    return out;
  }
}

function nullable(s: JsonSchema): JsonSchema {
  if (typeof s.type === "string" && !("anyOf" in s)) {
    const out: JsonSchema = { ...s, type: [s.type, "null"] };
    if (Array.isArray(s.enum)) out.enum = [...(s.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [s, { type: "null" }] };
}

import { SchemaBuilder, type JsonSchema } from "../model/json-schema.js";
import type { FieldDef, ItemType, Model, OpDef } from "../model/types.js";

/** A validator to export from a schema's module: a JSON Pointer into it, optionally grouped by key. */
export interface SchemaExport {
  name: string;
  pointer: string;
  typeName: string;
  group?: { name: string; key: string };
}

const VAR = { type: "string", pattern: "^\\$[a-z_][a-z0-9_]*$", description: "A captured value: bound on first use, compared afterwards" };

const defName = (prefix: string, op: string) => `${prefix}_${op.replace(/\./g, "_")}`;

/** Result fields of an operation, including those every operation of its level carries. */
export function opResultFields(m: Model, op: OpDef): FieldDef[] {
  return [...op.result, ...(m.conformance.commonResults[op.level] ?? [])];
}

/** Adapter protocol: requests, replies, and every command's and operation's payload. */
export function adapterSchema(m: Model): { body: JsonSchema; exports: SchemaExport[]; sb: SchemaBuilder } {
  const sb = new SchemaBuilder(m);
  const defs: Record<string, JsonSchema> = {};
  const requests: JsonSchema[] = [];
  const exports: SchemaExport[] = [];
  for (const c of m.conformance.protocol.commands) {
    const req = sb.object(c.request, false);
    const props = { seq: { type: "integer", minimum: 0 }, cmd: { const: c.name }, ...(req.properties as object) };
    defs[defName("request", c.name)] = { ...req, description: c.doc, properties: props, required: ["seq", "cmd", ...((req.required as string[]) ?? [])] };
    requests.push({ $ref: `#/definitions/${defName("request", c.name)}` });
    defs[defName("reply", c.name)] = { ...sb.object(c.reply, false), description: `What "ok" holds in the reply to ${c.name}.` };
    exports.push({ name: `validateReply_${c.name}`, pointer: `#/definitions/${defName("reply", c.name)}`, typeName: "unknown", group: { name: "REPLY_VALIDATORS", key: c.name } });
  }
  for (const op of m.conformance.ops) {
    defs[defName("args", op.name)] = { ...sb.object(op.args, false), description: `Arguments of ${op.name}: ${op.doc}` };
    defs[defName("result", op.name)] = { ...sb.object(opResultFields(m, op), false), description: `Result of ${op.name}` };
    exports.push({ name: `validateArgs_${op.name.replace(/\./g, "_")}`, pointer: `#/definitions/${defName("args", op.name)}`, typeName: "unknown", group: { name: "ARGS_VALIDATORS", key: op.name } });
    exports.push({ name: `validateResult_${op.name.replace(/\./g, "_")}`, pointer: `#/definitions/${defName("result", op.name)}`, typeName: "unknown", group: { name: "RESULT_VALIDATORS", key: op.name } });
  }
  defs.request = { title: "AdapterRequest", description: "A request from the runner.", type: "object", discriminator: { propertyName: "cmd" }, required: ["cmd"], oneOf: requests };
  defs.reply = {
    title: "AdapterReply",
    description: "A reply from the adapter: exactly one of ok, unsupported, error, echoing seq.",
    oneOf: [
      { type: "object", required: ["seq", "ok"], additionalProperties: false, properties: { seq: { type: "integer", minimum: 0 }, ok: { type: "object" } } },
      {
        type: "object",
        required: ["seq", "unsupported"],
        additionalProperties: false,
        properties: { seq: { type: "integer", minimum: 0 }, unsupported: { type: "object", required: ["reason"], properties: { reason: { type: "string" } }, additionalProperties: false } },
      },
      {
        type: "object",
        required: ["seq", "error"],
        additionalProperties: false,
        properties: { seq: { type: "integer", minimum: 0 }, error: { type: "object", required: ["message"], properties: { message: { type: "string" }, context: {} }, additionalProperties: false } },
      },
    ],
  };
  exports.unshift({ name: "validateAdapterRequest", pointer: "#/definitions/request", typeName: "AdapterRequest" }, { name: "validateAdapterReply", pointer: "#/definitions/reply", typeName: "AdapterReply" });
  return { body: { description: "The hsx-kit adapter protocol (JSON lines).", definitions: defs, anyOf: [{ $ref: "#/definitions/request" }, { $ref: "#/definitions/reply" }] }, exports, sb };
}

/**
 * Vector files. Steps are checked per operation: args hold values or "$captures";
 * expectations are partial, may name enum values, capture with "$name", and may
 * give an array as {"$include": [...]} (an ordered subsequence).
 */
export class VectorSchemaBuilder {
  constructor(
    private readonly m: Model,
    private readonly sb: SchemaBuilder,
  ) {}

  private withVar(s: JsonSchema): JsonSchema {
    return { anyOf: [s, VAR] };
  }

  /** Integer values tied to an enum may be named: "TIMEOUT", or for flags "FANOUT|FANOUT_DROP". */
  private names(refEnum: string): JsonSchema {
    const e = this.m.enums.find((x) => x.name === refEnum)!;
    const alt = this.enumNames(refEnum).join("|");
    return e.kind === "flags" ? { type: "string", pattern: `^(${alt})(\\|(${alt}))*$` } : { type: "string", enum: this.enumNames(refEnum) };
  }

  arg(f: FieldDef): JsonSchema {
    const s = this.sb.field(f);
    if (f.refEnum && f.type !== "string") return { anyOf: [s, VAR, this.names(f.refEnum)] };
    return this.withVar(s);
  }

  private enumNames(refEnum: string): string[] {
    return this.m.enums.find((e) => e.name === refEnum)!.values.filter((v) => !v.reserved).map((v) => v.name);
  }

  expect(f: FieldDef): JsonSchema {
    let s: JsonSchema;
    if (f.type === "array" && f.items) {
      const item = this.expectItem(f.items);
      const arr = { type: "array", items: item };
      s = { anyOf: [arr, { type: "object", required: ["$include"], additionalProperties: false, properties: { $include: arr } }] };
    } else if (f.type === "object" && f.fields) {
      s = this.partial(f.fields, f.open);
    } else if (f.type === "ref" && f.ref) {
      const r = this.m.records.find((x) => x.name === f.ref)!;
      s = this.partial(r.fields, false);
    } else {
      s = this.sb.field({ ...f, nullable: false });
      if (f.refEnum && f.type !== "string") s = { anyOf: [s, this.names(f.refEnum)] };
    }
    const alts: JsonSchema[] = [s, VAR];
    if (f.nullable) alts.push({ type: "null" });
    return { anyOf: alts };
  }

  private expectItem(t: ItemType): JsonSchema {
    if (typeof t === "string") return { anyOf: [this.sb.scalar(t), VAR] };
    if (t.type === "ref") return this.partial(this.m.records.find((r) => r.name === t.ref)!.fields, false);
    return this.partial(t.fields, t.open);
  }

  /** Every field optional; unknown fields rejected unless the object is open. */
  partial(fields: readonly FieldDef[], open: boolean): JsonSchema {
    const props: Record<string, JsonSchema> = {};
    for (const f of fields) props[f.name] = this.expect(f);
    return { type: "object", properties: props, additionalProperties: open };
  }

  step(op: OpDef): JsonSchema {
    const args: Record<string, JsonSchema> = {};
    for (const f of [...op.args, ...op.vectorArgs]) args[f.name] = this.arg(f);
    // With runner-side alternatives (source instead of image) either set may be given.
    const required = op.vectorArgs.length ? [] : op.args.filter((f) => !f.optional).map((f) => f.name);
    return {
      type: "object",
      description: `${op.name}: ${op.doc}`,
      required: ["op"],
      additionalProperties: false,
      properties: {
        op: { const: op.name },
        note: { type: "string" },
        args: { type: "object", properties: args, additionalProperties: false, ...(required.length ? { required } : {}) },
        expect: this.partial(opResultFields(this.m, op), false),
      },
    };
  }
}

export function vectorFileSchema(m: Model): { body: JsonSchema; sb: SchemaBuilder } {
  const sb = new SchemaBuilder(m);
  const vb = new VectorSchemaBuilder(m, sb);
  const stepDefs: Record<string, JsonSchema> = {};
  for (const op of m.conformance.ops) stepDefs[defName("step", op.name)] = vb.step(op);
  const file = sb.object(m.records.find((r) => r.name === "vector_file")!.fields, false);
  // The vector record's steps are typed per operation here, and ids get their pattern.
  sb.ref("vector");
  const vec = sb.definitions.vector!;
  const vprops = { ...(vec.properties as Record<string, JsonSchema>) };
  vprops.steps = { type: "array", minItems: 1, items: { type: "object", required: ["op"], discriminator: { propertyName: "op" }, oneOf: Object.keys(stepDefs).map((k) => ({ $ref: `#/definitions/${k}` })) } };
  vprops.id = { type: "string", pattern: "^[a-z0-9]+(\\.[A-Za-z0-9_-]+)+$" };
  sb.definitions.vector = { ...vec, properties: vprops };
  const body: JsonSchema = {
    description: "A file of hsx-kit conformance vectors.",
    ...file,
    properties: { $comment: { type: "string" }, ...(file.properties as object) },
    definitions: stepDefs,
  };
  return { body, sb };
}

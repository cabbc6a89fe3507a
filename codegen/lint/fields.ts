import type { FieldDef, ItemType } from "../model/types.js";
import { checkUnique, type LintContext } from "./context.js";

const INT_TYPES = new Set(["u8", "u16", "u32", "u64", "i32", "i64", "int"]);

/** Field lists (records, events, envelope, the .mailbox document): unique names, resolved references, sane shapes. */
export function lintFields(ctx: LintContext): void {
  const m = ctx.model;
  checkUnique(ctx, m.records, (r) => r.name, (r) => r.id, "record.duplicate-name", "record");
  for (const r of m.records) checkFieldList(ctx, r.id, r.fields);
  checkFieldList(ctx, "events.envelope", m.events.envelope);
  for (const e of m.events.events) checkFieldList(ctx, e.id, e.fields);
  checkFieldList(ctx, "hxe.mailbox_document", m.hxe.mailboxDocument.entry);
  for (const c of m.conformance.protocol.commands) {
    checkFieldList(ctx, `conformance.command.${c.name}`, c.request);
    checkFieldList(ctx, `conformance.command.${c.name}`, c.reply);
  }
  for (const o of m.conformance.ops) {
    checkFieldList(ctx, o.id, [...o.args, ...o.vectorArgs]);
    checkFieldList(ctx, o.id, o.result);
  }
  for (const fields of Object.values(m.conformance.commonResults)) checkFieldList(ctx, "conformance.op", fields);
}

function checkFieldList(ctx: LintContext, owner: string, fields: readonly FieldDef[]): void {
  const names = fields.flatMap((f) => [f.name, ...f.aliases]);
  checkUnique(ctx, names, (n) => n, () => owner, "field.duplicate-name", "field or alias");
  for (const f of fields) checkField(ctx, owner, f);
}

function checkField(ctx: LintContext, owner: string, f: FieldDef): void {
  const m = ctx.model;
  const where = `${owner}: field ${f.name}`;
  if (f.refEnum) {
    const e = m.enums.find((x) => x.name === f.refEnum);
    if (!e) ctx.report(owner, "field.unresolved", `${where} refers to unknown enum ${f.refEnum}`);
    else if (f.type === "string" && e.values.some((v) => v.wire === null)) ctx.report(owner, "field.wire", `${where}: a string field needs an enum with wire names (${e.name})`);
    else if (f.type !== "string" && !INT_TYPES.has(f.type)) ctx.report(owner, "field.ref-enum", `${where}: ref_enum needs an integer or string field`);
  }
  if (f.enum && f.type !== "string") ctx.report(owner, "field.enum", `${where}: a list of allowed values needs a string field`);
  if (f.type === "ref") {
    if (!f.ref) ctx.report(owner, "field.ref", `${where}: a ref field names its record in "ref"`);
    else if (!m.records.some((r) => r.name === f.ref)) ctx.report(owner, "field.unresolved", `${where} refers to unknown record ${f.ref}`);
  } else if (f.ref) ctx.report(owner, "field.ref", `${where}: "ref" is only for ref fields`);
  if (f.type === "array") {
    if (!f.items) ctx.report(owner, "field.items", `${where}: an array field needs "items"`);
    else checkItem(ctx, owner, f.items);
  } else if (f.items) ctx.report(owner, "field.items", `${where}: "items" is only for array fields`);
  if (f.type === "map" && !f.values) ctx.report(owner, "field.values", `${where}: a map field needs "values"`);
  if (f.type === "object") checkFieldList(ctx, owner, f.fields ?? []);
  else if (f.fields) ctx.report(owner, "field.fields", `${where}: "fields" is only for object fields`);
}

function checkItem(ctx: LintContext, owner: string, t: ItemType): void {
  if (typeof t === "string") return;
  if (t.type === "ref") {
    if (!ctx.model.records.some((r) => r.name === t.ref)) ctx.report(owner, "field.unresolved", `${owner}: array items refer to unknown record ${t.ref}`);
    return;
  }
  checkFieldList(ctx, owner, t.fields);
}

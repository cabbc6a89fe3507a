/**
 * JSON field lists: event data, the event envelope and stats records (outputs: the
 * implementation produces them, tools consume them) and the .mailbox document entries
 * (an input: images carry it, the loader reads it). The direction decides the rules
 * that differ: relaxing an input (nullable, optional, wider integer) keeps every old
 * document loadable, while relaxing an output hands old consumers something they were
 * promised they would not get. A field missing from a JSON object is compared by name;
 * the order of fields carries no meaning in JSON.
 */
import type { FieldDef, ItemType } from "../model/types.js";
import { same, type DiffContext, type Side } from "./context.js";
import type { Sel, Where } from "./locate.js";
import { compareProps, matchBy, type ItemRef, type PropTable } from "./props.js";
import type { Domain } from "../model/types.js";

export type Direction = "output" | "input";

export interface FieldList {
  /** Item id prefix: the fields are `${item}.${name}`. */
  item: string;
  what: string;
  dir: Direction;
  domain: Domain;
  /** Raw path of the list of fields on each side. */
  list(side: Side): readonly Sel[];
}

export function compareFields(ctx: DiffContext, L: FieldList, olds: readonly FieldDef[], news: readonly FieldDef[]): void {
  const at = (side: Side, name: string): Where => ({ domain: L.domain, path: [...L.list(side), { name }] });
  const m = matchBy(olds, news, (f) => f.name);

  // A new field that lists a removed one among its aliases is that field renamed.
  const removed = [...m.removed];
  const added: FieldDef[] = [];
  const renames: [FieldDef, FieldDef][] = [];
  for (const n of m.added) {
    const i = removed.findIndex((o) => n.aliases.includes(o.name));
    if (i < 0) added.push(n);
    else renames.push([removed.splice(i, 1)[0]!, n]);
  }

  for (const o of removed) {
    ctx.report("field-removed", { item: `${L.item}.${o.name}`, side: "old", at: at("old", o.name), message: `${L.what}: field ${o.name} removed`, old: o.type });
  }
  for (const n of added) {
    const rule = n.optional ? "field-added-optional" : "field-added-required";
    ctx.report(rule, { item: `${L.item}.${n.name}`, at: at("new", n.name), message: `${L.what}: ${n.optional ? "optional" : "required"} field ${n.name} added`, new: n.type });
  }
  for (const [o, n] of renames) {
    const rule = L.dir === "input" ? "field-renamed-aliased" : "field-renamed";
    ctx.report(rule, { item: `${L.item}.${n.name}`, at: at("new", n.name), message: `${L.what}: field ${o.name} renamed ${n.name} (old name kept as an alias)`, old: o.name, new: n.name });
  }
  for (const [o, n] of [...m.pairs, ...renames]) {
    const ref: ItemRef = { item: `${L.item}.${n.name}`, what: `${L.what} field ${n.name}`, at: (side) => at(side, side === "old" ? o.name : n.name) };
    compareProps(ctx, ref, o, n, fieldProps(L, n.name));
  }
}

interface NumRange {
  min: number;
  max: number;
  integer: boolean;
}

const NUMERIC: Record<string, NumRange> = {
  u8: { min: 0, max: 2 ** 8 - 1, integer: true },
  u16: { min: 0, max: 2 ** 16 - 1, integer: true },
  u32: { min: 0, max: 2 ** 32 - 1, integer: true },
  u64: { min: 0, max: 2 ** 64 - 1, integer: true },
  i32: { min: -(2 ** 31), max: 2 ** 31 - 1, integer: true },
  i64: { min: -(2 ** 63), max: 2 ** 63 - 1, integer: true },
  int: { min: -Infinity, max: Infinity, integer: true },
  number: { min: -Infinity, max: Infinity, integer: false },
};

/** Every value valid for `from` is valid for `to`. */
function widens(from: string, to: string): boolean {
  const a = NUMERIC[from];
  const b = NUMERIC[to];
  return !!a && !!b && b.min <= a.min && b.max >= a.max && (!b.integer || a.integer);
}

function fieldProps(L: FieldList, name: string): PropTable<FieldDef> {
  const sub = (prefix: string, path: readonly Sel[]): FieldList => ({ ...L, item: prefix, what: `${L.what} field ${prefix.slice(L.item.length + 1)}`, list: (side) => [...L.list(side), { name }, ...path] });
  return {
    name: "skip", // the match key
    doc: "doc",
    refEnum: (ctx, o, n, ref) => {
      if (o.refEnum === n.refEnum) return;
      // Gaining an enum restricts the values like gaining an allowed list; losing it relaxes; another enum retypes.
      const rule = o.refEnum === null ? "field-values-narrowed" : n.refEnum === null ? "field-values-widened" : "field-retyped";
      const says = n.refEnum === null ? `no longer restricted to ${o.refEnum}` : o.refEnum === null ? `values now restricted to enum ${n.refEnum}` : `enum ${o.refEnum} -> ${n.refEnum}`;
      ctx.report(rule, { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: ${says}`, old: o.refEnum, new: n.refEnum });
    },
    ref: "field-retyped",
    values: "field-retyped",
    type: (ctx, o, n, ref) => {
      if (o.type === n.type) return;
      const rule = L.dir === "input" && widens(o.type, n.type) ? "field-widened" : "field-retyped";
      ctx.report(rule, { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: type ${o.type} -> ${n.type}`, old: o.type, new: n.type });
    },
    nullable: (ctx, o, n, ref) => {
      if (o.nullable === n.nullable) return;
      const rule = !n.nullable ? "field-non-nullable" : L.dir === "output" ? "field-nullable-output" : "field-nullable-input";
      ctx.report(rule, { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: ${n.nullable ? "may now be null" : "may no longer be null"}`, old: o.nullable, new: n.nullable });
    },
    optional: (ctx, o, n, ref) => {
      if (o.optional === n.optional) return;
      const rule = !n.optional ? "field-required" : L.dir === "output" ? "field-optional-output" : "field-optional-input";
      ctx.report(rule, { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: ${n.optional ? "now optional" : "now required"}`, old: o.optional, new: n.optional });
    },
    aliases: (ctx, o, n, ref) => {
      const gone = o.aliases.filter((a) => !n.aliases.includes(a));
      const fresh = n.aliases.filter((a) => !o.aliases.includes(a));
      if (gone.length) ctx.report("field-alias-removed", { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: alias ${gone.join(", ")} removed`, old: o.aliases, new: n.aliases });
      if (fresh.length) ctx.report("field-alias-added", { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: alias ${fresh.join(", ")} added`, old: o.aliases, new: n.aliases });
    },
    enum: (ctx, o, n, ref) => compareAllowed(ctx, ref, o.enum, n.enum),
    open: (ctx, o, n, ref) => compareOpen(ctx, ref, o.open, n.open),
    fields: (ctx, o, n, ref) => {
      if (o.fields && n.fields) compareFields(ctx, sub(ref.item, ["fields"]), o.fields, n.fields);
      else if (!same(o.fields, n.fields)) ctx.report("field-retyped", { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: nested fields ${n.fields ? "added" : "removed"}`, old: o.fields, new: n.fields });
    },
    items: (ctx, o, n, ref) => compareItems(ctx, ref, o.items, n.items, sub(`${ref.item}[]`, ["items", "fields"])),
  };
}

function compareAllowed(ctx: DiffContext, ref: ItemRef, o: string[] | null, n: string[] | null): void {
  if (same(o, n)) return;
  const at = ref.at?.("new");
  // null means any string: gaining a list restricts, losing it relaxes.
  const gone = o === null ? ["(any)"] : o.filter((v) => n !== null && !n.includes(v));
  const fresh = n === null ? ["(any)"] : n.filter((v) => o !== null && !o.includes(v));
  if (gone.length) ctx.report("field-values-narrowed", { item: ref.item, at, message: `${ref.what}: value ${gone.join(", ")} no longer allowed`, old: o, new: n });
  if (fresh.length) ctx.report("field-values-widened", { item: ref.item, at, message: `${ref.what}: value ${fresh.join(", ")} now allowed`, old: o, new: n });
}

function compareOpen(ctx: DiffContext, ref: ItemRef, o: boolean, n: boolean): void {
  if (o === n) return;
  ctx.report(n ? "field-opened" : "field-closed", { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: object ${n ? "now open (extra keys allowed)" : "now closed (extra keys rejected)"}`, old: o, new: n });
}

function isObject(t: ItemType | null): t is Extract<ItemType, { type: "object" }> {
  return t !== null && typeof t === "object" && t.type === "object";
}

function compareItems(ctx: DiffContext, ref: ItemRef, o: ItemType | null, n: ItemType | null, objectFields: FieldList): void {
  if (isObject(o) && isObject(n)) {
    compareOpen(ctx, { ...ref, what: `${ref.what} items` }, o.open, n.open);
    compareFields(ctx, objectFields, o.fields, n.fields);
  } else if (!same(o, n)) {
    // Scalars, records by reference, or a change between kinds: a different item type.
    const show = (t: ItemType | null) => (t === null ? "none" : typeof t === "string" ? t : show2(t));
    ctx.report("field-retyped", { item: ref.item, at: ref.at?.("new"), message: `${ref.what}: item type ${show(o)} -> ${show(n)}`, old: o, new: n });
  }
}

function show2(t: Exclude<ItemType, string>): string {
  const r = t as { type: string; ref?: unknown };
  return typeof r.ref === "string" ? `ref ${r.ref}` : r.type;
}

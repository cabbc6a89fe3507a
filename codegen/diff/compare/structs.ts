/**
 * Binary structs. A layout is fixed once published (R-GEN-BINARY): every field is
 * matched by name, and a field with another name at the same offset and type is a
 * rename. Field order in the list is irrelevant; offsets are the layout.
 */
import type { StructDef, StructField } from "../../model/types.js";
import type { DiffContext } from "../context.js";
import { compareProps, matchBy, type PropTable } from "../props.js";
import { compareKeyed } from "./common.js";

const FIELD_PROPS: PropTable<StructField> = {
  name: "skip",
  offset: "struct-field-moved",
  size: "skip", // follows the type; reported with it
  doc: "doc",
  type: (ctx, o, n, ref) => {
    if (o.type === n.type) return;
    const rule = o.size !== n.size ? "struct-field-resized" : "struct-field-retyped";
    ctx.report(rule, { item: ref.item, message: `${ref.what}: ${o.type} (${o.size} bytes) -> ${n.type} (${n.size} bytes)`, old: o.type, new: n.type });
  },
};

function compareStructFields(ctx: DiffContext, o: StructDef, n: StructDef): void {
  const m = matchBy(o.fields, n.fields, (f) => f.name);
  const removed = [...m.removed];
  for (const b of m.added) {
    const i = removed.findIndex((a) => a.offset === b.offset && a.type === b.type);
    const id = `${n.id}.${b.name}`;
    if (i >= 0) {
      const a = removed.splice(i, 1)[0]!;
      ctx.report("struct-field-renamed", { item: id, message: `struct ${n.name}: field ${a.name} renamed ${b.name} (offset ${b.offset}, ${b.type})`, old: a.name, new: b.name });
      if (a.doc !== b.doc) ctx.report("doc", { item: id, message: `struct ${n.name}.${b.name}: doc changed`, old: a.doc, new: b.doc });
    } else {
      ctx.report("struct-field-added", { item: id, message: `struct ${n.name}: field ${b.name} (${b.type}) added at offset ${b.offset}`, new: { offset: b.offset, type: b.type } });
    }
  }
  for (const a of removed) {
    ctx.report("struct-field-removed", { item: `${o.id}.${a.name}`, side: "old", message: `struct ${o.name}: field ${a.name} (${a.type} at offset ${a.offset}) removed`, old: { offset: a.offset, type: a.type } });
  }
  for (const [a, b] of m.pairs) compareProps(ctx, { item: `${n.id}.${b.name}`, what: `struct ${n.name}.${b.name}` }, a, b, FIELD_PROPS);
}

const STRUCT_PROPS: PropTable<StructDef> = {
  id: "skip",
  name: "skip",
  domain: "moved-domain",
  doc: "doc",
  byteOrder: "struct-byte-order",
  size: "struct-size",
  fields: compareStructFields,
};

export function compareStructs(ctx: DiffContext, olds: readonly StructDef[], news: readonly StructDef[]): void {
  compareKeyed(ctx, { key: (s) => s.name, id: (s) => s.id, what: (s) => `struct ${s.name}`, props: STRUCT_PROPS }, olds, news);
}

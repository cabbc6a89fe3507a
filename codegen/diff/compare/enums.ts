/** Enums and flags: their shape, their values (a numbered table), reserved ranges and reserved mask bits. */
import type { EnumDef, EnumValue } from "../../model/types.js";
import { hexOf, type DiffContext, type Side } from "../context.js";
import { IntervalSet } from "../intervals.js";
import type { Where } from "../locate.js";
import { compareNumbered } from "../numbered.js";
import { compareProps, type PropCompare, type PropTable } from "../props.js";
import { bitSet, compareRangeDocs, compareReserved, rangeSet, reservedNote } from "../reserved.js";
import { compareKeyed, formatter, statusProp } from "./common.js";

/** Exempting a value from the coverage gate (or ending that) changes the gate; rewording the reason is prose. */
const coverageExemptProp: PropCompare<EnumValue> = (ctx, o, n, ref) => {
  const [a, b] = [(o as { coverageExempt?: string | null }).coverageExempt ?? null, (n as { coverageExempt?: string | null }).coverageExempt ?? null];
  if (a === b) return;
  const gate = (a === null) !== (b === null);
  ctx.report(gate ? "coverage-gate" : "doc", { item: ref.item, message: `${ref.what}: ${gate ? (b === null ? "no longer exempt from the coverage gate" : "now exempt from the coverage gate") : "coverage exemption reason changed"}`, old: a, new: b });
};

const VALUE_PROPS: PropTable<EnumValue> = {
  id: "skip",
  name: "skip", // the match key; renames are found by value
  value: "skip", // the numbered table checks renumbering and reuse
  reserved: "skip", // retiring and un-retiring are part of the numbered table
  c: "skip", // c_prefix + name: reported through the enum's c-name or the rename
  doc: "doc",
  ruling: "ruling",
  composite: "value-meaning",
  fault: "value-meaning",
  wire: "value-meaning",
  prefix: "value-meaning",
  coverageExempt: coverageExemptProp,
};

const ENUM_PROPS: PropTable<EnumDef> = {
  id: "skip",
  name: "skip",
  domain: "moved-domain",
  kind: "enum-shape",
  width: "enum-shape",
  ordered: "enum-shape",
  cPrefix: "c-name",
  cFormat: "format",
  doc: "doc",
  ruling: "ruling",
  status: statusProp,
  reserved: "skip", // compared with the values, which may take reserved values
  reservedMask: "skip", // likewise
  values: compareValues,
};

function compareValues(ctx: DiffContext, o: EnumDef, n: EnumDef): void {
  const fmt = formatter(n.cFormat);
  const path = (e: EnumDef, ...rest: Where["path"]): Where => ({ domain: e.domain, path: ["enums", { name: e.name }, ...rest] });
  const side = (s: Side) => (s === "old" ? o : n);
  const rangeNote = reservedNote(o.reserved, `${o.name} values`, fmt);
  const maskNote = (v: number) => (o.reservedMask & v ? `reserved ${o.name} bits ${hexOf(o.reservedMask & v)}` : undefined);

  compareNumbered(
    ctx,
    {
      noun: `${n.name} value`,
      entry: (v) => ({ id: v.id, name: v.name, value: v.value, retired: v.reserved }),
      fmt,
      reservedNote: (v) => rangeNote(v) ?? maskNote(v),
      compare: (c, a, b, ref) => compareProps(c, ref, a, b, VALUE_PROPS),
      ordered: n.ordered && o.ordered ? { item: n.id, what: `${n.name} (checked in order)` } : undefined,
    },
    o.values,
    n.values,
  );

  const within = (v: number) => (r: unknown) => {
    const x = r as { from: number; to: number };
    return v >= x.from && v <= x.to;
  };
  const ranges = { noun: `${n.name} values`, scope: `enum.${n.name}.reserved`, fmt, at: (s: Side, v: number) => path(side(s), "reserved", within(v)) };
  compareReserved(ctx, { ...ranges, old: rangeSet(o.reserved), new: rangeSet(n.reserved), oldTaken: IntervalSet.of(o.values.map((v) => v.value)), newTaken: IntervalSet.of(n.values.map((v) => v.value)) });
  compareRangeDocs(ctx, ranges, o.reserved, n.reserved);

  compareReserved(ctx, {
    noun: `${n.name} bits`,
    scope: `enum.${n.name}.reserved_mask`,
    fmt: (v) => hexOf(v),
    at: (s) => path(side(s), "reserved_mask"),
    old: bitSet([o.reservedMask]),
    new: bitSet([n.reservedMask]),
    oldTaken: bitSet(o.values.map((v) => v.value)),
    newTaken: bitSet(n.values.map((v) => v.value)),
  });
}

export function compareEnums(ctx: DiffContext, olds: readonly EnumDef[], news: readonly EnumDef[]): void {
  compareKeyed(ctx, { key: (e) => e.name, id: (e) => e.id, what: (e) => `enum ${e.name}`, props: ENUM_PROPS }, olds, news);
}

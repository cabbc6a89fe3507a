/**
 * Reserved ranges and masks. A reserved range is the allocation space of its table
 * (lint makes every opcode and SVC module value defined-or-reserved, and the enum
 * ranges say "Free for future ..."), so a value leaving a range FOR A NEW ITEM is an
 * addition, reported on the item (rule reserved-allocated) with the range it came from. What is left
 * over is a reservation withdrawn with nothing taking its place (breaking), or a new
 * reservation of free values (compatible). Values of items that were retired into a
 * range are reported by the item comparison, not again here.
 */
import type { Range } from "../model/types.js";
import { same, type DiffContext, type Side } from "./context.js";
import { IntervalSet, type Interval } from "./intervals.js";
import type { Where } from "./locate.js";

export interface ReservedSpace {
  /** "opcodes", "SVC modules", "mbx_status values", "hxe_flag bits". */
  noun: string;
  /** Item id prefix of the reservation, e.g. isa.reserved_opcodes or enum.mbx_status.reserved. */
  scope: string;
  fmt(v: number): string;
  old: IntervalSet;
  new: IntervalSet;
  /** Values (or bits) items hold in each spec. */
  oldTaken: IntervalSet;
  newTaken: IntervalSet;
  /** Raw path of the reservation that holds `v`. */
  at(side: Side, v: number): Where;
}

export function fmtInterval([a, b]: Interval, fmt: (v: number) => string): string {
  return a === b ? fmt(a) : `${fmt(a)}-${fmt(b)}`;
}

export function rangeSet(ranges: readonly Range[]): IntervalSet {
  return new IntervalSet(ranges.map((r) => [r.from, r.to] as const));
}

/** The bits of a mask (or of every value in a list), one interval per bit. */
export function bitSet(masks: readonly number[]): IntervalSet {
  const bits: number[] = [];
  for (let i = 0; i < 32; i++) {
    const bit = 2 ** i;
    if (masks.some((m) => Math.floor(m / bit) % 2 === 1)) bits.push(bit);
  }
  return IntervalSet.of(bits);
}

export function compareReserved(ctx: DiffContext, s: ReservedSpace): void {
  for (const iv of s.old.minus(s.new).minus(s.newTaken).intervals) {
    const range = fmtInterval(iv, s.fmt);
    ctx.report("unreserved", { item: `${s.scope}.${range}`, side: "old", at: s.at("old", iv[0]), message: `${s.noun} ${range} no longer reserved and not given to an item`, old: [iv[0], iv[1]] });
  }
  for (const iv of s.new.minus(s.old).minus(s.oldTaken).intervals) {
    const range = fmtInterval(iv, s.fmt);
    ctx.report("reserved-added", { item: `${s.scope}.${range}`, at: s.at("new", iv[0]), message: `${s.noun} ${range} newly reserved`, new: [iv[0], iv[1]] });
  }
}

/** Doc changes of ranges that kept their bounds. */
export function compareRangeDocs(ctx: DiffContext, s: Pick<ReservedSpace, "noun" | "scope" | "fmt" | "at">, olds: readonly Range[], news: readonly Range[]): void {
  for (const n of news) {
    const o = olds.find((r) => r.from === n.from && r.to === n.to);
    if (!o || same(o.doc, n.doc)) continue;
    const range = fmtInterval([n.from, n.to], s.fmt);
    ctx.report("doc", { item: `${s.scope}.${range}`, at: s.at("new", n.from), message: `reserved ${s.noun} ${range}: doc changed`, old: o.doc, new: n.doc });
  }
}

/** "reserved opcodes 0x05 (doc)" when OLD reserved `v`, for the message of the item that took it. */
export function reservedNote(ranges: readonly Range[], noun: string, fmt: (v: number) => string): (v: number) => string | undefined {
  return (v) => {
    const r = ranges.find((x) => v >= x.from && v <= x.to);
    if (!r) return undefined;
    return `reserved ${noun} ${fmtInterval([r.from, r.to], fmt)}${r.doc ? `: "${r.doc}"` : ""}`;
  };
}

/**
 * Numbered tables: anything whose value is an allocation that binaries carry (enum
 * values, opcodes, SVC modules and functions, event ids). Items are matched by name;
 * a removed and an added item with the same value are one rename. Then every value
 * is checked against NEVER_RENUMBER and RESERVED_UNUSED (spec/meta.yaml).
 */
import type { DiffContext } from "./context.js";
import { matchBy, type ItemRef } from "./props.js";

export interface Entry {
  /** Item id (a key of LoadedSpec.positions). */
  id: string;
  name: string;
  value: number;
  /** A `reserved: true` placeholder: the value is retired, not an item. */
  retired: boolean;
}

export interface NumberedTable<T> {
  /** How messages name one entry: "opcode", "mbx_status value", "SVC module", "event". */
  noun: string;
  entry(t: T): Entry;
  fmt(v: number): string;
  /** When OLD had `v` inside a reserved range: a note naming the range, for the "added" message. */
  reservedNote?(v: number): string | undefined;
  /** Compare everything but the name and the value of a matched or renamed pair. */
  compare(ctx: DiffContext, o: T, n: T, ref: ItemRef): void;
  /** Set when the table's order is meaningful (hxe_error: the loader's check order). */
  ordered?: { item: string; what: string };
}

export function compareNumbered<T>(ctx: DiffContext, table: NumberedTable<T>, olds: readonly T[], news: readonly T[]): void {
  const E = (t: T) => table.entry(t);
  const { noun, fmt } = table;
  const m = matchBy(olds, news, (t) => E(t).name);

  // A removed and an added entry with the same value: one rename, not a removal plus a reuse.
  const renames: [T, T][] = [];
  const removed = [...m.removed];
  const added: T[] = [];
  for (const n of m.added) {
    const i = removed.findIndex((o) => E(o).value === E(n).value);
    if (i < 0) added.push(n);
    else renames.push([removed.splice(i, 1)[0]!, n]);
  }
  const oldByValue = new Map(olds.map((t) => [E(t).value, E(t)]));

  for (const [o, n] of m.pairs) {
    const a = E(o);
    const b = E(n);
    if (a.value !== b.value) {
      const prior = oldByValue.get(b.value);
      const reuse = prior && prior.name !== b.name ? `, which was ${prior.retired ? "retired" : prior.name}` : "";
      ctx.report("renumbered", { item: b.id, message: `${noun} ${b.name} renumbered ${fmt(a.value)} -> ${fmt(b.value)}${reuse}`, old: a.value, new: b.value });
    }
    if (!a.retired && b.retired) ctx.report("retired", { item: b.id, message: `${noun} ${b.name} (${fmt(b.value)}) is now reserved (retired)`, old: false, new: true });
    if (a.retired && !b.retired) ctx.report("reserved-given", { item: b.id, message: `retired ${noun} ${fmt(b.value)} is no longer reserved: ${b.name} is now an item`, old: true, new: false });
    table.compare(ctx, o, n, { item: b.id, what: `${noun} ${b.name}` });
  }

  for (const [o, n] of renames) {
    const a = E(o);
    const b = E(n);
    if (a.retired && !b.retired) ctx.report("reserved-given", { item: b.id, message: `retired ${noun} ${fmt(b.value)} (${a.name}) given to ${b.name}`, old: a.name, new: b.name });
    else if (!a.retired && b.retired) ctx.report("retired", { item: b.id, message: `${noun} ${a.name} (${fmt(a.value)}) retired as ${b.name}`, old: a.name, new: b.name });
    else ctx.report("renamed", { item: b.id, message: `${noun} ${fmt(b.value)} renamed ${a.name} -> ${b.name}`, old: a.name, new: b.name });
    table.compare(ctx, o, n, { item: b.id, what: `${noun} ${b.name}` });
  }

  for (const o of removed) {
    const a = E(o);
    if (a.retired) ctx.report("unreserved", { item: a.id, side: "old", message: `retired ${noun} ${fmt(a.value)} (${a.name}) is no longer reserved`, old: a.value });
    else ctx.report("removed", { item: a.id, side: "old", message: `${noun} ${a.name} removed (was ${fmt(a.value)})`, old: a.value });
  }

  for (const n of added) {
    const b = E(n);
    const prior = oldByValue.get(b.value);
    if (prior?.retired) ctx.report("reserved-given", { item: b.id, message: `${noun} ${b.name} takes retired value ${fmt(b.value)} (${prior.name})`, new: b.value });
    else if (prior) ctx.report("value-reused", { item: b.id, message: `${noun} ${b.name} takes ${fmt(b.value)}, which was ${prior.name}`, old: prior.name, new: b.name });
    else if (b.retired) ctx.report("reserved-added", { item: b.id, message: `${noun} value ${fmt(b.value)} newly reserved as ${b.name}`, new: b.value });
    else {
      const note = table.reservedNote?.(b.value);
      ctx.report(note ? "reserved-allocated" : "added", { item: b.id, message: `${noun} ${b.name} added at ${fmt(b.value)}${note ? ` (taken from ${note})` : ""}`, new: b.value });
    }
  }

  if (table.ordered) checkOrder(ctx, table, [...m.pairs, ...renames], olds, news, added);
}

/** In an ordered table, surviving entries keep their relative order and new entries go last. */
function checkOrder<T>(ctx: DiffContext, table: NumberedTable<T>, pairs: [T, T][], olds: readonly T[], news: readonly T[], added: readonly T[]): void {
  const ord = table.ordered!;
  const newName = new Map(pairs.map(([o, n]) => [table.entry(o).name, table.entry(n).name]));
  const kept = new Set(newName.values());
  const oldSeq = olds.map((t) => newName.get(table.entry(t).name)).filter((x): x is string => x !== undefined);
  const newSeq = news.map((t) => table.entry(t).name).filter((x) => kept.has(x));
  const i = oldSeq.findIndex((x, k) => x !== newSeq[k]);
  if (i >= 0) {
    ctx.report("order-changed", { item: ord.item, message: `${ord.what}: ${newSeq[i]} now comes before ${oldSeq[i]}`, old: oldSeq, new: newSeq });
  }
  const names = news.map((t) => table.entry(t).name);
  for (const n of added) {
    const b = table.entry(n);
    const later = names.slice(names.indexOf(b.name) + 1).find((x) => kept.has(x));
    if (later) ctx.report("order-changed", { item: b.id, message: `${ord.what}: new ${b.name} is inserted before existing ${later}`, new: names });
  }
}

/**
 * Property tables: each item kind lists, per model property, the rule that classifies
 * a change of it ("skip" for keys, derived values and parts compared elsewhere, or a
 * small comparator for structured parts). A property missing from the table is
 * reported as `unclassified` (breaking): when the model grows a field nobody has
 * classified yet, the diff fails closed instead of silently ignoring it.
 */
import { same, show, type DiffContext, type Side } from "./context.js";
import type { Where } from "./locate.js";
import type { RuleId } from "./rules.js";

export interface ItemRef {
  /** Item id of the NEW side (the OLD id is the same unless the item was renamed). */
  item: string;
  /** How messages name it, e.g. "opcode ADD" or "struct hsx_mbx_msg_header_t". */
  what: string;
  /** Raw path for items the builder gives no position. */
  at?: (side: Side) => Where | undefined;
}

export type PropCompare<T> = (ctx: DiffContext, o: T, n: T, ref: ItemRef) => void;
export type PropRule<T> = "skip" | RuleId | PropCompare<T>;
export type PropTable<T> = Readonly<Record<string, PropRule<T>>>;

/** Long values (prose, objects) are not repeated in the one-line message; old/new carry them in --json. */
function delta(a: unknown, b: unknown): string {
  const [sa, sb] = [show(a), show(b)];
  return sa.length > 40 || sb.length > 40 ? "changed" : `${sa} -> ${sb}`;
}

function get(o: object, key: string): unknown {
  return (o as Record<string, unknown>)[key];
}

/** camelCase model key -> the snake_case YAML key it usually comes from (a miss only costs precision). */
function rawKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function compareProps<T extends object>(ctx: DiffContext, ref: ItemRef, o: T, n: T, table: PropTable<T>): void {
  // Key order does not matter: the report sorts every change by location.
  const keys = new Set(Object.keys(o));
  for (const k of Object.keys(n)) keys.add(k);
  for (const key of keys) {
    const rule = Object.hasOwn(table, key) ? table[key]! : "unclassified";
    if (rule === "skip") continue;
    if (typeof rule === "function") {
      rule(ctx, o, n, ref);
      continue;
    }
    const a = get(o, key);
    const b = get(n, key);
    if (same(a, b)) continue;
    const base = ref.at?.("new");
    const at = base ? { ...base, path: [...base.path, rawKey(key)], key: true } : undefined;
    const note = rule === "unclassified" ? " (no classification rule; treated as breaking)" : "";
    ctx.report(rule, { item: ref.item, at, message: `${ref.what}: ${key} ${delta(a, b)}${note}`, old: a, new: b });
  }
}

export interface NestedOptions {
  /** Item id of the part (default: parent id + "." + key). */
  item?: string;
  what?: string;
  /** Raw path of the part; without one, the item id's registered position (or an ancestor's) is used. */
  at?: Where;
}

/** A property table entry that compares one structured part with its own table. */
export function nested<T extends object, P extends object>(key: string, table: PropTable<P>, opts: NestedOptions = {}): PropCompare<T> {
  return (ctx, o, n, ref) => {
    const a = get(o, key) as P | undefined;
    const b = get(n, key) as P | undefined;
    const part: ItemRef = { item: opts.item ?? `${ref.item}.${key}`, what: opts.what ?? `${ref.what} ${key}`, at: opts.at ? () => opts.at : undefined };
    if (a === undefined || b === undefined) {
      if (!same(a, b)) ctx.report("unclassified", { item: part.item, at: opts.at, message: `${part.what} appeared or disappeared (no classification rule; treated as breaking)`, old: a, new: b });
      return;
    }
    compareProps(ctx, part, a, b, table);
  };
}

/** Match two lists by a key: pairs in NEW order, then what only OLD and only NEW have. */
export function matchBy<T>(olds: readonly T[], news: readonly T[], key: (t: T) => string): { pairs: [T, T][]; removed: T[]; added: T[] } {
  const oldBy = new Map(olds.map((t) => [key(t), t]));
  const newKeys = new Set(news.map(key));
  const pairs: [T, T][] = [];
  const added: T[] = [];
  for (const n of news) {
    const o = oldBy.get(key(n));
    if (o === undefined) added.push(n);
    else pairs.push([o, n]);
  }
  return { pairs, removed: olds.filter((o) => !newKeys.has(key(o))), added };
}

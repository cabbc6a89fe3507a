/**
 * Where a change is in the spec. Items the model builder registered (opcodes, enum
 * values, struct fields, ...) have a position already. Parts it does not register
 * (event and record fields, SVC registers, reserved ranges, profile costs, CRC
 * parameters, ...) are found by walking the raw YAML data of that spec with a path of
 * selectors; names select array elements because the model's arrays are sorted
 * differently from the file.
 */
import type { LoadedSpec, Pos } from "../model/index.js";
import { posOf, type PathKey } from "../model/source.js";
import type { Domain } from "../model/types.js";

/** One step into raw YAML data: a key, an index, an element by name, by another key, or by predicate. */
export type Sel = string | number | { name: string } | { key: string; value: unknown } | ((element: unknown) => boolean);

export interface Where {
  domain: Domain;
  path: readonly Sel[];
  /** Point at the key of the last step rather than its value (a block value starts on the next line). */
  key?: boolean;
}

function step(node: unknown, sel: Sel): { key: PathKey; next: unknown } | null {
  if (typeof sel === "string" || typeof sel === "number") {
    if (node !== null && typeof node === "object" && sel in node) return { key: sel, next: (node as Record<string, unknown>)[sel] };
    return null;
  }
  if (!Array.isArray(node)) return null;
  const match = matcher(sel);
  const i = node.findIndex(match);
  return i < 0 ? null : { key: i, next: node[i] };
}

function matcher(sel: Exclude<Sel, string | number>): (element: unknown) => boolean {
  if (typeof sel !== "object") return sel;
  if ("name" in sel) return (e) => field(e, "name") === sel.name;
  return (e) => field(e, sel.key) === sel.value;
}

function field(e: unknown, key: string): unknown {
  return e !== null && typeof e === "object" ? (e as Record<string, unknown>)[key] : undefined;
}

/** Resolve as far as the data goes; posOf then reports the deepest node that exists. */
export function resolvePath(spec: LoadedSpec, where: Where): Pos {
  const file = spec.files[where.domain];
  const keys: PathKey[] = [];
  let node = file.data;
  for (const sel of where.path) {
    const s = step(node, sel);
    if (!s) break;
    keys.push(s.key);
    node = s.next;
  }
  // Only a path that resolved completely ends at the key asked for.
  return posOf(file, keys, where.key === true && keys.length === where.path.length && typeof keys[keys.length - 1] === "string");
}

/** Id prefix -> the file an item of that family lives in, for the last-resort position. */
const PREFIX_DOMAIN: Record<string, Domain> = {
  isa: "isa",
  svc: "svc",
  mailbox: "mailbox",
  event: "events",
  events: "events",
  executive: "executive",
  profile: "profiles",
  profiles: "profiles",
  hxe: "hxe",
  conformance: "conformance",
  meta: "meta",
};

/**
 * Position of `item` in `spec`: the explicit path when given, else the item's own
 * position, else the nearest registered ancestor id (enum.x.reserved.0x10 -> enum.x).
 */
export function locate(spec: LoadedSpec, item: string, at?: Where): Pos {
  if (at) return resolvePath(spec, at);
  for (let id = item; id; id = id.slice(0, Math.max(0, id.lastIndexOf(".")))) {
    const p = spec.positions.get(id);
    if (p) return p;
    if (!id.includes(".")) break;
  }
  const domain = PREFIX_DOMAIN[item.split(".")[0] ?? ""] ?? "meta";
  return { file: spec.files[domain].path, line: 1, col: 1 };
}

import type { NumFormat, StructDef, StructField } from "../model/types.js";
import { formatNumber } from "./literal.js";

/**
 * C printing helpers. Every C literal, comment text and identifier the C emitter writes
 * goes through here, so escaping lives in one place and the templates only place text.
 */

const INT_MAX = 0x7fffffff;
const UINT_MAX = 0xffffffff;

/**
 * An integer literal. Values above INT_MAX get a `u` suffix (above UINT_MAX `ull`) so
 * that their type is unsigned on every data model; `suffix: false` is for hsx_mailbox.h,
 * whose scraper accepts no suffix. Negative values are parenthesized for use in macros.
 */
export function cInt(v: number, format: NumFormat, opts: { suffix?: boolean } = {}): string {
  if (!Number.isSafeInteger(v)) throw new Error(`not an integer C literal: ${v}`);
  if (v < 0) return `(${v})`;
  const text = formatNumber(v, format);
  if (opts.suffix === false) return text;
  return v > UINT_MAX ? `${text}ull` : v > INT_MAX ? `${text}u` : text;
}

/** Decimal literal with the same suffix rule as cInt (for the assertions of the ABI check). */
export function cDec(v: number): string {
  return cInt(v, "dec");
}

/**
 * A double-quoted C string literal. Non-ASCII and control bytes become 3-digit octal
 * escapes (hex escapes would swallow following hex digits), and a `?` after a `?` is
 * escaped because -std=c99 and -std=c++11 translate trigraphs.
 */
export function cString(s: string): string {
  let out = '"';
  let prev = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const ch = String.fromCharCode(byte);
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "?" && prev === "?") out += "\\?";
    else if (byte < 0x20 || byte > 0x7e) out += "\\" + byte.toString(8).padStart(3, "0");
    else out += ch;
    prev = ch;
  }
  return out + '"';
}

/**
 * Text that is safe inside one `/* ... *\/` comment on one line: whitespace collapsed,
 * and no `*\/` (ends the comment) or `/*` (-Wcomment warns about it).
 */
export function cCommentText(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\*\//g, "* /")
    .replace(/\/\*/g, "/ *");
}

/**
 * A block comment as whole lines: `/* text *\/` when one short paragraph fits on a line,
 * else `/*`, word-wrapped ` * text` lines (` *` between paragraphs) and ` *\/`.
 */
export function cBlock(paragraphs: readonly string[], width = 96): string[] {
  const texts = paragraphs.map(cCommentText).filter(Boolean);
  if (!texts.length) return [];
  if (texts.length === 1 && texts[0]!.length <= width) return [`/* ${texts[0]} */`];
  const lines: string[] = ["/*"];
  texts.forEach((p, i) => {
    if (i > 0) lines.push(" *");
    let line = "";
    for (const word of p.split(" ")) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(` * ${line}`);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(` * ${line}`);
  });
  lines.push(" */");
  return lines;
}

/** An upper-case identifier fragment: "cortex_m" -> "CORTEX_M", "hsx_isa.h" -> "HSX_ISA_H". */
export function cIdent(s: string): string {
  const id = s.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  if (!/^[A-Z_][A-Z0-9_]*$/.test(id)) throw new Error(`cannot make a C identifier from "${s}"`);
  return id;
}

/** A lower-case identifier fragment for function and type names. */
export function cLowerIdent(s: string): string {
  return cIdent(s).toLowerCase();
}

/** Spaces that pad `text` to `width` columns (at least none). */
export function padding(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - text.length));
}

/** Width of the longest string, for aligning a column. */
export function columnWidth(texts: readonly string[]): number {
  return texts.reduce((w, t) => Math.max(w, t.length), 0);
}

const SCALARS: Record<string, { c: string; size: number }> = {
  u8: { c: "uint8_t", size: 1 },
  u16: { c: "uint16_t", size: 2 },
  u32: { c: "uint32_t", size: 4 },
  u64: { c: "uint64_t", size: 8 },
  i8: { c: "int8_t", size: 1 },
  i16: { c: "int16_t", size: 2 },
  i32: { c: "int32_t", size: 4 },
  i64: { c: "int64_t", size: 8 },
};

/** A struct member declaration: "uint16_t" + "len" + "" or "char" + "app_name" + "[32]". */
export interface CMember {
  type: string;
  name: string;
  suffix: string;
  size: number;
  align: number;
}

export function cMember(f: StructField): CMember {
  const scalar = SCALARS[f.type];
  if (scalar) return { type: scalar.c, name: f.name, suffix: "", size: scalar.size, align: scalar.size };
  const arr = /^(char|u8)\[(\d+)\]$/.exec(f.type);
  if (arr) return { type: arr[1] === "char" ? "char" : "uint8_t", name: f.name, suffix: `[${arr[2]}]`, size: Number(arr[2]), align: 1 };
  throw new Error(`no C type for struct field ${f.name}: ${f.type}`);
}

/**
 * Members of a struct whose C layout (natural alignment, no implicit padding) must equal
 * the spec layout. A spec struct that C cannot reproduce is an error at generation time
 * rather than a silently different ABI.
 */
export function cMembers(s: StructDef): CMember[] {
  let end = 0;
  let maxAlign = 1;
  const members = s.fields.map((f) => {
    const m = cMember(f);
    if (m.size !== f.size) throw new Error(`${s.name}.${f.name}: spec size ${f.size}, C size ${m.size}`);
    if (f.offset !== end) throw new Error(`${s.name}.${f.name}: offset ${f.offset} leaves a gap or overlap after offset ${end}; make padding explicit`);
    if (f.offset % m.align !== 0) throw new Error(`${s.name}.${f.name}: offset ${f.offset} is not aligned to ${m.align}`);
    end = f.offset + f.size;
    maxAlign = Math.max(maxAlign, m.align);
    return m;
  });
  const size = Math.ceil(end / maxAlign) * maxAlign;
  if (size !== s.size) throw new Error(`${s.name}: spec size ${s.size}, C size ${size}`);
  return members;
}

/** Macro stem of a struct: "hsx_hxe_header_v2_t" -> "HSX_HXE_HEADER_V2". */
export function structStem(name: string): string {
  return cIdent(name.replace(/_t$/, ""));
}

/** Struct tag of a typedef: "hsx_mbx_msg_header_t" -> "hsx_mbx_msg_header". */
export function structTag(name: string): string {
  return name.replace(/_t$/, "");
}

// ---- macro groups and the view model the C templates receive ----

/** One line of a macro group: a value macro, a function-like or expression macro, or a comment. */
export type MacroItem =
  | { kind: "define"; name: string; value: number | string; format: NumFormat; doc: string }
  | { kind: "expr"; name: string; text: string; doc: string }
  | { kind: "note"; text: string };

/** Macros printed together under one block comment. */
export interface MacroGroup {
  doc: string[];
  items: MacroItem[];
}

export const macro = {
  define: (name: string, value: number | string, format: NumFormat, doc: string): MacroItem => ({ kind: "define", name, value, format, doc }),
  expr: (name: string, text: string, doc: string): MacroItem => ({ kind: "expr", name, text, doc }),
  note: (text: string): MacroItem => ({ kind: "note", text }),
};

/** A `#define` line (comment empty) or a comment line (comment set), with alignment precomputed. */
export interface RowView {
  name: string;
  pad: string;
  value: string;
  vpad: string;
  doc: string;
  comment: string;
}
export interface GroupView {
  docLines: string[];
  rows: RowView[];
}
export interface ListView {
  docLines: string[];
  head: string;
  headCont: string;
  items: { text: string; cont: string }[];
}
export interface TypedefView {
  docLines: string[];
  tag: string;
  name: string;
  members: { decl: string; pad: string; doc: string }[];
}
/** A `static inline const char *fn(param arg)` switch from values to names. */
export interface LookupView {
  doc: string;
  fn: string;
  param: string;
  arg: string;
  cases: { value: string; str: string }[];
}

/** Longest value that still takes part in the doc-comment column (longer ones push it out). */
const VALUE_COLUMN_MAX = 24;

function cValue(item: MacroItem & { kind: "define" }, suffix: boolean): string {
  return typeof item.value === "string" ? cString(item.value) : cInt(item.value, item.format, { suffix });
}

/** `suffix: false` prints hex without `u` (hsx_mailbox.h, whose scraper accepts no suffix). */
export function groupView(g: MacroGroup, suffix = true): GroupView {
  const rows = g.items.map((it) =>
    it.kind === "note"
      ? { name: "", value: "", doc: "", comment: cCommentText(it.text) }
      : { name: it.name, value: it.kind === "define" ? cValue(it, suffix) : it.text, doc: cCommentText(it.doc), comment: "" },
  );
  const defs = rows.filter((r) => !r.comment);
  const nameWidth = columnWidth(defs.map((r) => r.name));
  const valueWidth = columnWidth(defs.filter((r) => r.doc && r.value.length <= VALUE_COLUMN_MAX).map((r) => r.value));
  return { docLines: cBlock(g.doc), rows: rows.map((r) => ({ ...r, pad: padding(r.name, nameWidth), vpad: padding(r.value, valueWidth) })) };
}

/** An X-macro list `#define head \` with one `X(...)` per line and aligned continuations. */
export function listView(head: string, doc: readonly string[], entries: readonly string[]): ListView {
  const texts = entries.map((e) => `    ${e}`);
  const first = `#define ${head}`;
  const width = columnWidth([first, ...texts]) + 1;
  return {
    docLines: cBlock(doc),
    head,
    headCont: texts.length ? `${padding(first, width)}\\` : "",
    items: texts.map((t, i) => ({ text: t.trimStart(), cont: i < texts.length - 1 ? `${padding(t, width)}\\` : "" })),
  };
}

export function typedefView(s: StructDef): TypedefView {
  const members = cMembers(s);
  const decls = members.map((x) => `${x.type} ${x.name}${x.suffix};`);
  const width = columnWidth(decls);
  const order = s.byteOrder === "little" ? "Little-endian where the spec stores it (guest memory); this struct matches it on little-endian hosts." : "Native byte order.";
  return {
    docLines: cBlock([`${s.name}: ${s.doc}`, `${order} Size ${s.size} bytes.`]),
    tag: structTag(s.name),
    name: s.name,
    members: decls.map((d, i) => ({ decl: d, pad: padding(d, width), doc: cCommentText(s.fields[i]!.doc ?? `offset ${s.fields[i]!.offset}`) })),
  };
}

// ---- static assertions of the ABI check ----

export interface Assert {
  cond: string;
  msg: string;
}

/** A string macro is checked by its size (a string literal is no integer constant expression in C). */
export function valueAssert(name: string, value: number | string): Assert {
  if (typeof value === "string") return { cond: `sizeof(${name}) == ${Buffer.byteLength(value, "utf8") + 1}`, msg: cString(`${name} is ${JSON.stringify(value)}`) };
  return { cond: `${name} == ${cDec(value)}`, msg: cString(`${name} == ${value}`) };
}

export function defineAsserts(groups: readonly MacroGroup[]): Assert[] {
  return groups.flatMap((g) => g.items.flatMap((it) => (it.kind === "define" ? [valueAssert(it.name, it.value)] : [])));
}

export function structAsserts(s: StructDef): Assert[] {
  return [
    { cond: `sizeof(${s.name}) == ${s.size}`, msg: cString(`sizeof(${s.name}) == ${s.size}`) },
    ...s.fields.map((f) => ({ cond: `offsetof(${s.name}, ${f.name}) == ${f.offset}`, msg: cString(`offsetof(${s.name}, ${f.name}) == ${f.offset}`) })),
  ];
}

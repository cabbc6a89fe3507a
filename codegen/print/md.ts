/**
 * Markdown printing for the reference documentation. Every piece of spec text goes
 * through one of these functions before it reaches a template, so escaping lives in
 * one place and templates can interpolate without thinking about Markdown syntax.
 *
 * The target dialect is GitHub Flavored Markdown (tables, GitHub heading anchors).
 */

/**
 * Spec prose as inline Markdown: characters that would start emphasis, code, HTML,
 * links, math or entities are backslash-escaped, and line breaks become spaces (every
 * place prose is used is one logical line: a cell, a list item, a quote).
 * Brackets are left alone unless they could form a link, so pseudo-code such as
 * `R[rd] = m32[R[rs1]]` stays readable in the Markdown source.
 */
export function text(s: string): string {
  return s
    .replace(/\s*\r?\n\s*/g, " ")
    .replace(/[\\`*~$]/g, (c) => `\\${c}`)
    .replace(/_/g, (c, i: number, all: string) => (isWordChar(all[i - 1]) && isWordChar(all[i + 1]) ? c : `\\${c}`))
    .replace(/<(?=[A-Za-z/!?])/g, "\\<")
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, "&amp;")
    .replace(/\](?=[([])/g, "\\]");
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9]/.test(c);
}

/**
 * Prose that starts a block (a paragraph on its own line): besides `text`, a leading
 * character that would turn the line into a heading, quote, list or rule is escaped.
 */
export function block(s: string): string {
  const t = text(s);
  if (/^(?:[#>+=-]|\d+[.)](?:\s|$))/.test(t)) return t.replace(/^(\d+)?(.)/, (_m, d: string | undefined, c: string) => `${d ?? ""}\\${c}`);
  return t;
}

/** An inline code span; the fence is longer than any backtick run inside. */
export function code(s: string): string {
  const flat = s.replace(/\r?\n/g, " ");
  if (flat === "") return "` `";
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || (flat.startsWith(" ") && flat.endsWith(" ") && flat.trim() !== "") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A link; the label is Markdown already (escaped by the caller). */
export function link(label: string, href: string): string {
  return `[${label}](${href})`;
}

/**
 * A Markdown fragment made safe for one table cell: pipes are escaped (GFM requires
 * this even inside code spans, which then render the bare pipe), line breaks become
 * `<br>`, and an empty cell stays a valid empty cell.
 */
export function cell(md: string): string {
  return md
    .replace(/\r?\n/g, "<br>")
    .replace(/(\\*)\|/g, (m, bs: string) => (bs.length % 2 === 1 ? m : `${bs}\\|`))
    .trim();
}

/** A table as the templates receive it: header and rows of escaped cells, all the same width. */
export interface MdTable {
  head: string[];
  rows: string[][];
}

/** Build a table; throws when a row's width differs from the header's (a generator bug). */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): MdTable {
  rows.forEach((r, i) => {
    if (r.length !== head.length) throw new Error(`table row ${i} has ${r.length} cells, the header ${head.length}: ${head.join(" | ")}`);
  });
  return { head: head.map(cell), rows: rows.map((r) => r.map(cell)) };
}

/**
 * The anchor GitHub gives a heading (the github-slugger rule for ASCII text): lower
 * case, punctuation other than `-` and `_` removed, each space a hyphen. Backslash
 * escapes and code-span backticks are punctuation, so the Markdown source of a plain
 * heading slugs the same as its rendered text.
 */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[\u0000-\u001f!-,./:-@[-^`{-~\u007f-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u2bff]/g, "")
    .replace(/ /g, "-");
}

/** Anchors of every ATX heading in a page, outside fenced code, with GitHub's -1, -2 suffixes for repeats. */
export function anchorsOf(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of md.split("\n")) {
    if (/^```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const h = /^#{1,6} +(.*?)(?: +#+)? *$/.exec(line);
    if (!h) continue;
    const base = slug(h[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Link targets of a page (inline links outside fenced code). */
export function linksOf(md: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of md.split("\n")) {
    if (/^```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const m of line.matchAll(/(?<!\\)\]\(([^)\s]*)\)/g)) out.push(m[1]!);
  }
  return out;
}

/**
 * Internal links that do not resolve, as "page: target" strings. `pages` maps file
 * names (all in one directory) to their Markdown. External links are not checked.
 */
export function brokenLinks(pages: ReadonlyMap<string, string>): string[] {
  const anchors = new Map([...pages].map(([p, md]) => [p, anchorsOf(md)] as const));
  const bad: string[] = [];
  for (const [page, md] of pages) {
    for (const target of linksOf(md)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [file, anchor] = target.split("#", 2) as [string, string | undefined];
      const dest = file === "" ? page : file;
      const set = anchors.get(dest);
      if (!set || (anchor !== undefined && !set.has(anchor))) bad.push(`${page}: ${target}`);
    }
  }
  return bad;
}

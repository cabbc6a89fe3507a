import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { LineCounter, parseDocument, isNode, isScalar, visit, type Document } from "yaml";
import type { Diagnostic, Pos } from "./diagnostic.js";

/** One spec YAML file with what is needed to map a value path back to line:col. */
export interface SourceFile {
  /** Path as printed in diagnostics, e.g. spec/mailbox.yaml */
  path: string;
  text: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

export type PathKey = string | number;

export function parseSource(path: string, text: string): { file: SourceFile; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true, strict: true });
  const diagnostics: Diagnostic[] = [];
  // After the first structural error the parser reports noise; a few errors say enough.
  for (const e of [...doc.errors, ...doc.warnings].slice(0, 5)) {
    const lp = e.linePos?.[0] ?? { line: 1, col: 1 };
    diagnostics.push({ code: `yaml.${e.code.toLowerCase()}`, file: path, line: lp.line, col: lp.col, message: (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "") });
  }
  if (!doc.errors.length) diagnostics.push(...trailingComments(path, text, doc, lines));
  const data = doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 0 });
  return { file: { path, text, doc, lines, data }, diagnostics };
}

/**
 * A plain scalar followed by " #..." on its line is cut there: YAML reads the rest as
 * a comment. In a spec that is always a mistake (a source like "§9 #6" loses "#6"),
 * so a comment may only stand on its own line.
 */
function trailingComments(path: string, text: string, doc: Document, lines: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || !node.comment || !node.range || node.type !== "PLAIN") return;
      const end = node.range[1];
      const lineEnd = text.indexOf("\n", end);
      const rest = text.slice(end, lineEnd < 0 ? undefined : lineEnd);
      const hash = rest.indexOf("#");
      if (hash < 0) return;
      const lp = lines.linePos(end + hash);
      out.push({ code: "yaml.trailing-comment", file: path, line: lp.line, col: lp.col, message: `"${rest.slice(hash).trim()}" is read as a comment and cut from the value; quote the value or move the comment to its own line` });
    },
  });
  return out;
}

/** Every *.yaml file of a spec directory, sorted by name; paths are reported relative to `base`. */
export function readSpecDir(dir: string, base: string): { files: SourceFile[]; diagnostics: Diagnostic[] } {
  const names = readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort();
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names) {
    const full = join(dir, name);
    const shown = relative(base, full).split("\\").join("/");
    const r = parseSource(shown, readFileSync(full, "utf8"));
    files.push(r.file);
    diagnostics.push(...r.diagnostics);
  }
  return { files, diagnostics };
}

/** Position of the value at `path` (or of the deepest existing ancestor). */
export function posOf(file: SourceFile, path: readonly PathKey[], key = false): Pos {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    const node = sub.length === 0 ? file.doc.contents : file.doc.getIn(sub, true);
    if (isNode(node) && node.range) {
      let offset = node.range[0];
      if (key && n === path.length && n > 0) {
        const keyOffset = keyOffsetOf(file, sub);
        if (keyOffset !== undefined) offset = keyOffset;
      }
      const lp = file.lines.linePos(offset);
      return { file: file.path, line: lp.line, col: lp.col };
    }
  }
  return { file: file.path, line: 1, col: 1 };
}

function keyOffsetOf(file: SourceFile, path: readonly PathKey[]): number | undefined {
  const parent = path.length === 1 ? file.doc.contents : file.doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (parent && typeof parent === "object" && "items" in parent && Array.isArray((parent as { items: unknown[] }).items)) {
    for (const item of (parent as { items: unknown[] }).items) {
      if (item && typeof item === "object" && "key" in item) {
        const k = (item as { key: unknown }).key;
        if (isNode(k) && (k as unknown as { value?: unknown }).value === last && k.range) return k.range[0];
      }
    }
  }
  return undefined;
}

/** Convert an ajv instancePath (JSON Pointer) into path keys. */
export function pointerToPath(pointer: string): PathKey[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

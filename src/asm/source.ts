/** Source lines with `.include` expanded textually (path relative to the including file; recursion is an error). */
import { dirname, join, resolve } from "node:path";
import { AsmError } from "./errors.js";
import { parseStringToken, splitOperands, stripComment } from "./lexer.js";

export interface SourceLine {
  readonly file: string;
  /** 1-based line number in `file`. */
  readonly line: number;
  readonly text: string;
}

export type ReadFile = (path: string) => string;

const INCLUDE_RE = /^(\s*)\.include(?=\s|$)/i;

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Lines of `file` with every `.include "name"` / `.include name` replaced by the named file's lines. */
export function expandSource(file: string, text: string, readFile: ReadFile, stack: readonly string[] = []): SourceLine[] {
  const out: SourceLine[] = [];
  const here = [...stack, resolve(file)];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    const code = stripComment(raw);
    const m = INCLUDE_RE.exec(code);
    if (!m) {
      out.push({ file, line, text: raw });
      return;
    }
    const argCol = m[0].length + 1;
    const pos = (col: number) => ({ file, line, col });
    const toks = splitOperands(code.slice(m[0].length), argCol, pos);
    if (toks.length !== 1) throw new AsmError("OPERAND_COUNT", pos(m[1]!.length + 1), ".include expects one file name");
    const tok = toks[0]!;
    const name = tok.text.startsWith('"') ? String.fromCharCode(...parseStringToken(tok, pos)) : tok.text;
    const path = join(dirname(file), name);
    if (here.includes(resolve(path))) throw new AsmError("INCLUDE", pos(tok.col), `recursive .include of ${path}`);
    let sub: string;
    try {
      sub = readFile(path);
    } catch (e) {
      throw new AsmError("INCLUDE", pos(tok.col), `cannot read included file ${path}: ${(e as Error).message}`);
    }
    out.push(...expandSource(path, sub, readFile, here));
  });
  return out;
}

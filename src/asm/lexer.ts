/**
 * MVASM lexical rules (hsx-isa-hxe §6.1), with two fixes: `;` inside a string or
 * character literal is text, and a character literal may use an escape.
 */
import { AsmError, type SourcePos } from "./errors.js";

/** One operand token and the column (1-based) where it starts. */
export interface Token {
  readonly text: string;
  readonly col: number;
}

/** Length of the character literal starting at s[i] ('c' or '\c' or '\xNN'), or 0 if there is none. */
function charLiteralLength(s: string, i: number): number {
  if (s[i] !== "'") return 0;
  if (s[i + 1] === "\\") {
    if (s[i + 2] === "x" && s[i + 5] === "'") return 6;
    return s[i + 3] === "'" ? 4 : 0;
  }
  return s[i + 1] !== undefined && s[i + 2] === "'" ? 3 : 0;
}

/** End (exclusive) of the double-quoted string starting at s[i], or -1 when it is unterminated. */
function stringEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === "\\") j++;
    else if (s[j] === '"') return j + 1;
  }
  return -1;
}

/** The line without its comment: `;` outside string and character literals starts one. */
export function stripComment(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ";") return s.slice(0, i);
    if (c === '"') {
      const end = stringEnd(s, i);
      if (end < 0) return s;
      i = end - 1;
    } else if (c === "'") {
      const n = charLiteralLength(s, i);
      if (n > 0) i += n - 1;
    }
  }
  return s;
}

const isSep = (c: string): boolean => c === "," || c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\f" || c === "\v";

/**
 * Split operand text on commas and/or whitespace (as the prototype does), keeping
 * strings, character literals, [memory] and (parenthesised) groups whole.
 */
export function splitOperands(s: string, col0: number, pos: (col: number) => SourcePos): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    if (isSep(s[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < s.length && !isSep(s[i]!)) {
      const c = s[i]!;
      if (c === '"') {
        const end = stringEnd(s, i);
        if (end < 0) throw new AsmError("SYNTAX", pos(col0 + i), "unterminated string literal");
        i = end;
      } else if (c === "'" && charLiteralLength(s, i) > 0) {
        i += charLiteralLength(s, i);
      } else if (c === "[" || c === "(") {
        const close = s.indexOf(c === "[" ? "]" : ")", i);
        if (close < 0) throw new AsmError("SYNTAX", pos(col0 + i), `missing '${c === "[" ? "]" : ")"}'`);
        i = close + 1;
      } else i++;
    }
    out.push({ text: s.slice(start, i), col: col0 + start });
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, "\\": 0x5c, "0": 0x00, '"': 0x22, "'": 0x27 };

/**
 * The bytes of a quoted literal body with escapes \n \r \t \\ \0 \xNN (any other
 * \c is c). Characters are single bytes, as the prototype stores them: code points
 * above 0xFF are an error (write \xNN bytes instead).
 */
export function decodeEscapes(body: string, at: (offset: number) => SourcePos): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      const cp = body.codePointAt(i)!;
      if (cp > 0xff) throw new AsmError("SYNTAX", at(i), `character U+${cp.toString(16).toUpperCase()} does not fit a byte; write its bytes as \\xNN`);
      out.push(cp);
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw new AsmError("SYNTAX", at(i), "trailing escape");
    if (e === "x") {
      const hex = body.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new AsmError("SYNTAX", at(i), "\\x expects two hex digits");
      out.push(parseInt(hex, 16));
      i += 3;
      continue;
    }
    out.push(SIMPLE_ESCAPES[e] ?? e.codePointAt(0)!);
    if ((e.codePointAt(0) ?? 0) > 0xff) throw new AsmError("SYNTAX", at(i), "escaped character does not fit a byte");
    i++;
  }
  return out;
}

/** The bytes of a "string" token (quotes included in `tok.text`). */
export function parseStringToken(tok: Token, pos: (col: number) => SourcePos): number[] {
  const t = tok.text;
  if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"' || stringEnd(t, 0) !== t.length)
    throw new AsmError("SYNTAX", pos(tok.col), `invalid string literal ${t}`);
  return decodeEscapes(t.slice(1, -1), (o) => pos(tok.col + 1 + o));
}

export const SYMBOL_RE = /^[A-Za-z_.][A-Za-z0-9_.$]*$/;

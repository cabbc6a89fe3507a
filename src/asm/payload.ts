/**
 * JSON payloads of .value/.cmd/.mailbox. Unlike the prototype, a payload may span
 * several lines: while its brackets are open, following lines (comments stripped)
 * are appended.
 */
import { JsonSyntaxError, parseJson, type JsonValue } from "../hxe/index.js";
import { AsmError, type SourcePos } from "./errors.js";
import { stripComment } from "./lexer.js";
import type { SourceLine } from "./source.js";

interface Segment {
  readonly start: number;
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** Bracket depth change of one line of JSON, or the offset of a string left open (JSON strings cannot span lines). */
function depthDelta(text: string): { depth: number } | { openString: number } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) if (text[j] === "\\") j++;
      if (j >= text.length) return { openString: i };
      i = j;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return { depth };
}

/**
 * Read the JSON value that starts in `rest` (at column restCol of lines[index]).
 * Returns it and the index of the last line it used.
 */
export function readJsonPayload(lines: readonly SourceLine[], index: number, rest: string, restCol: number, pos: SourcePos): { value: JsonValue; nextIndex: number } {
  if (rest.trim() === "") throw new AsmError("BAD_METADATA", pos, "expected a JSON payload");
  const first = lines[index]!;
  const segs: Segment[] = [{ start: 0, file: first.file, line: first.line, col: restCol }];
  let text = rest;
  let depth = 0;
  let i = index;
  for (;;) {
    const seg = segs[segs.length - 1]!;
    const d = depthDelta(text.slice(seg.start));
    if ("openString" in d) throw new AsmError("BAD_METADATA", { file: seg.file, line: seg.line, col: seg.col + d.openString }, "unterminated string in JSON payload");
    depth += d.depth;
    if (depth <= 0) break;
    if (i + 1 >= lines.length) throw new AsmError("BAD_METADATA", pos, "JSON payload is not closed before the end of the file");
    const next = lines[++i]!;
    text += "\n";
    segs.push({ start: text.length, file: next.file, line: next.line, col: 1 });
    text += stripComment(next.text);
  }
  try {
    return { value: parseJson(text), nextIndex: i };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    let seg = segs[0]!;
    for (const s of segs) if (s.start <= e.offset) seg = s;
    throw new AsmError("BAD_METADATA", { file: seg.file, line: seg.line, col: seg.col + (e.offset - seg.start) }, `invalid JSON: ${e.message}`);
  }
}

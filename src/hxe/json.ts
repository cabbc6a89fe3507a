/**
 * Strict JSON (RFC 8259) for the `.mailbox` document and the assembler's JSON
 * directives, plus a dumper that writes what the prototype linker's
 * `json.dumps(..., separators=(",", ":"), sort_keys=True)` writes.
 *
 * Numbers keep their source text so 64 and 64.0 stay distinct (Python dumps the
 * first as an int and the second as a float, "64.0"). Objects are Maps: a repeated
 * key keeps its first position and its last value, as a Python dict does.
 * No comments, NaN, Infinity or trailing commas (R-HXE-MAILBOX-DOC).
 */

export class JsonNumber {
  constructor(readonly text: string) {}
  /** True when the literal has no fraction or exponent (a Python int). */
  get isInteger(): boolean {
    return !/[.eE]/.test(this.text);
  }
  get value(): number {
    return Number(this.text);
  }
}

export type JsonObject = Map<string, JsonValue>;
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

/** A JSON syntax error at a UTF-16 offset of the text. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

/** Deeper nesting than this is rejected rather than risking the stack. */
const MAX_DEPTH = 256;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  fail(message: string, at = this.i): never {
    throw new JsonSyntaxError(message, at);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  prefix(start: number): { value: JsonValue; end: number } {
    this.i = start;
    this.ws();
    const value = this.value(0);
    return { value, end: this.i };
  }

  document(): JsonValue {
    this.ws();
    const v = this.value(0);
    this.ws();
    if (this.i < this.s.length) this.fail("unexpected text after the JSON value");
    return v;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail("JSON nested too deeply");
    const s = this.s;
    const c = s[this.i];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? "unexpected end of JSON" : `unexpected character ${JSON.stringify(c)}`);
  }

  object(depth: number): JsonObject {
    const obj: JsonObject = new Map();
    this.i++;
    this.ws();
    if (this.s[this.i] === "}") {
      this.i++;
      return obj;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail("expected a string key");
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ":") this.fail("expected ':'");
      this.i++;
      this.ws();
      obj.set(key, this.value(depth + 1));
      this.ws();
      const c = this.s[this.i];
      if (c === ",") this.i++;
      else if (c === "}") {
        this.i++;
        return obj;
      } else this.fail("expected ',' or '}'");
    }
  }

  array(depth: number): JsonValue[] {
    const arr: JsonValue[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === "]") {
      this.i++;
      return arr;
    }
    for (;;) {
      this.ws();
      arr.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i];
      if (c === ",") this.i++;
      else if (c === "]") {
        this.i++;
        return arr;
      } else this.fail("expected ',' or ']'");
    }
  }

  number(): JsonNumber {
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.i;
    const hit = m.exec(this.s);
    if (!hit || hit[0] === "-") this.fail("malformed number");
    this.i += hit[0].length;
    return new JsonNumber(hit[0]);
  }

  string(): string {
    const s = this.s;
    const start = this.i;
    this.i++;
    let out = "";
    for (;;) {
      if (this.i >= s.length) this.fail("unterminated string", start);
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail("control character in string");
      if (c !== 0x5c) {
        out += s[this.i++];
        continue;
      }
      const e = s[this.i + 1];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.i += 2;
      } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) {
        out += String.fromCharCode(parseInt(s.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
      } else this.fail("invalid escape");
    }
  }
}

/** Parse strict JSON; throws JsonSyntaxError with the offset of the problem. */
export function parseJson(text: string): JsonValue {
  return new Parser(text).document();
}

/** Parse one JSON value at `text[start..]` (leading whitespace skipped); returns it and the offset after it. */
export function parseJsonPrefix(text: string, start: number): { value: JsonValue; end: number } {
  return new Parser(text).prefix(start);
}

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return v instanceof Map;
}

/** Compare strings by code point, as Python sorts str. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Python's json string encoding with ensure_ascii: everything outside ' '..'~' escaped. */
export function pyJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c >= 0x20 && c <= 0x7e) out += s[i];
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else out += "\\u" + c.toString(16).padStart(4, "0");
  }
  return out + '"';
}

/** Python's repr() of a float: shortest round-trip digits, fixed for 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const [mant, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const exp = Number(expText);
  const decpt = exp + 1; // digits d1 d2 ... with the point after decpt of them
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = exp < 0 ? `-${String(-exp).padStart(2, "0")}` : `+${String(exp).padStart(2, "0")}`;
  return `${sign}${m}e${e}`;
}

function pyNumber(n: JsonNumber): string {
  if (n.isInteger) return BigInt(n.text).toString();
  return pyFloatRepr(n.value);
}

/** json.dumps(value, separators=(",", ":"), sort_keys=True) with ensure_ascii. */
export function dumpPyJson(v: JsonValue): string {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "string") return pyJsonString(v);
  if (v instanceof JsonNumber) return pyNumber(v);
  if (Array.isArray(v)) return `[${v.map(dumpPyJson).join(",")}]`;
  const keys = [...v.keys()].sort(compareCodePoints);
  return `{${keys.map((k) => `${pyJsonString(k)}:${dumpPyJson(v.get(k)!)}`).join(",")}}`;
}

/** A compact JSON rendering that keeps key order (for disassembly listings). */
export function dumpJsonInOrder(v: JsonValue): string {
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${pyJsonString(k)}:${dumpJsonInOrder(x)}`).join(",")}}`;
  if (Array.isArray(v)) return `[${v.map(dumpJsonInOrder).join(",")}]`;
  if (v instanceof JsonNumber) return v.text;
  return dumpPyJson(v);
}

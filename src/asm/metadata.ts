/**
 * The .value, .cmd and .mailbox directive payloads (hsx-isa-hxe §6.2, §5.5): JSON
 * objects with the prototype's key aliases, checked field by field. Out-of-range
 * fields are errors, never masked.
 */
import { AuthLevel, CommandFlag, ValueFlag } from "../../generated/ts/index.js";
import { HxeLoadError, isJsonObject, JsonNumber, parseMailboxEntry, type JsonObject, type JsonValue, type MailboxDecl, type ValueDecl } from "../hxe/index.js";
import { f16FromNumber } from "../vm/f16.js";
import { AsmError, type AsmWarning, type SourcePos } from "./errors.js";

/** A command before linking: its handler may still be a symbol name. */
export interface CommandSpec {
  readonly group: number;
  readonly id: number;
  readonly flags: number;
  readonly auth: number;
  readonly handler: { readonly symbol: string } | { readonly offset: number };
  readonly name: string | null;
  readonly help: string | null;
  readonly groupName: string | null;
  readonly reserved: number;
}

/** A mailbox entry: the JSON as written (target stripped) and its normalised declaration. */
export interface MailboxSpec {
  readonly json: JsonObject;
  readonly decl: MailboxDecl;
}

class Fields {
  readonly used = new Set<string>();
  constructor(
    private readonly obj: JsonObject,
    private readonly pos: SourcePos,
    private readonly what: string,
  ) {}

  fail(message: string): never {
    throw new AsmError("BAD_METADATA", this.pos, `${this.what}: ${message}`);
  }

  /** The value under the one alias present (null/absent → undefined); two aliases present is an error. */
  get(aliases: readonly string[]): JsonValue | undefined {
    const present = aliases.filter((k) => this.obj.has(k));
    present.forEach((k) => this.used.add(k));
    if (present.length > 1) this.fail(`give only one of ${present.join(", ")}`);
    const v = present.length ? this.obj.get(present[0]!) : undefined;
    return v === null ? undefined : v;
  }

  int(aliases: readonly string[], max: number, dflt?: number): number {
    const v = this.get(aliases);
    if (v === undefined) {
      if (dflt === undefined) this.fail(`"${aliases[0]}" is required`);
      return dflt;
    }
    if (!(v instanceof JsonNumber) || !Number.isInteger(v.value) || v.value < 0 || v.value > max) this.fail(`"${aliases[0]}" must be an integer 0..${max}`);
    return v.value;
  }

  str(aliases: readonly string[]): string | null {
    const v = this.get(aliases);
    if (v === undefined) return null;
    if (typeof v !== "string") this.fail(`"${aliases[0]}" must be a string`);
    return v;
  }

  /** A float field as f16 bits (IEEE RNE, overflow to infinity); the `_raw` key gives the bits directly. */
  f16(key: string): number {
    const raw = this.get([`${key}_raw`]);
    const v = this.get([key]);
    if (raw !== undefined) {
      if (v !== undefined) this.fail(`give only one of ${key}, ${key}_raw`);
      if (!(raw instanceof JsonNumber) || !Number.isInteger(raw.value) || raw.value < 0 || raw.value > 0xffff) this.fail(`"${key}_raw" must be an integer 0..65535`);
      return raw.value;
    }
    if (v === undefined) return 0;
    if (!(v instanceof JsonNumber)) this.fail(`"${key}" must be a number`);
    return f16FromNumber(v.value);
  }

  /** An integer or names joined by | or , (case-insensitive). */
  flags(aliases: readonly string[], names: Readonly<Record<string, number>>, max: number): number {
    const v = this.get(aliases);
    if (v === undefined) return 0;
    if (typeof v !== "string") return this.int(aliases, max, 0);
    let bits = 0;
    for (const raw of v.split(/[|,]/)) {
      const t = raw.trim().toUpperCase();
      if (t === "") continue;
      const bit = names[t];
      if (bit === undefined) this.fail(`unknown ${aliases[0]} name "${raw.trim()}" (known: ${Object.keys(names).join(", ")})`);
      bits |= bit;
    }
    return bits;
  }

  /** Keys nobody read: kept by the prototype's .hxo, dropped from the binary. */
  unused(warnings: AsmWarning[]): void {
    for (const k of this.obj.keys()) if (!this.used.has(k)) warnings.push({ pos: this.pos, message: `${this.what}: key "${k}" has no field in the HXE and is ignored` });
  }
}

// SPEC-GAP: the spec has no MVASM grammar; READONLY/READ_ONLY are the prototype assembler's
// aliases of value_flag RO (hsx-isa-hxe §6.2), kept here rather than in spec/hxe.yaml.
const VALUE_FLAG_NAMES: Record<string, number> = { ...ValueFlag, READONLY: ValueFlag.RO, READ_ONLY: ValueFlag.RO };
const COMMAND_FLAG_NAMES: Record<string, number> = { ...CommandFlag };
const AUTH_NAMES: Record<string, number> = { ...AuthLevel };

function object(v: JsonValue, pos: SourcePos, what: string): JsonObject {
  if (!isJsonObject(v)) throw new AsmError("BAD_METADATA", pos, `${what} expects a JSON object`);
  return v;
}

/** `.value {...}` */
export function valueSpec(v: JsonValue, pos: SourcePos, warnings: AsmWarning[]): ValueDecl {
  const f = new Fields(object(v, pos, ".value"), pos, ".value");
  const decl: ValueDecl = {
    group: f.int(["group", "group_id", "groupId"], 0xff),
    id: f.int(["id", "value", "value_id", "valueId"], 0xff),
    flags: f.flags(["flags"], VALUE_FLAG_NAMES, 0xff),
    auth: f.flags(["auth", "auth_level"], AUTH_NAMES, 0xff),
    init: f.f16("init"),
    epsilon: f.f16("epsilon"),
    min: f.f16("min"),
    max: f.f16("max"),
    persistKey: f.int(["persist_key"], 0xffff, 0),
    name: f.str(["name"]),
    unit: f.str(["unit"]),
    groupName: f.str(["group_name", "groupName"]),
  };
  f.int(["reserved"], 0xffff, 0);
  if (f.get(["rate_ms"]) !== undefined) warnings.push({ pos, message: ".value: rate_ms has no field in the HXE and is dropped" });
  f.unused(warnings);
  return decl;
}

/** `.cmd {...}` */
export function commandSpec(v: JsonValue, pos: SourcePos, warnings: AsmWarning[]): CommandSpec {
  const f = new Fields(object(v, pos, ".cmd"), pos, ".cmd");
  const group = f.int(["group", "group_id", "groupId"], 0xff);
  const id = f.int(["id", "cmd", "cmd_id", "command_id", "commandId"], 0xff);
  const h = f.get(["handler"]);
  const hOff = f.get(["handler_offset"]);
  let handler: CommandSpec["handler"];
  if (h !== undefined && hOff !== undefined) f.fail('give only one of "handler", "handler_offset"');
  if (typeof h === "string") {
    if (h.trim() === "") f.fail('"handler" names no symbol');
    handler = { symbol: h.trim() };
  } else handler = { offset: f.int(h !== undefined ? ["handler"] : ["handler_offset"], 0xffffffff, 0) };
  const spec: CommandSpec = {
    group,
    id,
    flags: f.flags(["flags"], COMMAND_FLAG_NAMES, 0xff),
    auth: f.flags(["auth", "auth_level"], AUTH_NAMES, 0xff),
    handler,
    name: f.str(["name"]),
    help: f.str(["help"]),
    groupName: f.str(["group_name", "groupName"]),
    reserved: f.int(["reserved"], 0xffff, 0),
  };
  f.unused(warnings);
  return spec;
}

function finite(v: JsonValue, pos: SourcePos): void {
  if (v instanceof JsonNumber && !Number.isFinite(v.value)) throw new AsmError("BAD_METADATA", pos, `.mailbox: number ${v.text} is out of range`);
  if (Array.isArray(v)) v.forEach((x) => finite(x, pos));
  if (isJsonObject(v)) v.forEach((x) => finite(x, pos));
}

/** `.mailbox {...}` or `.mailbox [...]`: each entry checked as the loader will check it. */
export function mailboxSpecs(v: JsonValue, pos: SourcePos): MailboxSpec[] {
  const entries = Array.isArray(v) ? v : [v];
  return entries.map((e, i) => {
    const obj = object(e, pos, ".mailbox");
    finite(obj, pos);
    let decl: MailboxDecl;
    try {
      decl = parseMailboxEntry(obj, i);
    } catch (err) {
      if (err instanceof HxeLoadError) throw new AsmError("BAD_METADATA", pos, `.mailbox: ${err.message} (${err.code})`);
      throw err;
    }
    // As the prototype linker writes it: the target key holds the stripped target.
    const json: JsonObject = new Map(obj);
    json.set("target", decl.target);
    return { json, decl };
  });
}

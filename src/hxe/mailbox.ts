/**
 * The `.mailbox` metadata section (type 3): the JSON document of
 * hxe.mailbox_document or the legacy 16-byte binary entries
 * (R-HXE-MAILBOX-DOC, hxe.rule.MAILBOX_PAYLOAD).
 */
import { HXE, HxeMailboxEntryLayout as ML, HxeSection, MAILBOX_MODE_TOKENS } from "../../generated/ts/index.js";
import { Bytes } from "./bytes.js";
import { HxeLoadError } from "./errors.js";
import { dumpPyJson, isJsonObject, JsonNumber, JsonSyntaxError, parseJson, type JsonObject, type JsonValue } from "./json.js";
import { readStrings, type SectionPlace } from "./sections.js";
import type { HxeSectionData, MailboxBinding, MailboxDecl } from "./types.js";

/** The mode a 0, null or absent mode means. */
export const MODE_RDWR = MAILBOX_MODE_TOKENS["RDWR"]!;
const U16_MAX = 0xffff;
const NOWHERE: SectionPlace = { index: -1, offset: -1 };

/** Python's str.strip() for the ASCII whitespace it removes. */
export function pyStrip(s: string): string {
  return s.replace(/^[\s\x1c-\x1f]+|[\s\x1c-\x1f]+$/g, "");
}

function fail(code: "MAILBOX_SHAPE" | "MAILBOX_TARGET" | "MAILBOX_MODE" | "MAILBOX_FIELD" | "MAILBOX_VERSION" | "MAILBOX_DUPLICATE", message: string, place: SectionPlace): never {
  throw new HxeLoadError(code, message, place.offset >= 0 ? place.offset : null, place.index >= 0 ? place.index : null);
}

/** The value of the first of `keys` present in `obj` (present with null counts), else undefined. */
function firstKey(obj: JsonObject, keys: readonly string[]): JsonValue | undefined {
  for (const k of keys) if (obj.has(k)) return obj.get(k);
  return undefined;
}

/** Python truthiness, for `entry.get("target") or entry.get("name")`. */
function truthy(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null || v === false || v === "") return false;
  if (v instanceof JsonNumber) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return true;
}

/** An integer-valued JSON number (JSON has no separate int type for 64 vs 64.0). */
function intOf(v: JsonValue | undefined): number | null {
  return v instanceof JsonNumber && Number.isInteger(v.value) ? v.value : null;
}

function u16Field(v: JsonValue | undefined, what: string, i: number, place: SectionPlace): number | null {
  if (v === undefined || v === null) return null;
  const n = intOf(v);
  if (n === null || n < 0 || n > U16_MAX) fail("MAILBOX_FIELD", `mailbox metadata entry ${i}: ${what} must be an integer 0..65535`, place);
  return n;
}

/** A mode as an integer (masked to 16 bits) or names joined by | or , (case-insensitive). */
export function parseMode(v: JsonValue | undefined, i: number, place: SectionPlace = NOWHERE): number {
  let mode = 0;
  if (v === undefined || v === null) mode = 0;
  else if (typeof v === "string") {
    for (const raw of v.split(/[|,]/)) {
      const t = pyStrip(raw).toUpperCase();
      if (t === "") continue;
      const bit = MAILBOX_MODE_TOKENS[t];
      if (bit === undefined) fail("MAILBOX_MODE", `unknown mailbox mode '${pyStrip(raw)}' (entry ${i})`, place);
      mode |= bit;
    }
  } else {
    const n = intOf(v);
    if (n === null || n < 0) fail("MAILBOX_MODE", `mailbox metadata entry ${i}: mode must be a non-negative integer or mode names`, place);
    // & 0xFFFF on the exact integer (a long literal is not exact as a double).
    mode = v instanceof JsonNumber && v.isInteger ? Number(BigInt(v.text) & 0xffffn) : n % 0x10000;
  }
  return mode === 0 ? MODE_RDWR : mode;
}

function parseBindings(v: JsonValue | undefined, i: number, place: SectionPlace): MailboxBinding[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail("MAILBOX_FIELD", `mailbox metadata entry ${i}: bindings must be a list`, place);
  return v.map((b) => {
    if (!isJsonObject(b)) fail("MAILBOX_FIELD", `mailbox metadata entry ${i}: each binding must be an object`, place);
    const pid = u16Field(b.get("pid"), "binding pid", i, place);
    if (pid === null) fail("MAILBOX_FIELD", `mailbox metadata entry ${i}: a binding needs a pid`, place);
    return { pid, flags: u16Field(b.get("flags"), "binding flags", i, place) ?? 0 };
  });
}

function entryObject(entry: JsonValue, i: number, place: SectionPlace): JsonObject {
  if (!isJsonObject(entry)) fail("MAILBOX_SHAPE", `mailbox metadata entry ${i} must be an object`, place);
  return entry;
}

function entryTarget(entry: JsonObject, i: number, place: SectionPlace): string {
  const t = truthy(entry.get("target")) ? entry.get("target") : entry.get("name");
  const target = typeof t === "string" ? pyStrip(t) : "";
  if (target === "") fail("MAILBOX_TARGET", `mailbox metadata entry ${i} missing target`, place);
  return target;
}

function entryMode(entry: JsonObject, i: number, place: SectionPlace): number {
  return parseMode(firstKey(entry, ["mode_mask", "mode", "flags"]), i, place);
}

function entryFields(entry: JsonObject, i: number, place: SectionPlace): Pick<MailboxDecl, "capacity" | "ownerPid" | "bindings"> {
  const capacity = u16Field(firstKey(entry, ["capacity", "queue_depth"]), "capacity", i, place);
  return {
    capacity: capacity === 0 ? null : capacity,
    ownerPid: u16Field(entry.get("owner_pid"), "owner_pid", i, place),
    bindings: parseBindings(entry.get("bindings"), i, place),
  };
}

/** Normalise one JSON entry (aliases of hxe.mailbox_document.entry), checking in hxe_error order. */
export function parseMailboxEntry(entry: JsonValue, i: number, place: SectionPlace = NOWHERE): MailboxDecl {
  const obj = entryObject(entry, i, place);
  const target = entryTarget(obj, i, place);
  const mode = entryMode(obj, i, place);
  return { target, mode, ...entryFields(obj, i, place) };
}

/**
 * Normalise every entry, one hxe_error stage at a time over all entries (hxe.rule.LOAD_ORDER):
 * MAILBOX_SHAPE, MAILBOX_TARGET, MAILBOX_MODE, MAILBOX_FIELD, then MAILBOX_DUPLICATE.
 */
export function parseMailboxEntries(entries: readonly JsonValue[], place: SectionPlace = NOWHERE): MailboxDecl[] {
  const objs = entries.map((e, i) => entryObject(e, i, place));
  const targets = objs.map((o, i) => entryTarget(o, i, place));
  const modes = objs.map((o, i) => entryMode(o, i, place));
  const decls = objs.map((o, i) => ({ target: targets[i]!, mode: modes[i]!, ...entryFields(o, i, place) }));
  checkDuplicateTargets(decls, place);
  return decls;
}

/** Reject two declarations of one target (R-HXE-MAILBOX-DUPLICATE). */
export function checkDuplicateTargets(decls: readonly MailboxDecl[], place: SectionPlace = NOWHERE): void {
  const seen = new Set<string>();
  for (const d of decls) {
    if (seen.has(d.target)) fail("MAILBOX_DUPLICATE", `mailbox target '${d.target}' declared twice`, place);
    seen.add(d.target);
  }
}

/** The entries of a parsed document: {"version":1,"mailboxes"|"entries":[...]} or a bare array. */
export function mailboxDocumentEntries(doc: JsonValue, place: SectionPlace = NOWHERE): JsonValue[] {
  if (Array.isArray(doc)) return doc;
  if (!isJsonObject(doc)) fail("MAILBOX_SHAPE", "mailbox metadata JSON must be an object or array", place);
  if (doc.has("version")) {
    const v = doc.get("version");
    if (!(v instanceof JsonNumber) || v.value !== HXE.MAILBOX_DOC_VERSION) fail("MAILBOX_VERSION", "mailbox metadata JSON version not supported", place);
  }
  const entries = doc.has("mailboxes") ? doc.get("mailboxes") : doc.has("entries") ? doc.get("entries") : [];
  if (!Array.isArray(entries)) fail("MAILBOX_SHAPE", "mailbox metadata entries must be a list", place);
  return entries;
}

/** Parse a `.mailbox` JSON document into declarations. Throws HxeLoadError (MAILBOX_*). */
export function parseMailboxDocument(text: string, place: SectionPlace = NOWHERE): MailboxDecl[] {
  let doc: JsonValue;
  try {
    doc = parseJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new HxeLoadError("MAILBOX_JSON_INVALID", `mailbox metadata JSON invalid: ${e.message} at offset ${e.offset}`, place.offset >= 0 ? place.offset + e.offset : null, place.index >= 0 ? place.index : null);
  }
  return parseMailboxEntries(mailboxDocumentEntries(doc, place), place);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function isSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** True when a mailbox payload is the JSON form: '{' or '[' after whitespace, ignoring trailing NULs. */
export function isJsonMailboxPayload(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

/**
 * Parse a mailbox section payload. JSON ignores entryCount; the legacy binary form
 * needs it (when absent it is taken as the first entry's name offset / 16, since the
 * strings follow the entries).
 */
export function parseMailboxSection(bytes: Uint8Array, entryCount?: number, place: SectionPlace = NOWHERE): MailboxDecl[] {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (end === 0) return [];
  const body = bytes.subarray(0, end);
  if (isJsonMailboxPayload(body)) {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      throw new HxeLoadError("MAILBOX_JSON_UTF8", "mailbox metadata JSON must be UTF-8", place.offset >= 0 ? place.offset : null, place.index >= 0 ? place.index : null);
    }
    return parseMailboxDocument(text, place);
  }
  return parseLegacy(new Bytes(bytes), entryCount, place);
}

function parseLegacy(sec: Bytes, entryCount: number | undefined, place: SectionPlace): MailboxDecl[] {
  const count = entryCount ?? (sec.length >= ML.size ? Math.floor(sec.u32(0) / ML.size) : 0);
  if (count * ML.size > sec.length) throw new HxeLoadError("META_TRUNCATED", "mailbox metadata table truncated", place.offset >= 0 ? place.offset : null, place.index >= 0 ? place.index : null);
  const f = ML.fields;
  const at = (i: number) => i * ML.size;
  // Stages in hxe_error order: the strings (19-21), then the targets (26), then duplicates (29).
  const offs = Array.from({ length: count }, (_, i) => sec.u32(at(i) + f.name_offset.offset));
  const names = readStrings(sec, offs, place);
  const decls: MailboxDecl[] = names.map((name, i) => {
    const target = pyStrip(name ?? "");
    if (target === "") fail("MAILBOX_TARGET", "mailbox metadata missing name", place);
    const depth = sec.u16(at(i) + f.queue_depth.offset);
    const mode = sec.u16(at(i) + f.flags.offset);
    return { target, capacity: depth === 0 ? null : depth, mode: mode === 0 ? MODE_RDWR : mode, ownerPid: null, bindings: [] };
  });
  checkDuplicateTargets(decls, place);
  return decls;
}

/**
 * The section the prototype linker writes: json.dumps({"version":1,"mailboxes":[...]},
 * compact, keys sorted, ASCII), entry_count = number of entries. Entries are written
 * as given (the assembler strips targets and sorts by target first).
 */
export function encodeMailboxSection(entries: readonly JsonObject[]): HxeSectionData {
  const doc: JsonObject = new Map<string, JsonValue>([
    ["version", new JsonNumber(String(HXE.MAILBOX_DOC_VERSION))],
    ["mailboxes", [...entries]],
  ]);
  const text = dumpPyJson(doc);
  const payload = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) payload[i] = text.charCodeAt(i); // ensure_ascii: all < 0x80
  return { type: HxeSection.MAILBOX, entryCount: entries.length, payload };
}

/** A declaration as a JSON entry with the spec's canonical keys. */
export function mailboxDeclToJson(d: MailboxDecl): JsonObject {
  const o: JsonObject = new Map<string, JsonValue>([["target", d.target]]);
  if (d.capacity !== null) o.set("capacity", new JsonNumber(String(d.capacity)));
  o.set("mode_mask", new JsonNumber(String(d.mode)));
  if (d.ownerPid !== null) o.set("owner_pid", new JsonNumber(String(d.ownerPid)));
  if (d.bindings.length > 0)
    o.set(
      "bindings",
      d.bindings.map((b) => new Map<string, JsonValue>([["pid", new JsonNumber(String(b.pid))], ["flags", new JsonNumber(String(b.flags))]])),
    );
  return o;
}

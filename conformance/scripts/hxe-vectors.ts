/**
 * Generator of the HXE loader conformance vectors (conformance/vectors/hxe/*.yaml).
 *
 *   npx tsc -p . && node dist/conformance/scripts/hxe-vectors.js [OUTDIR]
 *
 * Images are packed here with DataView, independently of src/hxe, and sealed with
 * zlib.crc32 from node:zlib over the span of spec/hxe.yaml `crc.span`
 * (file[0x00:0x1C] ++ file[header_size:EOF]). Every expectation is written down from
 * spec/hxe.yaml (hxe_error in check order, rules LOAD_ORDER, MAILBOX_PAYLOAD, STRINGS,
 * the .mailbox document) and hsx-isa-hxe.md §5 — never by running a loader. The
 * output is deterministic: the same bytes on every run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";
import { parse as parseYaml } from "yaml";

// ---------------------------------------------------------------------------
// Constants, copied from spec/hxe.yaml (deliberately not imported: the images must
// not depend on the code under test or on what was generated from the spec).
// ---------------------------------------------------------------------------
const MAGIC = 0x48535845; // "HSXE"
const HEADER_V1 = 32;
const HEADER_V2 = 96;
const CRC_FIELD = 0x1c;
const META_ENTRY = 16;
const VALUE_ENTRY = 20;
const COMMAND_ENTRY = 16;
const LEGACY_MBX_ENTRY = 16;
const SEC_VALUE = 1;
const SEC_COMMAND = 2;
const SEC_MAILBOX = 3;
const FLAG_MANIFEST = 0x0001;
const FLAG_MULTI = 0x0002;
/** v1/v2 header field offsets (struct.hsx_hxe_header_v1_t / _v2_t). */
const H = { magic: 0x00, version: 0x04, flags: 0x06, entry: 0x08, code_len: 0x0c, ro_len: 0x10, bss: 0x14, caps: 0x18, crc: 0x1c, app_name: 0x20, meta_offset: 0x40, meta_count: 0x44, reserved: 0x48 } as const;
/** Mode names of hxe.mailbox_document.mode_tokens. */
const M = { RDONLY: 0x01, WRONLY: 0x02, RDWR: 0x03, TAP: 0x04, FANOUT: 0x08, FANOUT_DROP: 0x10, FANOUT_BLOCK: 0x20 } as const;

// ---------------------------------------------------------------------------
// Bytes
// ---------------------------------------------------------------------------
type Part = Uint8Array | readonly number[];

function cat(...parts: Part[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** ASCII / Latin-1 text, one byte per character (for exact control over bytes). */
function raw(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new Error(`raw(): character U+${c.toString(16)} is not a byte`);
    out[i] = c;
  }
  return out;
}

function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "utf8"));
}

function zeros(n: number): Uint8Array {
  return new Uint8Array(n);
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, false);
  return b;
}

function u16(v: number): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v & 0xffff, false);
  return b;
}

function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function set32(img: Uint8Array, off: number, v: number): Uint8Array {
  dv(img).setUint32(off, v >>> 0, false);
  return img;
}

function set16(img: Uint8Array, off: number, v: number): Uint8Array {
  dv(img).setUint16(off, v & 0xffff, false);
  return img;
}

function get32(img: Uint8Array, off: number): number {
  return dv(img).getUint32(off, false);
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));
}

/** Deterministic filler "code": big-endian words that are easy to recognise in a dump. */
function code(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (0x10 + ((i >> 2) % 0x30) * 3 + (i & 3) * 0x41) & 0xff;
  return out;
}

/** Deterministic filler rodata (printable). */
function rodata(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = 0x61 + (i % 26);
  return out;
}

// ---------------------------------------------------------------------------
// CRC (spec/hxe.yaml crc; hsx-isa-hxe.md §5.1)
// ---------------------------------------------------------------------------
if (crc32("123456789") >>> 0 !== 0xcbf43926) throw new Error("node:zlib crc32 is not CRC-32/ISO-HDLC");

/** CRC over file[0x00:0x1C] ++ file[headerSize:EOF]. */
function spanCrc(img: Uint8Array, headerSize: number): number {
  return crc32(img.subarray(headerSize), crc32(img.subarray(0, CRC_FIELD))) >>> 0;
}

/** Store the CRC of the span; the header size follows from the layout the image was built with. */
function seal(img: Uint8Array, headerSize: number): Uint8Array {
  return set32(img, H.crc, spanCrc(img, headerSize));
}

// ---------------------------------------------------------------------------
// Image builder
// ---------------------------------------------------------------------------
interface Section {
  type: number;
  payload: Uint8Array;
  count: number;
  /** Table entry overrides (the payload is still written in sequence). */
  offset?: number;
  size?: number;
}

interface ImageOpts {
  /** Layout: 1 = 32-byte header, 2 = 96-byte header (the version field may be overridden). */
  layout: 1 | 2;
  code?: Uint8Array;
  rodata?: Uint8Array;
  flags?: number;
  entry?: number;
  bss?: number;
  caps?: number;
  /** The 32 app_name bytes (a string is written as bytes, NUL-padded). */
  app?: string | Uint8Array;
  sections?: Section[];
  /** Put the metadata table after the section payloads instead of right after rodata. */
  tableLast?: boolean;
  /** Bytes after everything else. */
  trailing?: Uint8Array;
  /** Header field overrides, applied before sealing. */
  magic?: number;
  version?: number;
  codeLen?: number;
  roLen?: number;
  metaOffset?: number;
  metaCount?: number;
  reserved?: Uint8Array;
}

interface Built {
  img: Uint8Array;
  headerSize: number;
  /** End of rodata (header + code + rodata). */
  roEnd: number;
  tableOffset: number;
  sectionOffsets: number[];
}

function appNameBytes(app: string | Uint8Array): Uint8Array {
  const b = typeof app === "string" ? raw(app) : app;
  if (b.length > 32) throw new Error("app_name longer than 32 bytes");
  return cat(b, zeros(32 - b.length));
}

/** Pack an image the way the prototype linker lays it out: header | code | rodata | table | payloads | trailing. Sealed. */
function build(o: ImageOpts): Built {
  const headerSize = o.layout === 2 ? HEADER_V2 : HEADER_V1;
  const c = o.code ?? code(8);
  const r = o.rodata ?? new Uint8Array(0);
  const sections = o.sections ?? [];
  if (o.layout === 1 && sections.length) throw new Error("v1 images have no metadata");
  const roEnd = headerSize + c.length + r.length;
  const tableBytes = sections.length * META_ENTRY;
  const payloadStart = o.tableLast ? roEnd : roEnd + tableBytes;
  const sectionOffsets: number[] = [];
  let at = payloadStart;
  for (const s of sections) {
    sectionOffsets.push(at);
    at += s.payload.length;
  }
  const tableOffset = o.tableLast ? at : roEnd;
  const table = cat(
    ...sections.map((s, i) => cat(u32(s.type), u32(s.offset ?? sectionOffsets[i]!), u32(s.size ?? s.payload.length), u32(s.count))),
  );
  const payloads = cat(...sections.map((s) => s.payload));
  const body = o.tableLast ? cat(c, r, payloads, table) : cat(c, r, table, payloads);
  const img = cat(zeros(headerSize), body, o.trailing ?? []);
  set32(img, H.magic, o.magic ?? MAGIC);
  set16(img, H.version, o.version ?? o.layout);
  set16(img, H.flags, o.flags ?? 0);
  set32(img, H.entry, o.entry ?? 0);
  set32(img, H.code_len, o.codeLen ?? c.length);
  set32(img, H.ro_len, o.roLen ?? r.length);
  set32(img, H.bss, o.bss ?? 0);
  set32(img, H.caps, o.caps ?? 0);
  if (o.layout === 2) {
    img.set(appNameBytes(o.app ?? ""), H.app_name);
    set32(img, H.meta_offset, o.metaOffset ?? (sections.length ? tableOffset : 0));
    set32(img, H.meta_count, o.metaCount ?? sections.length);
    if (o.reserved) img.set(o.reserved, H.reserved);
  } else if (o.app !== undefined || o.metaOffset !== undefined || o.metaCount !== undefined || o.reserved) {
    throw new Error("v1 layout has no app_name, meta or reserved fields");
  }
  seal(img, headerSize);
  return { img, headerSize, roEnd, tableOffset, sectionOffsets };
}

const v1 = (o: Omit<ImageOpts, "layout"> = {}): Built => build({ ...o, layout: 1 });
const v2 = (o: Omit<ImageOpts, "layout"> = {}): Built => build({ app: "demo", flags: FLAG_MULTI, ...o, layout: 2 });

/** Flip one byte (xor 0x01) after sealing: the stored CRC no longer matches. */
function flip(img: Uint8Array, off: number, mask = 0x01): Uint8Array {
  const out = img.slice();
  out[off] = out[off]! ^ mask;
  return out;
}

/** The first n bytes. */
function cut(img: Uint8Array, n: number): Uint8Array {
  return img.slice(0, n);
}

// ---------------------------------------------------------------------------
// Metadata payloads (struct.hsx_hxe_value_entry_t, _command_entry_t, _mailbox_entry_t)
// ---------------------------------------------------------------------------

/** A string table that starts after `base` bytes of entries; offsets are section-relative. */
class Strings {
  private parts: Uint8Array[] = [];
  private size = 0;
  constructor(private readonly base: number) {}
  /** A NUL-terminated string (UTF-8 of a JS string, or exact bytes). */
  add(s: string | Uint8Array): number {
    return this.bytes(cat(typeof s === "string" ? utf8(s) : s, [0]));
  }
  /** Exact bytes, no terminator added. */
  bytes(b: Uint8Array): number {
    const off = this.base + this.size;
    this.parts.push(b);
    this.size += b.length;
    return off;
  }
  get table(): Uint8Array {
    return cat(...this.parts);
  }
}

interface ValueFields {
  group: number;
  id: number;
  flags?: number;
  auth?: number;
  init?: number;
  name?: number;
  unit?: number;
  eps?: number;
  min?: number;
  max?: number;
  persist?: number;
  groupName?: number;
}

function valueEntry(v: ValueFields): Uint8Array {
  return cat(
    [v.group, v.id, v.flags ?? 0, v.auth ?? 0],
    u16(v.init ?? 0),
    u16(v.name ?? 0),
    u16(v.unit ?? 0),
    u16(v.eps ?? 0),
    u16(v.min ?? 0),
    u16(v.max ?? 0),
    u16(v.persist ?? 0),
    u16(v.groupName ?? 0),
  );
}

interface CommandFields {
  group: number;
  id: number;
  flags?: number;
  auth?: number;
  handler?: number;
  name?: number;
  help?: number;
  reserved?: number;
  groupName?: number;
}

function commandEntry(c: CommandFields): Uint8Array {
  return cat([c.group, c.id, c.flags ?? 0, c.auth ?? 0], u32(c.handler ?? 0), u16(c.name ?? 0), u16(c.help ?? 0), u16(c.reserved ?? 0), u16(c.groupName ?? 0));
}

function legacyEntry(nameOffset: number, depth: number, flags: number): Uint8Array {
  return cat(u32(nameOffset), u16(depth), u16(flags), zeros(8));
}

/** A section of `n` fixed-size entries followed by its string table; `fill` makes the entries. */
function table(entryBytes: number, n: number, fill: (s: Strings) => Uint8Array[]): Uint8Array {
  const s = new Strings(entryBytes * n);
  const entries = fill(s);
  if (entries.length !== n || entries.some((e) => e.length !== entryBytes)) throw new Error("table(): wrong entries");
  return cat(...entries, s.table);
}

function valueSection(values: { group: number; id: number; name?: string; unit?: string; groupName?: string; flags?: number; auth?: number; init?: number }[]): Section {
  const payload = table(VALUE_ENTRY, values.length, (s) =>
    values.map((v) => {
      const name = v.name === undefined ? 0 : s.add(v.name);
      const unit = v.unit === undefined ? 0 : s.add(v.unit);
      const groupName = v.groupName === undefined ? 0 : s.add(v.groupName);
      return valueEntry({ ...v, name, unit, groupName });
    }),
  );
  return { type: SEC_VALUE, payload, count: values.length };
}

function commandSection(cmds: { group: number; id: number; name?: string; help?: string; groupName?: string; handler?: number; flags?: number }[]): Section {
  const payload = table(COMMAND_ENTRY, cmds.length, (s) =>
    cmds.map((c) => {
      const name = c.name === undefined ? 0 : s.add(c.name);
      const help = c.help === undefined ? 0 : s.add(c.help);
      const groupName = c.groupName === undefined ? 0 : s.add(c.groupName);
      return commandEntry({ ...c, name, help, groupName });
    }),
  );
  return { type: SEC_COMMAND, payload, count: cmds.length };
}

/** A JSON .mailbox section from exact text (UTF-8) or exact bytes; entry_count is ignored for JSON. */
function jsonMailbox(doc: string | Uint8Array, count = 0): Section {
  return { type: SEC_MAILBOX, payload: typeof doc === "string" ? utf8(doc) : doc, count };
}

function legacyMailbox(entries: { name: string | Uint8Array | null; depth: number; flags: number }[]): Section {
  const payload = table(LEGACY_MBX_ENTRY, entries.length, (s) => entries.map((e) => legacyEntry(e.name === null ? 0 : s.add(e.name), e.depth, e.flags)));
  return { type: SEC_MAILBOX, payload, count: entries.length };
}

/** A single JSON mailbox entry wrapped in a canonical document. */
function doc1(entryJson: string): Section {
  return jsonMailbox(`{"version":1,"mailboxes":[${entryJson}]}`, 1);
}

// ---------------------------------------------------------------------------
// Vectors
// ---------------------------------------------------------------------------
interface MailboxResult {
  target: string;
  capacity: number | null;
  mode: number;
  owner_pid: number | null;
  bindings: { pid: number; flags: number }[];
}

interface LoadResult {
  error: null;
  version: number;
  flags: number;
  entry: number;
  code_len: number;
  ro_len: number;
  app_name: string | null;
  mailboxes: MailboxResult[];
  values: number;
  commands: number;
}

interface VectorDef {
  id: string;
  title: string;
  spec: string[];
  image: Uint8Array;
  expect: LoadResult | { error: string };
  note?: string;
}

interface FileDef {
  name: string;
  theme: string;
  about: string;
  vectors: VectorDef[];
}

const mbx = (target: string, o: Partial<Omit<MailboxResult, "target">> = {}): MailboxResult => ({
  target,
  capacity: o.capacity ?? null,
  mode: o.mode ?? M.RDWR,
  owner_pid: o.owner_pid ?? null,
  bindings: o.bindings ?? [],
});

/** The full result of a v1 image that loads (hxe.rule.V1_DEFAULTS: no app name, no metadata). */
function okV1(o: { flags?: number; entry?: number; code_len: number; ro_len: number }): LoadResult {
  return { error: null, version: 1, flags: o.flags ?? 0, entry: o.entry ?? 0, code_len: o.code_len, ro_len: o.ro_len, app_name: null, mailboxes: [], values: 0, commands: 0 };
}

function okV2(o: { flags?: number; entry?: number; code_len: number; ro_len: number; app_name?: string | null; mailboxes?: MailboxResult[]; values?: number; commands?: number }): LoadResult {
  return {
    error: null,
    version: 2,
    flags: o.flags ?? FLAG_MULTI,
    entry: o.entry ?? 0,
    code_len: o.code_len,
    ro_len: o.ro_len,
    app_name: o.app_name === undefined ? "demo" : o.app_name,
    mailboxes: o.mailboxes ?? [],
    values: o.values ?? 0,
    commands: o.commands ?? 0,
  };
}

const err = (name: string): { error: string } => ({ error: name });
const E = (name: string): string => `enum.hxe_error.${name}`;
const HDR1 = "struct.hsx_hxe_header_v1_t";
const HDR2 = "struct.hsx_hxe_header_v2_t";
const META = "struct.hsx_hxe_meta_entry_t";
const VAL = "struct.hsx_hxe_value_entry_t";
const CMD = "struct.hsx_hxe_command_entry_t";
const LEG = "struct.hsx_hxe_mailbox_entry_t";
const ORDER = "hxe.rule.LOAD_ORDER";
const DOC = "hxe.mailbox_document";
const RDOC = "ruling.R-HXE-MAILBOX-DOC";

/** A v2 image whose only metadata is one section. */
function withSection(s: Section, o: Omit<ImageOpts, "layout" | "sections"> = {}): Built {
  return v2({ ...o, sections: [s] });
}

// ----- golden file (hsx-isa-hxe.md §5.6) -----------------------------------
const GOLDEN = fromHex(`
4853584500020002000000000000004c000000140000000000000000e4bd298564656d6f0000000000000000000000000000000000000000
0000000000000000000000c0000000030000000000000000000000000000000000000000000000006010000000004000012000053000010101
30000a014000000150000110443000113350002300001c24000006606000000000400802760004040400003000010012444000250000002500
000068656c6c6f0000004433221100400000003c414200000001000000f00000001e00000001000000020000010e0000001f0000000100000003
0000012d0000004d00000001010202013e000014001a0000000056401234000073706565640072706d0001030100000000480010001600000000
7265736574007265736574206974007b226d61696c626f786573223a5b7b226361706163697479223a36342c226d6f6465223a2252445752222c
22746172676574223a226170703a64656d6f227d5d2c2276657273696f6e223a317d`);
if (GOLDEN.length !== 378 || get32(GOLDEN, H.crc) !== 0xe4bd2985 || spanCrc(GOLDEN, HEADER_V2) !== 0xe4bd2985)
  throw new Error("the §5.6 golden file does not check out (length 378, crc32 0xE4BD2985 over the span)");
/** What §5.6 says the golden file holds. */
const GOLDEN_RESULT = okV2({
  flags: FLAG_MULTI,
  entry: 0,
  code_len: 76,
  ro_len: 20,
  app_name: "demo",
  mailboxes: [mbx("app:demo", { capacity: 64, mode: M.RDWR })],
  values: 1,
  commands: 1,
});

// ----- valid images ----------------------------------------------------------
function validVectors(): VectorDef[] {
  const out: VectorDef[] = [];
  const add = (id: string, title: string, spec: string[], b: Built | Uint8Array, expect: LoadResult, note?: string): void => {
    out.push({ id: `hxe.valid.${id}`, title, spec, image: b instanceof Uint8Array ? b : b.img, expect, ...(note ? { note } : {}) });
  };

  add("v1-minimal", "A v1 image with one code word and no rodata loads with the v1 defaults", [HDR1, "hxe.rule.V1_DEFAULTS", "hxe.rule.HEADER_BIG_ENDIAN", "hxe.crc", "hxe.const.MAGIC", "hxe.const.VERSION_1", "hxe.const.HEADER_V1_BYTES"], v1({ code: code(4) }), okV1({ code_len: 4, ro_len: 0 }));
  add(
    "v1-code-rodata-entry",
    "A v1 image with code, rodata, an entry at the last code word, bss and req_caps loads (bss and req_caps are not checked)",
    [HDR1, "struct.hsx_hxe_header_v1_t.entry", "struct.hsx_hxe_header_v1_t.bss_size", "struct.hsx_hxe_header_v1_t.req_caps", "hxe.rule.V1_DEFAULTS", "hxe.rule.HEADER_BIG_ENDIAN"],
    v1({ code: code(16), rodata: rodata(8), entry: 12, bss: 0x200, caps: 0xdeadbeef }),
    okV1({ entry: 12, code_len: 16, ro_len: 8 }),
  );
  add("v1-flags-reported", "A v1 image with flags 0x0003 loads and reports the flags as stored", [HDR1, "struct.hsx_hxe_header_v1_t.flags", "hxe.rule.V1_DEFAULTS"], v1({ flags: 0x0003, rodata: rodata(4) }), okV1({ flags: 3, code_len: 8, ro_len: 4 }));
  add("v1-rodata-3-bytes", "A v1 image with ro_len 3 (not a multiple of 4) loads", [HDR1, "hxe.rule.RODATA_UNALIGNED", "ruling.R-HXE-RODATA-ALIGN"], v1({ rodata: rodata(3) }), okV1({ code_len: 8, ro_len: 3 }));
  add("v1-rodata-1-byte-trailing", "A v1 image with ro_len 1 followed by 3 trailing bytes loads", [HDR1, "hxe.rule.RODATA_UNALIGNED", "hxe.crc"], v1({ rodata: rodata(1), trailing: raw("xyz") }), okV1({ code_len: 8, ro_len: 1 }));
  add("v1-trailing-bytes", "A v1 image with 7 bytes after rodata loads; the CRC covers them", [HDR1, "hxe.crc", "ruling.R-HXE-CRC-SPAN"], v1({ rodata: rodata(4), trailing: raw("\x01\x02\x03\x04\x05\x06\x07") }), okV1({ code_len: 8, ro_len: 4 }));
  add("v1-bss-at-limit", "A v1 image with bss_size exactly 0x10000 loads", [HDR1, "struct.hsx_hxe_header_v1_t.bss_size"], v1({ bss: 0x10000 }), okV1({ code_len: 8, ro_len: 0 }));
  add(
    "v1-no-v2-fields",
    "A v1 image whose code has bytes above 0x7F where a v2 app_name would be and nonzero bytes where v2 reserved bytes would be loads",
    [HDR1, "hxe.rule.V1_DEFAULTS"],
    v1({ code: new Uint8Array(64).fill(0xff) }),
    okV1({ code_len: 64, ro_len: 0 }),
  );
  add("v2-minimal", "A v2 image with no app name, no flags and no metadata loads", [HDR2, "hxe.const.VERSION_2", "hxe.const.HEADER_V2_BYTES", "hxe.crc"], v2({ app: "", flags: 0, code: code(4) }), okV2({ flags: 0, code_len: 4, ro_len: 0, app_name: null }));
  add("v2-app-name", "A v2 image named demo with ALLOW_MULTIPLE loads", [HDR2, "struct.hsx_hxe_header_v2_t.app_name", "enum.hxe_flag.ALLOW_MULTIPLE"], v2({ rodata: rodata(4) }), okV2({ code_len: 8, ro_len: 4 }));
  add("v2-app-name-stripped", "A v2 app_name with surrounding spaces and tabs is reported stripped", [HDR2, "struct.hsx_hxe_header_v2_t.app_name"], v2({ app: "  demo app\t " }), okV2({ code_len: 8, ro_len: 0, app_name: "demo app" }));
  add("v2-app-name-cut-at-nul", "A v2 app_name is cut at the first NUL; bytes after it are ignored", [HDR2, "struct.hsx_hxe_header_v2_t.app_name"], v2({ app: "demo\0junk" }), okV2({ code_len: 8, ro_len: 0, app_name: "demo" }));
  add("v2-app-name-32-chars", "A v2 app_name that fills all 32 bytes with no NUL is reported whole", [HDR2, "struct.hsx_hxe_header_v2_t.app_name", "hxe.const.APP_NAME_BYTES"], v2({ app: "abcdefghijklmnopqrstuvwxyz012345" }), okV2({ code_len: 8, ro_len: 0, app_name: "abcdefghijklmnopqrstuvwxyz012345" }));
  add("v2-app-name-31-chars", "A v2 app_name of 31 characters (the longest a writer stores) is reported whole", [HDR2, "struct.hsx_hxe_header_v2_t.app_name", "hxe.const.APP_NAME_MAX_CHARS"], v2({ app: "abcdefghijklmnopqrstuvwxyz01234" }), okV2({ code_len: 8, ro_len: 0, app_name: "abcdefghijklmnopqrstuvwxyz01234" }));
  add("v2-app-name-blank", "A v2 app_name of only spaces is no name (null)", [HDR2, "struct.hsx_hxe_header_v2_t.app_name"], v2({ app: "        " }), okV2({ code_len: 8, ro_len: 0, app_name: null }));
  add("v2-app-name-del", "A v2 app_name holding 0x7F (still ASCII) loads", [HDR2, "struct.hsx_hxe_header_v2_t.app_name"], v2({ app: "app\x7f" }), okV2({ code_len: 8, ro_len: 0, app_name: "app\x7f" }));
  add("v2-flag-manifest-present", "A v2 image with MANIFEST_PRESENT loads; the flag is only reported", [HDR2, "enum.hxe_flag.MANIFEST_PRESENT"], v2({ flags: FLAG_MANIFEST }), okV2({ flags: FLAG_MANIFEST, code_len: 8, ro_len: 0 }));
  add("v2-flags-all-set", "A v2 image with every flag bit set loads (the loader does not check flags)", [HDR2, "struct.hsx_hxe_header_v2_t.flags"], v2({ flags: 0xffff }), okV2({ flags: 0xffff, code_len: 8, ro_len: 0 }));
  add("v2-entry-last-word", "A v2 image whose entry is the last code word loads", [HDR2, "struct.hsx_hxe_header_v2_t.entry"], v2({ code: code(12), entry: 8 }), okV2({ entry: 8, code_len: 12, ro_len: 0 }));

  {
    const b = v2({ rodata: rodata(4), metaOffset: HEADER_V2 + 8 + 4 });
    add("v2-meta-offset-at-ro-end-count-0", "A v2 image with meta_offset at the end of rodata (= EOF) and meta_count 0 loads", [HDR2, "struct.hsx_hxe_header_v2_t.meta_offset", ORDER], b, okV2({ code_len: 8, ro_len: 4 }));
  }
  add("v2-meta-offset-past-eof-count-0", "A v2 image with meta_offset past the end of the file and meta_count 0 loads (no table is read)", [HDR2, "struct.hsx_hxe_header_v2_t.meta_offset", "struct.hsx_hxe_header_v2_t.meta_count"], v2({ metaOffset: 0x1000, metaCount: 0 }), okV2({ code_len: 8, ro_len: 0 }));
  add("v2-meta-count-without-offset", "A v2 image with meta_count 3 but meta_offset 0 loads without metadata", [HDR2, "struct.hsx_hxe_header_v2_t.meta_offset", "struct.hsx_hxe_header_v2_t.meta_count"], v2({ metaOffset: 0, metaCount: 3 }), okV2({ code_len: 8, ro_len: 0 }));

  add(
    "v2-values",
    "A v2 image with a value section of two declarations (names, unit, group name, a shared string) loads",
    [HDR2, META, VAL, "enum.hxe_section.VALUE", "hxe.rule.STRINGS"],
    withSection(valueSection([{ group: 1, id: 1, name: "speed", unit: "rpm", groupName: "motor", flags: 0x03, auth: 1, init: 0x3c00 }, { group: 1, id: 2, name: "torque", unit: "Nm", groupName: "motor", flags: 0x10 }])),
    okV2({ code_len: 8, ro_len: 0, values: 2 }),
  );
  add(
    "v2-commands",
    "A v2 image with a command section of two declarations loads",
    [HDR2, META, CMD, "enum.hxe_section.COMMAND", "hxe.rule.STRINGS"],
    withSection(commandSection([{ group: 2, id: 1, name: "reset", help: "reset it", handler: 4, flags: 0x01 }, { group: 2, id: 2, name: "start", groupName: "ctl", handler: 0, flags: 0x02 }]), { code: code(8) }),
    okV2({ code_len: 8, ro_len: 0, commands: 2 }),
  );
  add(
    "v2-value-command-mailbox",
    "A v2 image laid out as the linker does (values, commands, JSON mailboxes after the table) loads",
    [HDR2, META, VAL, CMD, "enum.hxe_section.VALUE", "enum.hxe_section.COMMAND", "enum.hxe_section.MAILBOX", DOC],
    v2({
      code: code(16),
      rodata: rodata(6),
      sections: [
        valueSection([{ group: 3, id: 7, name: "temp", unit: "C" }]),
        commandSection([{ group: 3, id: 1, name: "go", handler: 8 }]),
        jsonMailbox('{"mailboxes":[{"capacity":32,"mode":"RDONLY","target":"app:in"},{"target":"app:out"}],"version":1}', 2),
      ],
    }),
    okV2({ code_len: 16, ro_len: 6, values: 1, commands: 1, mailboxes: [mbx("app:in", { capacity: 32, mode: M.RDONLY }), mbx("app:out")] }),
  );
  add(
    "v2-unknown-sections-kept",
    "A v2 image with sections of unknown types 0, 4 and 0xFFFFFFFF holding garbage loads; they are ignored",
    [HDR2, META, "hxe.rule.LOAD_ORDER"],
    v2({
      sections: [
        { type: 0, payload: raw("\xff\xfe{not json"), count: 9 },
        valueSection([{ group: 1, id: 1, name: "v" }]),
        { type: 4, payload: raw("["), count: 1 },
        { type: 0xffffffff, payload: zeros(3), count: 0xffffffff },
      ],
    }),
    okV2({ code_len: 8, ro_len: 0, values: 1 }),
  );
  {
    // The value section's payload lies inside rodata; the table follows rodata.
    const sec = valueSection([{ group: 9, id: 9, name: "in-rodata" }]);
    const ro = cat(raw("RO"), sec.payload, raw("RO"));
    const b = v2({ code: code(8), rodata: ro, sections: [{ ...sec, offset: HEADER_V2 + 8 + 2, payload: new Uint8Array(0), size: sec.payload.length }] });
    add("v2-section-inside-rodata", "A v2 image whose value section lies inside rodata loads (payloads are not checked for overlap)", [HDR2, META, "hxe.rule.LOAD_ORDER"], b, okV2({ code_len: 8, ro_len: ro.length, values: 1 }));
  }
  add(
    "v2-empty-sections",
    "A v2 image with empty value, command and mailbox sections (entry_count 0, size 0, the last at EOF) loads",
    [HDR2, META, "hxe.rule.MAILBOX_PAYLOAD"],
    v2({ sections: [{ type: SEC_VALUE, payload: zeros(0), count: 0 }, { type: SEC_COMMAND, payload: zeros(0), count: 0 }, { type: SEC_MAILBOX, payload: zeros(0), count: 0 }] }),
    okV2({ code_len: 8, ro_len: 0 }),
  );
  add(
    "v2-count-below-room",
    "A v2 value section with room for two entries but entry_count 1 declares one value",
    [HDR2, META, VAL],
    withSection({ ...valueSection([{ group: 1, id: 1, name: "a" }, { group: 1, id: 2, name: "b" }]), count: 1 }),
    okV2({ code_len: 8, ro_len: 0, values: 1 }),
  );
  add(
    "v2-count-0-garbage",
    "A v2 value section with entry_count 0 and a garbage payload declares nothing",
    [HDR2, META, VAL],
    withSection({ type: SEC_VALUE, payload: new Uint8Array(24).fill(0xff), count: 0 }),
    okV2({ code_len: 8, ro_len: 0, values: 0 }),
  );
  add(
    "v2-string-offsets-zero",
    "A v2 value and a command whose string offsets are all 0 (none) load",
    [HDR2, VAL, CMD, "hxe.rule.STRINGS"],
    v2({ sections: [{ type: SEC_VALUE, payload: valueEntry({ group: 1, id: 1 }), count: 1 }, { type: SEC_COMMAND, payload: commandEntry({ group: 1, id: 1 }), count: 1 }] }),
    okV2({ code_len: 8, ro_len: 0, values: 1, commands: 1 }),
  );
  add(
    "v2-utf8-strings",
    "A v2 value with multi-byte UTF-8 name, unit and group name loads",
    [HDR2, VAL, "hxe.rule.STRINGS"],
    withSection(valueSection([{ group: 1, id: 1, name: "température", unit: "°C", groupName: "Maschinenräume ☃" }])),
    okV2({ code_len: 8, ro_len: 0, values: 1 }),
  );
  {
    // The name's NUL is the last byte of the section.
    const payload = table(VALUE_ENTRY, 1, (s) => [valueEntry({ group: 1, id: 1, name: s.add("last") })]);
    add("v2-string-ends-at-section-end", "A v2 value whose name's NUL is the last byte of its section loads", [HDR2, VAL, "hxe.rule.STRINGS"], withSection({ type: SEC_VALUE, payload, count: 1 }), okV2({ code_len: 8, ro_len: 0, values: 1 }));
  }
  add(
    "v2-two-value-sections",
    "A v2 image with two value sections declares the values of both",
    [HDR2, META, VAL],
    v2({ sections: [valueSection([{ group: 1, id: 1, name: "a" }]), valueSection([{ group: 1, id: 2, name: "b" }, { group: 2, id: 1, name: "c" }])] }),
    okV2({ code_len: 8, ro_len: 0, values: 3 }),
  );
  add(
    "v2-table-last",
    "A v2 image whose metadata table follows the section payloads and ends at EOF loads",
    [HDR2, META, "hxe.rule.LOAD_ORDER"],
    v2({ tableLast: true, sections: [valueSection([{ group: 1, id: 1, name: "x" }]), doc1('{"target":"app:t"}')] }),
    okV2({ code_len: 8, ro_len: 0, values: 1, mailboxes: [mbx("app:t")] }),
  );
  add(
    "v2-trailing-after-sections",
    "A v2 image with bytes after its last section loads; the CRC covers them",
    [HDR2, "hxe.crc", "ruling.R-HXE-CRC-SPAN"],
    v2({ rodata: rodata(2), sections: [valueSection([{ group: 1, id: 1, name: "x" }])], trailing: raw("TRAILER\0\xff") }),
    okV2({ code_len: 8, ro_len: 2, values: 1 }),
  );
  add("v2-bss-and-caps-unchecked", "A v2 image with bss_size 0x10000 and req_caps 0xFFFFFFFF loads", [HDR2, "struct.hsx_hxe_header_v2_t.bss_size", "struct.hsx_hxe_header_v2_t.req_caps"], v2({ bss: 0x10000, caps: 0xffffffff }), okV2({ code_len: 8, ro_len: 0 }));
  add("golden-demo", "The golden file of hsx-isa-hxe.md §5.6 (demo, 378 bytes) loads", [HDR2, META, VAL, CMD, DOC, "hxe.crc", "enum.hxe_section.VALUE", "enum.hxe_section.COMMAND", "enum.hxe_section.MAILBOX"], GOLDEN, GOLDEN_RESULT);
  return out;
}

// ----- CRC span ----------------------------------------------------------------
function crcVectors(): VectorDef[] {
  const out: VectorDef[] = [];
  const bad = (id: string, title: string, spec: string[], img: Uint8Array): void => {
    out.push({ id: `hxe.crc.${id}`, title, spec: [E("CRC_MISMATCH"), "hxe.crc", ...spec], image: img, expect: err("CRC_MISMATCH") });
  };
  const good = (id: string, title: string, spec: string[], img: Uint8Array, expect: LoadResult): void => {
    out.push({ id: `hxe.crc.${id}`, title, spec: ["hxe.crc", "ruling.R-HXE-CRC-SPAN", ...spec], image: img, expect });
  };
  const a = v1({ code: code(8), rodata: rodata(4), trailing: raw("TT") });
  bad("v1-code-byte-changed", "A v1 image whose first code byte (0x20) changed after sealing", [HDR1], flip(a.img, 0x20));
  bad("v1-rodata-byte-changed", "A v1 image whose last rodata byte changed after sealing", [HDR1], flip(a.img, a.roEnd - 1));
  bad("v1-trailing-byte-changed", "A v1 image whose last trailing byte changed after sealing (trailing bytes are covered)", [HDR1, "ruling.R-HXE-CRC-SPAN"], flip(a.img, a.img.length - 1));
  bad("v1-stored-crc-off-by-one", "A v1 image whose stored crc32 is one more than the CRC of its span", [HDR1, "struct.hsx_hxe_header_v1_t.crc32"], set32(a.img.slice(), H.crc, (get32(a.img, H.crc) + 1) >>> 0));
  bad("v1-crc-little-endian", "A v1 image whose crc32 field is stored little-endian", [HDR1, "hxe.rule.HEADER_BIG_ENDIAN"], set32(a.img.slice(), H.crc, Buffer.from(u32(get32(a.img, H.crc))).readUInt32LE(0)));
  bad("v1-crc-zero", "A v1 image whose crc32 field is 0", [HDR1], set32(a.img.slice(), H.crc, 0));
  bad("v1-flags-changed", "A v1 image whose flags (0x06, covered) changed after sealing", [HDR1, "struct.hsx_hxe_header_v1_t.flags"], flip(a.img, H.flags + 1, 0x02));
  bad("v1-req-caps-changed", "A v1 image whose req_caps (0x18, covered although never checked) changed after sealing", [HDR1, "struct.hsx_hxe_header_v1_t.req_caps"], flip(a.img, H.caps + 3));
  bad("v1-bss-changed", "A v1 image whose bss_size changed after sealing", [HDR1, "struct.hsx_hxe_header_v1_t.bss_size"], flip(a.img, H.bss + 3, 0x10));
  {
    // CRC over file[0:0x1C] + code + rodata only, leaving out the trailing bytes.
    const img = a.img.slice();
    set32(img, H.crc, crc32(img.subarray(HEADER_V1, a.roEnd), crc32(img.subarray(0, CRC_FIELD))) >>> 0);
    bad("v1-span-without-trailing", "A v1 image with trailing bytes whose CRC was computed over header, code and rodata only", [HDR1, "ruling.R-HXE-CRC-SPAN"], img);
  }
  {
    // CRC over the full 32-byte header with the CRC field zeroed, then the body.
    const img = a.img.slice();
    set32(img, H.crc, 0);
    set32(img, H.crc, crc32(img) >>> 0);
    bad("v1-span-whole-file-crc-zeroed", "A v1 image whose CRC was computed over the whole file with the crc32 field zeroed", [HDR1, "ruling.R-HXE-CRC-SPAN"], img);
  }
  const b = v2({ code: code(8), rodata: rodata(4), sections: [valueSection([{ group: 1, id: 1, name: "x" }]), doc1('{"target":"app:crc"}')] });
  bad("v2-code-byte-changed", "A v2 image whose first code byte (0x60) changed after sealing", [HDR2], flip(b.img, 0x60));
  bad("v2-meta-table-byte-changed", "A v2 image whose metadata table (entry_count of entry 0) changed after sealing", [HDR2, META], flip(b.img, b.tableOffset + 15, 0x02));
  bad("v2-mailbox-json-changed", "A v2 image whose .mailbox JSON changed after sealing (app:crc -> app:crd)", [HDR2, DOC], (() => {
    const img = b.img.slice();
    const at = Buffer.from(img).indexOf("app:crc");
    img[at + 6] = 0x64;
    return img;
  })());
  {
    // CRC over the whole 96-byte header (CRC field excluded): 0x20-0x5F are not in the span.
    const img = b.img.slice();
    set32(img, H.crc, crc32(img.subarray(0x20), crc32(img.subarray(0, CRC_FIELD))) >>> 0);
    bad("v2-span-includes-header-tail", "A v2 image whose CRC also covers 0x20-0x5F (app_name, meta fields, reserved)", [HDR2, "ruling.R-HXE-CRC-SPAN"], img);
  }
  {
    const img = GOLDEN.slice();
    img[img.length - 2] = 0x32; // "version":1 -> "version":2 ... but the CRC fails first
    bad("golden-json-byte-changed", "The §5.6 golden file with one byte of its .mailbox JSON changed", [HDR2], img);
  }
  {
    const img = GOLDEN.slice();
    img.set(appNameBytes("other app"), H.app_name);
    good("golden-app-name-changed", "The §5.6 golden file renamed to 'other app' without resealing still loads (app_name is not covered)", [HDR2, "struct.hsx_hxe_header_v2_t.app_name"], img, { ...GOLDEN_RESULT, app_name: "other app" });
  }
  {
    // Sealed with meta_offset = meta_count = 0, then the table is pointed to: the meta fields are not covered.
    const c = v2({ sections: [valueSection([{ group: 1, id: 1, name: "x" }]), doc1('{"target":"app:late"}')] });
    const img = c.img.slice();
    set32(img, H.meta_offset, 0);
    set32(img, H.meta_count, 0);
    seal(img, HEADER_V2);
    set32(img, H.meta_offset, c.tableOffset);
    set32(img, H.meta_count, 2);
    good("v2-meta-fields-not-covered", "A v2 image sealed before meta_offset and meta_count were set loads with its metadata", [HDR2, "struct.hsx_hxe_header_v2_t.meta_offset", "struct.hsx_hxe_header_v2_t.meta_count"], img, okV2({ code_len: 8, ro_len: 0, values: 1, mailboxes: [mbx("app:late")] }));
  }
  return out;
}

// ----- header errors -------------------------------------------------------------
function headerVectors(): VectorDef[] {
  const out: VectorDef[] = [];
  const add = (error: string, slug: string, title: string, spec: string[], img: Uint8Array): void => {
    out.push({ id: `hxe.header.${slug}`, title, spec: [E(error), ...spec], image: img, expect: err(error) });
  };
  const a = v1({ code: code(8), rodata: rodata(4) });
  const b = v2({ code: code(8), rodata: rodata(4) });

  // TOO_SMALL
  add("TOO_SMALL", "too-small-empty", "An empty file", [HDR1], new Uint8Array(0));
  add("TOO_SMALL", "too-small-magic-only", "A file of only the 4 magic bytes", [HDR1], cut(a.img, 4));
  add("TOO_SMALL", "too-small-31-bytes", "A v1 header cut to 31 bytes", [HDR1, "hxe.const.HEADER_V1_BYTES"], cut(a.img, 31));
  // V2_TRUNCATED
  add("V2_TRUNCATED", "v2-truncated-32-bytes", "A version-2 file of only 32 bytes", [HDR2, "hxe.const.HEADER_V2_BYTES"], seal(cut(b.img, 32), 32));
  add("V2_TRUNCATED", "v2-truncated-95-bytes", "A version-2 file one byte shorter than the 96-byte header", [HDR2, "hxe.const.HEADER_V2_BYTES"], cut(b.img, 95));
  add("V2_TRUNCATED", "v2-truncated-64-bytes", "A version-2 file cut inside its app_name/meta fields (64 bytes)", [HDR2], cut(b.img, 64));
  // RESERVED_NONZERO (the reserved bytes are not in the CRC span: the CRC stays valid)
  const res = (at: number, v: number): Uint8Array => {
    const r = zeros(24);
    r[at] = v;
    return v2({ code: code(8), rodata: rodata(4), reserved: r }).img;
  };
  add("RESERVED_NONZERO", "reserved-first-byte", "A v2 image with reserved byte 0x48 = 0x01", [HDR2, "struct.hsx_hxe_header_v2_t.reserved"], res(0, 0x01));
  add("RESERVED_NONZERO", "reserved-middle-byte", "A v2 image with reserved byte 0x54 = 0x20", [HDR2, "struct.hsx_hxe_header_v2_t.reserved"], res(12, 0x20));
  add("RESERVED_NONZERO", "reserved-last-byte", "A v2 image with reserved byte 0x5F = 0x80", [HDR2, "struct.hsx_hxe_header_v2_t.reserved"], res(23, 0x80));
  // APP_NAME_NOT_ASCII (app_name is not in the CRC span)
  add("APP_NAME_NOT_ASCII", "app-name-0x80", "A v2 app_name holding 0x80 (the lowest non-ASCII byte)", [HDR2, "struct.hsx_hxe_header_v2_t.app_name"], v2({ app: "dem\x80" }).img);
  add("APP_NAME_NOT_ASCII", "app-name-0xff-first", "A v2 app_name whose first byte is 0xFF", [HDR2, "struct.hsx_hxe_header_v2_t.app_name"], v2({ app: "\xffdemo" }).img);
  add("APP_NAME_NOT_ASCII", "app-name-utf8", "A v2 app_name in UTF-8 (cafe with an acute e: bytes C3 A9)", [HDR2, "struct.hsx_hxe_header_v2_t.app_name"], v2({ app: utf8("café") }).img);
  // UNSUPPORTED_VERSION
  add("UNSUPPORTED_VERSION", "version-0", "An image with version 0", [HDR1, "struct.hsx_hxe_header_v1_t.version"], v1({ version: 0 }).img);
  add("UNSUPPORTED_VERSION", "version-3", "An image with version 3", [HDR1, "struct.hsx_hxe_header_v1_t.version"], v1({ version: 3 }).img);
  add("UNSUPPORTED_VERSION", "version-1-little-endian", "An image with version 1 stored little-endian (0x0100)", [HDR1, "hxe.rule.HEADER_BIG_ENDIAN"], v1({ version: 0x0100 }).img);
  add("UNSUPPORTED_VERSION", "version-2-little-endian", "A 96-byte-header image with version 2 stored little-endian (0x0200)", [HDR2, "hxe.rule.HEADER_BIG_ENDIAN"], v2({ version: 0x0200 }).img);
  add("UNSUPPORTED_VERSION", "version-ffff", "An image with version 0xFFFF", [HDR1], v1({ version: 0xffff }).img);
  // BAD_MAGIC (sealed over the changed magic: only the magic is wrong)
  add("BAD_MAGIC", "magic-hsxf", 'A v1 image with magic "HSXF"', [HDR1, "hxe.const.MAGIC"], v1({ magic: 0x48535846 }).img);
  add("BAD_MAGIC", "magic-little-endian", 'A v1 image with the magic stored little-endian ("EXSH")', [HDR1, "hxe.rule.HEADER_BIG_ENDIAN"], v1({ magic: 0x45585348 }).img);
  add("BAD_MAGIC", "magic-zero", "A v1 image with magic 0", [HDR1], v1({ magic: 0 }).img);
  add("BAD_MAGIC", "magic-lower-case-v2", 'A v2 image with magic "hsxe"', [HDR2, "hxe.const.MAGIC"], v2({ magic: 0x68737865 }).img);
  // CODE_TOO_LARGE / RODATA_TOO_LARGE / BSS_TOO_LARGE (sealed; the file is short, but TRUNCATED comes later)
  add("CODE_TOO_LARGE", "code-len-0x10004", "A v1 image with code_len 0x10004", [HDR1, "struct.hsx_hxe_header_v1_t.code_len"], v1({ codeLen: 0x10004 }).img);
  add("CODE_TOO_LARGE", "code-len-bit31", "A v1 image with code_len 0x80000000 (bit 31 set: unsigned)", [HDR1, "struct.hsx_hxe_header_v1_t.code_len"], v1({ codeLen: 0x80000000 }).img);
  add("CODE_TOO_LARGE", "code-len-v2", "A v2 image with code_len 0xFFFFFFFC", [HDR2, "struct.hsx_hxe_header_v2_t.code_len"], v2({ codeLen: 0xfffffffc }).img);
  add("RODATA_TOO_LARGE", "ro-len-0x10001", "A v1 image with ro_len 0x10001", [HDR1, "struct.hsx_hxe_header_v1_t.ro_len"], v1({ roLen: 0x10001 }).img);
  add("RODATA_TOO_LARGE", "ro-len-max", "A v2 image with ro_len 0xFFFFFFFF", [HDR2, "struct.hsx_hxe_header_v2_t.ro_len"], v2({ roLen: 0xffffffff }).img);
  add("BSS_TOO_LARGE", "bss-0x10001", "A v1 image with bss_size 0x10001", [HDR1, "struct.hsx_hxe_header_v1_t.bss_size"], v1({ bss: 0x10001 }).img);
  add("BSS_TOO_LARGE", "bss-bit31", "A v2 image with bss_size 0x80000000", [HDR2, "struct.hsx_hxe_header_v2_t.bss_size"], v2({ bss: 0x80000000 }).img);
  // CODE_MISALIGNED (the file holds exactly code_len code bytes)
  add("CODE_MISALIGNED", "code-len-6", "A v1 image with code_len 6", [HDR1, "struct.hsx_hxe_header_v1_t.code_len"], v1({ code: code(6) }).img);
  add("CODE_MISALIGNED", "code-len-1", "A v1 image with code_len 1", [HDR1], v1({ code: code(1) }).img);
  add("CODE_MISALIGNED", "code-len-11-v2", "A v2 image with code_len 11", [HDR2], v2({ code: code(11) }).img);
  // ENTRY_MISALIGNED
  add("ENTRY_MISALIGNED", "entry-2", "A v1 image with entry 2", [HDR1, "struct.hsx_hxe_header_v1_t.entry"], v1({ code: code(8), entry: 2 }).img);
  add("ENTRY_MISALIGNED", "entry-1", "A v1 image with entry 1", [HDR1], v1({ code: code(8), entry: 1 }).img);
  add("ENTRY_MISALIGNED", "entry-7-v2", "A v2 image with entry 7", [HDR2, "struct.hsx_hxe_header_v2_t.entry"], v2({ code: code(8), entry: 7 }).img);
  // TRUNCATED (sealed over the bytes present)
  add("TRUNCATED", "rodata-short-by-1", "A v1 image whose rodata is one byte shorter than ro_len", [HDR1], seal(cut(a.img, a.img.length - 1), HEADER_V1));
  add("TRUNCATED", "code-short", "A v1 image with code_len 16 but only 8 code bytes", [HDR1], v1({ code: code(8), codeLen: 16 }).img);
  add("TRUNCATED", "v2-header-only", "A v2 image of only its 96-byte header with code_len 4", [HDR2], v2({ code: zeros(0), codeLen: 4 }).img);
  add("TRUNCATED", "code-len-at-limit", "A v1 image with code_len exactly 0x10000 (within capacity) but 8 code bytes", [HDR1, "struct.hsx_hxe_header_v1_t.code_len"], v1({ code: code(8), codeLen: 0x10000 }).img);
  add("TRUNCATED", "ro-len-at-limit", "A v2 image with ro_len exactly 0x10000 (within capacity) but 4 rodata bytes", [HDR2, "struct.hsx_hxe_header_v2_t.ro_len"], v2({ rodata: rodata(4), roLen: 0x10000 }).img);
  // ENTRY_OUT_OF_RANGE
  add("ENTRY_OUT_OF_RANGE", "entry-equals-code-len", "A v1 image with entry = code_len (8)", [HDR1, "struct.hsx_hxe_header_v1_t.entry"], v1({ code: code(8), entry: 8 }).img);
  add("ENTRY_OUT_OF_RANGE", "entry-past-code", "A v1 image with entry 0x100 and 8 code bytes", [HDR1], v1({ code: code(8), rodata: rodata(0x200), entry: 0x100 }).img);
  add("ENTRY_OUT_OF_RANGE", "empty-code-v1", "A v1 image of only its 32-byte header (code_len 0, entry 0)", [HDR1], v1({ code: zeros(0) }).img);
  add("ENTRY_OUT_OF_RANGE", "empty-code-v2", "A v2 image with code_len 0 and 4 rodata bytes", [HDR2], v2({ code: zeros(0), rodata: rodata(4) }).img);
  return out;
}

// ----- metadata table, section and string errors -----------------------------
function sectionVectors(): VectorDef[] {
  const out: VectorDef[] = [];
  const add = (error: string, slug: string, title: string, spec: string[], img: Uint8Array): void => {
    out.push({ id: `hxe.section.${slug}`, title, spec: [E(error), ...spec], image: img, expect: err(error) });
  };
  const one = valueSection([{ group: 1, id: 1, name: "x" }]);
  const base = (o: Omit<ImageOpts, "layout"> = {}): Built => v2({ code: code(8), rodata: rodata(4), ...o });
  const roEnd = HEADER_V2 + 8 + 4;

  // META_OVERLAP
  add("META_OVERLAP", "meta-offset-at-code-count-0", "A v2 image with meta_offset 0x60 (start of code) and meta_count 0", [HDR2, "struct.hsx_hxe_header_v2_t.meta_offset"], base({ metaOffset: 0x60, metaCount: 0 }).img);
  add("META_OVERLAP", "meta-offset-ro-end-minus-1", "A v2 image with meta_offset one byte before the end of rodata (table follows rodata)", [HDR2, "struct.hsx_hxe_header_v2_t.meta_offset"], base({ sections: [one], metaOffset: roEnd - 1 }).img);
  add("META_OVERLAP", "meta-offset-in-header", "A v2 image with meta_offset 4 (inside the header) and meta_count 0", [HDR2], base({ metaOffset: 4, metaCount: 0 }).img);
  add("META_OVERLAP", "meta-offset-in-rodata", "A v2 image with meta_offset inside rodata and meta_count 1", [HDR2], base({ rodata: rodata(32), sections: [one], metaOffset: HEADER_V2 + 8 + 8 }).img);
  // META_TABLE_BOUNDS
  add("META_TABLE_BOUNDS", "table-one-byte-short", "A v2 image whose one-entry metadata table has only 15 of its 16 bytes", [HDR2, META, "hxe.const.META_ENTRY_BYTES"], base({ metaOffset: roEnd, metaCount: 1, trailing: cat(u32(7), u32(roEnd), u32(0), [0, 0, 0]) }).img);
  add("META_TABLE_BOUNDS", "table-at-eof", "A v2 image with meta_count 1 and meta_offset at EOF", [HDR2], base({ metaOffset: roEnd, metaCount: 1 }).img);
  add("META_TABLE_BOUNDS", "table-far-past-eof", "A v2 image with meta_count 1 and meta_offset 0x7FFFFFF0", [HDR2], base({ metaOffset: 0x7ffffff0, metaCount: 1 }).img);
  add("META_TABLE_BOUNDS", "table-count-2-of-1", "A v2 image with meta_count 2 whose table (after the payloads) has room for one entry", [HDR2], base({ sections: [one], tableLast: true, metaCount: 2 }).img);
  {
    // One entry present; 0x10000000 x 16 wraps a u32 to 0.
    add("META_TABLE_BOUNDS", "table-count-wraps-u32", "A v2 image with meta_count 0x10000000 (16 x count wraps a u32 to 0)", [HDR2, "struct.hsx_hxe_header_v2_t.meta_count"], base({ sections: [one], metaCount: 0x10000000 }).img);
  }
  // META_SECTION_BOUNDS
  add("META_SECTION_BOUNDS", "section-one-byte-past-eof", "A v2 value section whose end is one byte past EOF", [HDR2, META], base({ sections: [{ ...one, size: one.payload.length + 1 }] }).img);
  {
    const b = base({ sections: [one] });
    add("META_SECTION_BOUNDS", "section-starts-past-eof", "A v2 value section of size 0 starting one byte past EOF", [HDR2, META], base({ sections: [{ ...one, offset: b.img.length + 1, size: 0 }] }).img);
  }
  add("META_SECTION_BOUNDS", "section-in-header", "A v2 value section at offset 0x20 (inside the header)", [HDR2, META], base({ sections: [{ ...one, offset: 0x20, size: 4 }] }).img);
  add("META_SECTION_BOUNDS", "section-at-offset-0", "A v2 section at offset 0 with size 0", [HDR2, META], base({ sections: [{ ...one, offset: 0, size: 0 }] }).img);
  add("META_SECTION_BOUNDS", "section-offset-wraps-u32", "A v2 section at offset 0xFFFFFFF0 with size 0x20 (offset + size wraps a u32)", [HDR2, META], base({ sections: [{ ...one, offset: 0xfffffff0, size: 0x20 }] }).img);
  add("META_SECTION_BOUNDS", "section-size-max", "A v2 section with size 0xFFFFFFFF", [HDR2, META], base({ sections: [{ ...one, size: 0xffffffff }] }).img);
  add("META_SECTION_BOUNDS", "unknown-type-out-of-bounds", "A v2 section of unknown type 9 that ends past EOF (bounds are checked for every type)", [HDR2, META, ORDER], base({ sections: [{ type: 9, payload: raw("zz"), count: 0, size: 0x100 }] }).img);
  add("META_SECTION_BOUNDS", "second-section-out-of-bounds", "A v2 image whose second section ends past EOF", [HDR2, META, ORDER], base({ sections: [one, { ...valueSection([{ group: 1, id: 2 }]), size: 0x1000 }] }).img);

  // META_TRUNCATED
  add("META_TRUNCATED", "value-count-2-room-1", "A v2 value section with entry_count 2 but room for one 20-byte entry and its strings", [VAL, META, "hxe.rule.STRINGS"], base({ sections: [{ ...one, count: 2 }] }).img);
  add("META_TRUNCATED", "value-19-bytes", "A v2 value section of 19 bytes with entry_count 1", [VAL, META], base({ sections: [{ type: SEC_VALUE, payload: valueEntry({ group: 1, id: 1 }).subarray(0, 19), count: 1 }] }).img);
  add("META_TRUNCATED", "value-count-wraps-u32", "A v2 value section with entry_count 0xCCCCCCCD (20 x count wraps a u32 to 4)", [VAL, META], base({ sections: [{ ...one, count: 0xcccccccd }] }).img);
  add("META_TRUNCATED", "command-15-bytes", "A v2 command section of 15 bytes with entry_count 1", [CMD, META], base({ sections: [{ type: SEC_COMMAND, payload: commandEntry({ group: 1, id: 1 }).subarray(0, 15), count: 1 }] }).img);
  add("META_TRUNCATED", "command-count-3-room-2", "A v2 command section with entry_count 3 and 40 bytes", [CMD, META], base({ sections: [{ type: SEC_COMMAND, payload: cat(commandEntry({ group: 1, id: 1 }), commandEntry({ group: 1, id: 2 }), zeros(8)), count: 3 }] }).img);
  add("META_TRUNCATED", "command-count-wraps-u32", "A v2 command section with entry_count 0x10000000 (16 x count wraps a u32 to 0)", [CMD, META], base({ sections: [{ type: SEC_COMMAND, payload: commandEntry({ group: 1, id: 1 }), count: 0x10000000 }] }).img);
  {
    const leg = legacyMailbox([{ name: "app:a", depth: 8, flags: 1 }]);
    add("META_TRUNCATED", "legacy-mailbox-count-2-room-1", "A v2 legacy binary mailbox section with entry_count 2 and room for one 16-byte entry", [LEG, META, "hxe.rule.MAILBOX_PAYLOAD"], base({ sections: [{ ...leg, count: 2 }] }).img);
  }

  // META_STRING_RANGE / UNTERMINATED / UTF8
  const valueWith = (f: (s: Strings) => ValueFields): Section => ({ type: SEC_VALUE, payload: table(VALUE_ENTRY, 1, (s) => [valueEntry(f(s))]), count: 1 });
  const cmdWith = (f: (s: Strings) => CommandFields): Section => ({ type: SEC_COMMAND, payload: table(COMMAND_ENTRY, 1, (s) => [commandEntry(f(s))]), count: 1 });
  {
    const s = valueWith((t) => ({ group: 1, id: 1, name: t.add("x") }));
    const size = s.payload.length;
    add("META_STRING_RANGE", "value-name-at-section-size", "A v2 value whose name_off equals the section size", [VAL, "hxe.rule.STRINGS"], base({ sections: [{ ...s, payload: cat(valueEntry({ group: 1, id: 1, name: size }), s.payload.subarray(VALUE_ENTRY)) }] }).img);
  }
  add("META_STRING_RANGE", "value-unit-0xffff", "A v2 value whose unit_off is 0xFFFF", [VAL, "hxe.rule.STRINGS"], base({ sections: [valueWith((t) => ({ group: 1, id: 1, name: t.add("x"), unit: 0xffff }))] }).img);
  add("META_STRING_RANGE", "value-group-name-out-of-range", "A v2 value whose group_name_off is past its section", [VAL, "hxe.rule.STRINGS"], base({ sections: [valueWith((t) => ({ group: 1, id: 1, name: t.add("x"), groupName: 0x40 }))] }).img);
  add("META_STRING_RANGE", "command-help-out-of-range", "A v2 command whose help_off is past its section", [CMD, "hxe.rule.STRINGS"], base({ sections: [cmdWith((t) => ({ group: 1, id: 1, name: t.add("go"), help: 0x100 }))] }).img);
  add("META_STRING_RANGE", "command-name-out-of-range", "A v2 command whose name_off is past its section", [CMD, "hxe.rule.STRINGS"], base({ sections: [cmdWith(() => ({ group: 1, id: 1, name: 16 }))] }).img);
  add("META_STRING_RANGE", "legacy-mailbox-name-out-of-range", "A v2 legacy mailbox entry whose name_offset is past its section", [LEG, "hxe.rule.STRINGS"], base({ sections: [{ type: SEC_MAILBOX, payload: cat(legacyEntry(0x20, 8, 1), raw("app:a\0")), count: 1 }] }).img);
  add("META_STRING_UNTERMINATED", "value-name-unterminated", "A v2 value whose name runs to the end of its section without a NUL", [VAL, "hxe.rule.STRINGS"], base({ sections: [valueWith((t) => ({ group: 1, id: 1, name: t.bytes(raw("speed")) }))] }).img);
  add("META_STRING_UNTERMINATED", "command-group-name-unterminated", "A v2 command whose group name has no NUL before the end of its section", [CMD, "hxe.rule.STRINGS"], base({ sections: [cmdWith((t) => ({ group: 1, id: 1, name: t.add("go"), groupName: t.bytes(raw("grp")) }))] }).img);
  add("META_STRING_UNTERMINATED", "legacy-mailbox-name-unterminated", "A v2 legacy mailbox entry whose name has no NUL before the end of its section", [LEG, "hxe.rule.STRINGS"], base({ sections: [{ type: SEC_MAILBOX, payload: cat(legacyEntry(16, 8, 1), raw("app:a")), count: 1 }] }).img);
  add("META_STRING_UTF8", "value-name-0xff", "A v2 value whose name is the byte 0xFF", [VAL, "hxe.rule.STRINGS"], base({ sections: [valueWith((t) => ({ group: 1, id: 1, name: t.add(raw("\xff")) }))] }).img);
  add("META_STRING_UTF8", "value-unit-truncated-sequence", "A v2 value whose unit ends in the middle of a 3-byte UTF-8 sequence (E2 82)", [VAL, "hxe.rule.STRINGS"], base({ sections: [valueWith((t) => ({ group: 1, id: 1, name: t.add("x"), unit: t.add(raw("\xe2\x82")) }))] }).img);
  add("META_STRING_UTF8", "value-name-overlong", "A v2 value whose name is an overlong UTF-8 encoding (C0 AF)", [VAL, "hxe.rule.STRINGS"], base({ sections: [valueWith((t) => ({ group: 1, id: 1, name: t.add(raw("\xc0\xaf")) }))] }).img);
  add("META_STRING_UTF8", "value-name-surrogate", "A v2 value whose name encodes a UTF-16 surrogate (ED A0 80)", [VAL, "hxe.rule.STRINGS"], base({ sections: [valueWith((t) => ({ group: 1, id: 1, name: t.add(raw("a\xed\xa0\x80")) }))] }).img);
  add("META_STRING_UTF8", "command-help-latin1", "A v2 command whose help text is Latin-1 (byte E9 for an acute e)", [CMD, "hxe.rule.STRINGS"], base({ sections: [cmdWith((t) => ({ group: 1, id: 1, name: t.add("go"), help: t.add(raw("caf\xe9")) }))] }).img);
  add("META_STRING_UTF8", "legacy-mailbox-name-invalid", "A v2 legacy mailbox entry whose name holds a lone continuation byte (0x80)", [LEG, "hxe.rule.STRINGS"], base({ sections: [legacyMailbox([{ name: raw("app:\x80"), depth: 8, flags: 1 }])] }).img);
  return out;
}

// ----- the .mailbox section --------------------------------------------------------
function mailboxVectors(): VectorDef[] {
  const out: VectorDef[] = [];
  const good = (slug: string, title: string, spec: string[], s: Section | Section[], mailboxes: MailboxResult[]): void => {
    const b = v2({ code: code(8), sections: Array.isArray(s) ? s : [s] });
    out.push({ id: `hxe.mailbox.${slug}`, title, spec: ["enum.hxe_section.MAILBOX", ...spec], image: b.img, expect: okV2({ code_len: 8, ro_len: 0, mailboxes }) });
  };
  const bad = (error: string, slug: string, title: string, spec: string[], s: Section | Section[]): void => {
    const b = v2({ code: code(8), sections: Array.isArray(s) ? s : [s] });
    out.push({ id: `hxe.mailbox.${slug}`, title, spec: [E(error), ...spec], image: b.img, expect: err(error) });
  };

  // Documents that load
  good(
    "json-canonical",
    "A canonical .mailbox document with capacity, mode_mask, owner_pid and bindings loads",
    [DOC, RDOC, "hxe.const.MAILBOX_DOC_VERSION"],
    doc1('{"target":"app:rx","capacity":128,"mode_mask":1,"owner_pid":2,"bindings":[{"pid":3,"flags":2},{"pid":4}]}'),
    [mbx("app:rx", { capacity: 128, mode: M.RDONLY, owner_pid: 2, bindings: [{ pid: 3, flags: 2 }, { pid: 4, flags: 0 }] })],
  );
  good("json-bare-array", "A bare JSON array of entries loads; absent fields take their defaults", [DOC], jsonMailbox('[{"target":"app:a"},{"target":"svc:b","capacity":16}]', 2), [mbx("app:a"), mbx("svc:b", { capacity: 16 })]);
  good("json-entries-key", 'A document that lists its entries under "entries" loads', [DOC], jsonMailbox('{"version":1,"entries":[{"target":"app:e"}]}', 1), [mbx("app:e")]);
  good("json-version-absent", "A document without a version loads", [DOC], jsonMailbox('{"mailboxes":[{"target":"app:v"}]}', 1), [mbx("app:v")]);
  good("json-empty-list", "A document with an empty mailbox list declares nothing", [DOC], jsonMailbox('{"version":1,"mailboxes":[]}', 0), []);
  good("json-empty-array", "A bare empty array declares nothing", [DOC], jsonMailbox("[]", 0), []);
  good(
    "json-aliases",
    "Entries using the prototype aliases name, queue_depth, mode and flags load",
    [DOC, RDOC],
    jsonMailbox('{"version":1,"mailboxes":[{"name":"app:n1","queue_depth":32,"mode":"WRONLY"},{"name":"app:n2","flags":"RDONLY"},{"name":"app:n3","flags":4}]}', 3),
    [mbx("app:n1", { capacity: 32, mode: M.WRONLY }), mbx("app:n2", { mode: M.RDONLY }), mbx("app:n3", { mode: M.TAP })],
  );
  good(
    "json-mode-names",
    "Mode names are case-insensitive, have their synonyms and combine with | or ,",
    [DOC, RDOC],
    jsonMailbox(
      '[{"target":"m:1","mode":"rdonly"},{"target":"m:2","mode":"ReadOnly"},{"target":"m:3","mode":"RO"},{"target":"m:4","mode":"WRITEONLY"},{"target":"m:5","mode":"wo"},{"target":"m:6","mode":"RW"},{"target":"m:7","mode":"RDWR"},{"target":"m:8","mode":"RO|TAP"},{"target":"m:9","mode":"fanout,fanout_drop"},{"target":"m:10","mode":"FANOUT|FANOUT_BLOCK"},{"target":"m:11","mode":"RDONLY,WRONLY"}]',
      11,
    ),
    [
      mbx("m:1", { mode: M.RDONLY }),
      mbx("m:2", { mode: M.RDONLY }),
      mbx("m:3", { mode: M.RDONLY }),
      mbx("m:4", { mode: M.WRONLY }),
      mbx("m:5", { mode: M.WRONLY }),
      mbx("m:6", { mode: M.RDWR }),
      mbx("m:7", { mode: M.RDWR }),
      mbx("m:8", { mode: M.RDONLY | M.TAP }),
      mbx("m:9", { mode: M.FANOUT | M.FANOUT_DROP }),
      mbx("m:10", { mode: M.FANOUT | M.FANOUT_BLOCK }),
      mbx("m:11", { mode: M.RDWR }),
    ],
  );
  good(
    "json-mode-integers",
    "Integer modes are masked with 0xFFFF; 0, null or absent mean RDWR",
    [DOC],
    jsonMailbox('[{"target":"i:1","mode_mask":1},{"target":"i:2","mode_mask":65537},{"target":"i:3","mode_mask":0},{"target":"i:4","mode_mask":null},{"target":"i:5"},{"target":"i:6","mode":40}]', 6),
    [mbx("i:1", { mode: 1 }), mbx("i:2", { mode: 1 }), mbx("i:3", { mode: M.RDWR }), mbx("i:4", { mode: M.RDWR }), mbx("i:5", { mode: M.RDWR }), mbx("i:6", { mode: 40 })],
  );
  good(
    "json-mode-precedence",
    "mode_mask wins over mode, and mode over flags",
    [DOC],
    jsonMailbox('[{"target":"p:1","mode_mask":1,"mode":"WRONLY","flags":4},{"target":"p:2","mode":"WRONLY","flags":4}]', 2),
    [mbx("p:1", { mode: M.RDONLY }), mbx("p:2", { mode: M.WRONLY })],
  );
  good(
    "json-capacity-defaults",
    "capacity 0, null or absent is the profile default (null); 65535 is kept",
    [DOC],
    jsonMailbox('[{"target":"c:1","capacity":0},{"target":"c:2","capacity":null},{"target":"c:3"},{"target":"c:4","capacity":65535},{"target":"c:5","queue_depth":0}]', 5),
    [mbx("c:1"), mbx("c:2"), mbx("c:3"), mbx("c:4", { capacity: 65535 }), mbx("c:5")],
  );
  good("json-owner-pid", "owner_pid 0 and 65535 are kept; null is the loading task (null)", [DOC], jsonMailbox('[{"target":"o:1","owner_pid":0},{"target":"o:2","owner_pid":65535},{"target":"o:3","owner_pid":null}]', 3), [mbx("o:1", { owner_pid: 0 }), mbx("o:2", { owner_pid: 65535 }), mbx("o:3")]);
  good("json-target-stripped", "A target with surrounding whitespace is reported stripped", [DOC], doc1('{"target":"  app:x \\t"}'), [mbx("app:x")]);
  good("json-target-over-name", "target is preferred over its alias name", [DOC], doc1('{"target":"app:t","name":"app:n"}'), [mbx("app:t")]);
  good(
    "json-open-fields-kept",
    "Unknown keys in the document, entries and bindings and a reserved field are accepted",
    [DOC],
    jsonMailbox('{"version":1,"note":"x","mailboxes":[{"target":"app:k","reserved":{"a":[1,2]},"comment":"hi","bindings":[{"pid":7,"flags":1,"why":"test"}]}]}', 1),
    [mbx("app:k", { bindings: [{ pid: 7, flags: 1 }] })],
  );
  good("json-empty-bindings", "An empty bindings list gives no bindings", [DOC], jsonMailbox('[{"target":"b:1","bindings":[]}]', 1), [mbx("b:1")]);
  good("json-leading-whitespace", "A JSON payload preceded by whitespace is JSON", [DOC, "hxe.rule.MAILBOX_PAYLOAD"], jsonMailbox(' \n\t\r{"version":1,"mailboxes":[{"target":"app:w"}]}', 1), [mbx("app:w")]);
  good("json-trailing-nuls", "A JSON payload followed by NUL padding loads", [DOC, "hxe.rule.MAILBOX_PAYLOAD"], jsonMailbox(cat(utf8('[{"target":"app:pad"}]'), zeros(5)), 1), [mbx("app:pad")]);
  good("json-entry-count-ignored", "entry_count is ignored for JSON (99 for one entry)", [DOC, META], jsonMailbox('[{"target":"app:one"}]', 99), [mbx("app:one")]);
  good("json-unicode-escape", "JSON string escapes are decoded (app:\\u0041 is app:A)", [DOC], doc1('{"target":"app:\\u0041"}'), [mbx("app:A")]);
  good("payload-all-nuls", "A mailbox section of NULs has no entries, whatever its entry_count", ["hxe.rule.MAILBOX_PAYLOAD"], { type: SEC_MAILBOX, payload: zeros(8), count: 3 }, []);
  good("payload-empty", "An empty mailbox section with entry_count 2 has no entries", ["hxe.rule.MAILBOX_PAYLOAD"], { type: SEC_MAILBOX, payload: zeros(0), count: 2 }, []);
  good(
    "legacy-binary",
    "A legacy binary mailbox section of two entries loads (depth 0 = default, flags 0 = RDWR)",
    [LEG, RDOC, "hxe.rule.MAILBOX_PAYLOAD"],
    legacyMailbox([
      { name: "app:leg", depth: 16, flags: 0x0005 },
      { name: "svc:log", depth: 0, flags: 0 },
    ]),
    [mbx("app:leg", { capacity: 16, mode: 5 }), mbx("svc:log")],
  );
  good("legacy-count-0", "A legacy (non-JSON) mailbox payload with entry_count 0 has no entries", [LEG], { type: SEC_MAILBOX, payload: raw("\x01garbage"), count: 0 }, []);
  good(
    "json-and-legacy-table-order",
    "A JSON section and a legacy section declare their mailboxes in table order",
    [DOC, LEG, ORDER],
    [legacyMailbox([{ name: "app:first", depth: 8, flags: 2 }]), doc1('{"target":"app:second","capacity":8}')],
    [mbx("app:first", { capacity: 8, mode: 2 }), mbx("app:second", { capacity: 8 })],
  );

  // MAILBOX_JSON_UTF8
  bad("MAILBOX_JSON_UTF8", "json-utf8-0xff", "A JSON payload with the byte 0xFF inside a target", [DOC], jsonMailbox(cat(utf8('[{"target":"app:'), [0xff], utf8('"}]')), 1));
  bad("MAILBOX_JSON_UTF8", "json-utf8-truncated-sequence", "A JSON payload with a truncated 2-byte sequence (C3) inside a target", [DOC], jsonMailbox(cat(utf8('{"version":1,"mailboxes":[{"target":"app:'), [0xc3], utf8('"}]}')), 1));
  bad("MAILBOX_JSON_UTF8", "json-utf8-latin1", "A JSON payload in Latin-1 (byte E9 for an acute e in a target)", [DOC], jsonMailbox(cat(utf8('[{"target":"app:caf'), [0xe9], utf8('"}]')), 1));
  // MAILBOX_JSON_INVALID
  bad("MAILBOX_JSON_INVALID", "json-truncated", "A JSON payload cut in the middle of the document", [DOC, "hxe.rule.MAILBOX_PAYLOAD"], jsonMailbox('{"version":1,"mailboxes":[{"target":"app:a"', 1));
  bad("MAILBOX_JSON_INVALID", "json-line-comment", "A JSONC payload with a // comment (comments are not accepted)", [DOC, RDOC], jsonMailbox('{"version":1, // the mailboxes\n"mailboxes":[{"target":"app:a"}]}', 1));
  bad("MAILBOX_JSON_INVALID", "json-block-comment", "A JSON payload with a /* */ comment", [DOC, RDOC], jsonMailbox('[/* one */ {"target":"app:a"}]', 1));
  bad("MAILBOX_JSON_INVALID", "json-trailing-comma", "A JSON payload with a trailing comma in the entry list", [DOC], jsonMailbox('[{"target":"app:a"},]', 1));
  bad("MAILBOX_JSON_INVALID", "json-single-quotes", "A JSON payload with single-quoted strings", [DOC], jsonMailbox("[{'target':'app:a'}]", 1));
  bad("MAILBOX_JSON_INVALID", "json-unquoted-key", "A JSON payload with an unquoted key", [DOC], jsonMailbox('[{target:"app:a"}]', 1));
  bad("MAILBOX_JSON_INVALID", "json-trailing-garbage", "A JSON document followed by more text (no legacy fallback)", [DOC, "hxe.rule.MAILBOX_PAYLOAD"], jsonMailbox('[{"target":"app:a"}] x', 1));
  bad("MAILBOX_JSON_INVALID", "json-bracket-only", "A payload of a lone [", [DOC, "hxe.rule.MAILBOX_PAYLOAD"], jsonMailbox("[", 1));
  bad("MAILBOX_JSON_INVALID", "json-nul-inside", "A JSON payload with a NUL byte before its end", [DOC, "hxe.rule.MAILBOX_PAYLOAD"], jsonMailbox(cat(utf8('[{"target":"app:a"}'), [0], utf8("]")), 1));
  // MAILBOX_VERSION
  bad("MAILBOX_VERSION", "json-version-2", "A document with version 2", [DOC, "hxe.const.MAILBOX_DOC_VERSION"], jsonMailbox('{"version":2,"mailboxes":[{"target":"app:a"}]}', 1));
  bad("MAILBOX_VERSION", "json-version-0", "A document with version 0", [DOC], jsonMailbox('{"version":0,"mailboxes":[]}', 0));
  bad("MAILBOX_VERSION", "json-version-string", 'A document with version "1" (a string)', [DOC], jsonMailbox('{"version":"1","mailboxes":[]}', 0));
  // MAILBOX_SHAPE
  bad("MAILBOX_SHAPE", "json-mailboxes-object", 'A document whose "mailboxes" is an object', [DOC], jsonMailbox('{"version":1,"mailboxes":{"target":"app:a"}}', 1));
  bad("MAILBOX_SHAPE", "json-mailboxes-string", 'A document whose "mailboxes" is a string', [DOC], jsonMailbox('{"version":1,"mailboxes":"app:a"}', 1));
  bad("MAILBOX_SHAPE", "json-entries-number", 'A document whose "entries" is a number', [DOC], jsonMailbox('{"entries":3}', 1));
  bad("MAILBOX_SHAPE", "json-entry-string", "A bare array whose entry is a string", [DOC], jsonMailbox('["app:a"]', 1));
  bad("MAILBOX_SHAPE", "json-entry-array", "A document whose entry is an array", [DOC], jsonMailbox('{"version":1,"mailboxes":[["app:a",8]]}', 1));
  bad("MAILBOX_SHAPE", "json-entry-null", "A bare array whose second entry is null", [DOC], jsonMailbox('[{"target":"app:a"},null]', 2));
  // MAILBOX_TARGET
  bad("MAILBOX_TARGET", "json-target-missing", "An entry without target or name", [DOC], doc1('{"capacity":8,"mode":"RDWR"}'));
  bad("MAILBOX_TARGET", "json-target-empty", "An entry whose target is the empty string", [DOC], doc1('{"target":""}'));
  bad("MAILBOX_TARGET", "json-target-blank", "An entry whose target is only whitespace", [DOC], doc1('{"target":" \\t "}'));
  bad("MAILBOX_TARGET", "json-target-null", "An entry whose target is null and has no name", [DOC], doc1('{"target":null}'));
  bad("MAILBOX_TARGET", "json-target-number", "An entry whose target is a number", [DOC], doc1('{"target":5}'));
  bad("MAILBOX_TARGET", "json-second-entry-no-target", "A document whose second entry has no target", [DOC], jsonMailbox('[{"target":"app:a"},{"mode":"RDONLY"}]', 2));
  bad("MAILBOX_TARGET", "legacy-name-offset-0", "A legacy mailbox entry with name_offset 0", [LEG], { type: SEC_MAILBOX, payload: cat(legacyEntry(0, 8, 1), raw("app:a\0")), count: 1 });
  bad("MAILBOX_TARGET", "legacy-name-empty", "A legacy mailbox entry whose name is the empty string", [LEG], legacyMailbox([{ name: "", depth: 8, flags: 1 }]));
  // MAILBOX_MODE
  bad("MAILBOX_MODE", "json-mode-unknown-name", 'An entry with mode "BOGUS"', [DOC, RDOC], doc1('{"target":"app:a","mode":"BOGUS"}'));
  bad("MAILBOX_MODE", "json-mode-unknown-part", 'An entry with mode "RDONLY|NOPE"', [DOC], doc1('{"target":"app:a","mode":"RDONLY|NOPE"}'));
  bad("MAILBOX_MODE", "json-mode-semicolon", 'An entry with mode "RDONLY;TAP" (; is not a separator)', [DOC], doc1('{"target":"app:a","mode":"RDONLY;TAP"}'));
  bad("MAILBOX_MODE", "json-mode-negative", "An entry with mode_mask -1", [DOC], doc1('{"target":"app:a","mode_mask":-1}'));
  bad("MAILBOX_MODE", "json-flags-alias-unknown", 'An entry whose flags alias names an unknown mode "SHARED"', [DOC], doc1('{"target":"app:a","flags":"SHARED"}'));
  // MAILBOX_FIELD
  bad("MAILBOX_FIELD", "json-capacity-string", 'An entry with capacity "64" (a string)', [DOC], doc1('{"target":"app:a","capacity":"64"}'));
  bad("MAILBOX_FIELD", "json-capacity-negative", "An entry with capacity -1", [DOC], doc1('{"target":"app:a","capacity":-1}'));
  bad("MAILBOX_FIELD", "json-capacity-65536", "An entry with capacity 65536 (beyond u16)", [DOC], doc1('{"target":"app:a","capacity":65536}'));
  bad("MAILBOX_FIELD", "json-queue-depth-70000", "An entry with queue_depth 70000 (the capacity alias, beyond u16)", [DOC], doc1('{"name":"app:a","queue_depth":70000}'));
  bad("MAILBOX_FIELD", "json-owner-pid-string", 'An entry with owner_pid "1" (a string)', [DOC], doc1('{"target":"app:a","owner_pid":"1"}'));
  bad("MAILBOX_FIELD", "json-owner-pid-negative", "An entry with owner_pid -1", [DOC], doc1('{"target":"app:a","owner_pid":-1}'));
  bad("MAILBOX_FIELD", "json-owner-pid-65536", "An entry with owner_pid 65536 (beyond u16)", [DOC], doc1('{"target":"app:a","owner_pid":65536}'));
  bad("MAILBOX_FIELD", "json-bindings-object", "An entry whose bindings is an object", [DOC], doc1('{"target":"app:a","bindings":{"pid":1}}'));
  bad("MAILBOX_FIELD", "json-bindings-string", "An entry whose bindings is a string", [DOC], doc1('{"target":"app:a","bindings":"1"}'));
  bad("MAILBOX_FIELD", "json-binding-number", "An entry whose binding is a number", [DOC], doc1('{"target":"app:a","bindings":[3]}'));
  bad("MAILBOX_FIELD", "json-binding-no-pid", "An entry whose binding has no pid", [DOC], doc1('{"target":"app:a","bindings":[{"flags":1}]}'));
  bad("MAILBOX_FIELD", "json-binding-pid-string", 'An entry whose binding pid is "3" (a string)', [DOC], doc1('{"target":"app:a","bindings":[{"pid":"3"}]}'));
  bad("MAILBOX_FIELD", "json-binding-pid-65536", "An entry whose binding pid is 65536 (beyond u16)", [DOC], doc1('{"target":"app:a","bindings":[{"pid":65536}]}'));
  bad("MAILBOX_FIELD", "json-binding-flags-string", 'An entry whose binding flags is "RDWR" (a string, not a u16)', [DOC], doc1('{"target":"app:a","bindings":[{"pid":1,"flags":"RDWR"}]}'));
  bad("MAILBOX_FIELD", "json-binding-flags-65536", "An entry whose binding flags is 65536 (beyond u16)", [DOC], doc1('{"target":"app:a","bindings":[{"pid":1,"flags":65536}]}'));
  // MAILBOX_DUPLICATE
  bad("MAILBOX_DUPLICATE", "json-duplicate-target", "A document declaring app:a twice", [DOC, "ruling.R-HXE-MAILBOX-DUPLICATE"], jsonMailbox('{"version":1,"mailboxes":[{"target":"app:a","capacity":8},{"target":"app:b"},{"target":"app:a","capacity":16}]}', 3));
  bad("MAILBOX_DUPLICATE", "json-duplicate-via-alias", "A document declaring app:a once as target and once as name", [DOC, "ruling.R-HXE-MAILBOX-DUPLICATE"], jsonMailbox('[{"target":"app:a"},{"name":"app:a"}]', 2));
  bad("MAILBOX_DUPLICATE", "json-duplicate-after-strip", 'A document declaring " app:a" and "app:a" (equal once stripped)', [DOC, "ruling.R-HXE-MAILBOX-DUPLICATE"], jsonMailbox('[{"target":" app:a"},{"target":"app:a"}]', 2));
  bad("MAILBOX_DUPLICATE", "legacy-duplicate-name", "A legacy section declaring app:a twice", [LEG, "ruling.R-HXE-MAILBOX-DUPLICATE"], legacyMailbox([{ name: "app:a", depth: 8, flags: 1 }, { name: "app:a", depth: 8, flags: 2 }]));
  bad("MAILBOX_DUPLICATE", "across-sections", "A JSON section and a legacy section both declaring app:a", [DOC, LEG, "ruling.R-HXE-MAILBOX-DUPLICATE"], [doc1('{"target":"app:a"}'), legacyMailbox([{ name: "app:a", depth: 8, flags: 1 }])]);
  return out;
}

// ----- check order (two checks fail; the earlier wins) ------------------------------
function orderVectors(): VectorDef[] {
  const out: VectorDef[] = [];
  const add = (winner: string, slug: string, title: string, spec: string[], img: Uint8Array): void => {
    out.push({ id: `hxe.order.${slug}`, title, spec: [ORDER, E(winner), ...spec], image: img, expect: err(winner) });
  };
  const res1 = (): Uint8Array => {
    const r = zeros(24);
    r[5] = 1;
    return r;
  };
  const vb = (o: Omit<ImageOpts, "layout"> = {}): Built => v2({ code: code(8), rodata: rodata(4), ...o });
  const vbad = (winner: string, slug: string, title: string, spec: string[], sections: Section[]): void => add(winner, slug, title, [...spec], vb({ sections }).img);

  add("TOO_SMALL", "too-small-before-v2-truncated", "A 31-byte file with version 2: too small and shorter than the v2 header", [HDR2], cut(vb().img, 31));
  add("TOO_SMALL", "too-small-before-unsupported-version", "A 31-byte file with version 9: too small and an unknown version", [HDR1], cut(v1({ version: 9 }).img, 31));
  add("V2_TRUNCATED", "v2-truncated-before-bad-magic", "A 64-byte version-2 file with magic XXXX: short header and bad magic", [HDR2], cut(vb({ magic: 0x58585858 }).img, 64));
  add("V2_TRUNCATED", "v2-truncated-before-crc", "A 40-byte version-2 file with a wrong CRC", [HDR2], set32(cut(vb().img, 40), H.crc, 0x12345678));
  add("RESERVED_NONZERO", "reserved-before-app-name", "A v2 image with a nonzero reserved byte and a non-ASCII app_name", [HDR2], vb({ reserved: res1(), app: "\xe9t\xe9" }).img);
  add("RESERVED_NONZERO", "reserved-before-bad-magic", "A v2 image with a nonzero reserved byte and a bad magic", [HDR2], vb({ reserved: res1(), magic: 0x48535800 }).img);
  add("RESERVED_NONZERO", "reserved-before-crc", "A v2 image with a nonzero reserved byte and a code byte changed after sealing", [HDR2], flip(vb({ reserved: res1() }).img, 0x60));
  add("RESERVED_NONZERO", "reserved-before-meta-overlap", "A v2 image with a nonzero reserved byte and meta_offset inside code", [HDR2], vb({ reserved: res1(), metaOffset: 0x60 }).img);
  add("APP_NAME_NOT_ASCII", "app-name-before-bad-magic", "A v2 image with a non-ASCII app_name and a bad magic", [HDR2], vb({ app: "\x80", magic: 0 }).img);
  add("APP_NAME_NOT_ASCII", "app-name-before-code-misaligned", "A v2 image with a non-ASCII app_name and code_len 6", [HDR2], vb({ app: "\xff", code: code(6) }).img);
  add("APP_NAME_NOT_ASCII", "app-name-before-crc", "A v2 image with a non-ASCII app_name and a rodata byte changed after sealing", [HDR2], flip(vb({ app: "x\xa0" }).img, HEADER_V2 + 8));
  add("UNSUPPORTED_VERSION", "version-before-magic", "An image with version 3 and magic ABCD", [HDR1], v1({ version: 3, magic: 0x41424344 }).img);
  {
    // A header written entirely little-endian: magic and version both byte-swapped.
    const b = v1({ rodata: rodata(4) });
    const img = b.img.slice();
    for (const [off, w] of [[0, 4], [4, 2], [6, 2], [8, 4], [12, 4], [16, 4], [20, 4], [24, 4], [28, 4]] as const) img.subarray(off, off + w).reverse();
    add("UNSUPPORTED_VERSION", "version-before-magic-little-endian", "A v1 image whose whole header is little-endian (version 0x0100, magic EXSH)", [HDR1, "hxe.rule.HEADER_BIG_ENDIAN"], img);
  }
  add("UNSUPPORTED_VERSION", "version-before-crc", "An image with version 0 and a wrong CRC", [HDR1], set32(v1({ version: 0 }).img, H.crc, 0));
  add("BAD_MAGIC", "bad-magic-before-code-too-large", "A v1 image with a bad magic and code_len 0x20000", [HDR1], v1({ magic: 0x48535844, codeLen: 0x20000 }).img);
  add("BAD_MAGIC", "bad-magic-before-crc", "A v1 image with a bad magic whose CRC was not updated", [HDR1], set32(v1().img, H.magic, 0x48535846));
  add("CODE_TOO_LARGE", "code-too-large-before-rodata-too-large", "A v1 image with code_len and ro_len both 0x10004", [HDR1], v1({ codeLen: 0x10004, roLen: 0x10004 }).img);
  add("CODE_TOO_LARGE", "code-too-large-before-code-misaligned", "A v1 image with code_len 0x10002 (too large and not a multiple of 4)", [HDR1], v1({ codeLen: 0x10002 }).img);
  add("CODE_TOO_LARGE", "code-too-large-before-crc", "A v2 image with code_len 0x10004 and a wrong CRC", [HDR2], set32(vb({ codeLen: 0x10004 }).img, H.crc, 0));
  add("RODATA_TOO_LARGE", "rodata-too-large-before-bss-too-large", "A v1 image with ro_len and bss_size both 0x10001", [HDR1], v1({ roLen: 0x10001, bss: 0x10001 }).img);
  add("RODATA_TOO_LARGE", "rodata-too-large-before-entry-misaligned", "A v2 image with ro_len 0x20000 and entry 2", [HDR2], vb({ roLen: 0x20000, entry: 2 }).img);
  add("BSS_TOO_LARGE", "bss-too-large-before-code-misaligned", "A v1 image with bss_size 0x10001 and code_len 6", [HDR1], v1({ bss: 0x10001, code: code(6) }).img);
  add("CODE_MISALIGNED", "code-misaligned-before-entry-misaligned", "A v1 image with code_len 10 and entry 2", [HDR1], v1({ code: code(10), entry: 2 }).img);
  add("CODE_MISALIGNED", "code-misaligned-before-crc", "A v2 image with code_len 6 and a wrong CRC", [HDR2], flip(vb({ code: code(6) }).img, 0x60));
  add("ENTRY_MISALIGNED", "entry-misaligned-before-crc", "A v1 image with entry 2 and a code byte changed after sealing", [HDR1], flip(v1({ entry: 2 }).img, 0x21));
  add("ENTRY_MISALIGNED", "entry-misaligned-before-entry-out-of-range", "A v1 image with entry 0xFFFFFFFF (odd and past the code)", [HDR1], v1({ entry: 0xffffffff }).img);
  add("ENTRY_MISALIGNED", "entry-misaligned-before-truncated", "A v1 image with entry 6 and code_len 16 but only 8 code bytes", [HDR1], v1({ entry: 6, codeLen: 16 }).img);
  {
    const a = v1({ code: code(8), rodata: rodata(8) });
    add("CRC_MISMATCH", "crc-before-truncated", "A v1 image cut by 4 bytes after sealing: wrong CRC and sections past EOF", [HDR1, "hxe.crc"], cut(a.img, a.img.length - 4));
    const b = vb();
    add("CRC_MISMATCH", "crc-before-truncated-v2", "A v2 image cut to its header after sealing", [HDR2, "hxe.crc"], cut(b.img, HEADER_V2));
  }
  add("CRC_MISMATCH", "crc-before-entry-out-of-range", "A v1 image with entry 8 = code_len and a wrong CRC", [HDR1, "hxe.crc"], flip(v1({ entry: 8 }).img, 0x20));
  add("CRC_MISMATCH", "crc-before-meta-overlap", "A v2 image with meta_offset inside code and a code byte changed after sealing", [HDR2, "hxe.crc"], flip(vb({ metaOffset: 0x64 }).img, 0x61));
  add("CRC_MISMATCH", "crc-before-meta-table-bounds", "A v2 image with a metadata table past EOF and a wrong CRC", [HDR2, "hxe.crc"], set32(vb({ metaOffset: 0x1000, metaCount: 1 }).img, H.crc, 1));
  add("CRC_MISMATCH", "crc-before-mailbox-json", "A v2 image with invalid mailbox JSON and a wrong CRC", [HDR2, "hxe.crc"], flip(vb({ sections: [jsonMailbox("{oops", 1)] }).img, 0x60));
  add("TRUNCATED", "truncated-before-entry-out-of-range", "A v1 image with entry 16 = code_len and only 8 code bytes", [HDR1], v1({ entry: 16, codeLen: 16 }).img);
  add("TRUNCATED", "truncated-before-meta-overlap", "A v2 image with rodata past EOF and meta_offset inside code", [HDR2], vb({ roLen: 64, metaOffset: 0x60 }).img);
  add("ENTRY_OUT_OF_RANGE", "entry-out-of-range-before-meta-overlap", "A v2 image with entry = code_len and meta_offset inside code", [HDR2], vb({ entry: 8, metaOffset: 0x60 }).img);
  add("ENTRY_OUT_OF_RANGE", "entry-out-of-range-before-meta-table-bounds", "A v2 image with entry past the code and a metadata table past EOF", [HDR2], vb({ entry: 12, metaOffset: 0x1000, metaCount: 2 }).img);
  add("META_OVERLAP", "meta-overlap-before-table-bounds", "A v2 image with meta_offset inside code and a table of 1000 entries", [HDR2, META], vb({ metaOffset: 0x60, metaCount: 1000 }).img);
  add("META_OVERLAP", "meta-overlap-below-header", "A v2 image with meta_offset 1 (inside the header, so also outside the table bounds) and meta_count 1", [HDR2], vb({ metaOffset: 1, metaCount: 1 }).img);
  {
    // Table of 2 entries where only the first is present: entry 0 points past EOF.
    const b = vb({ sections: [{ type: SEC_VALUE, payload: zeros(0), count: 0, offset: 0x10000, size: 4 }], metaCount: 2 });
    add("META_TABLE_BOUNDS", "table-bounds-before-section-bounds", "A v2 image whose 2-entry table runs past EOF and whose first section is past EOF too", [HDR2, META], b.img);
  }
  {
    const t = valueSection([{ group: 1, id: 1, name: "x" }]);
    vbad("META_SECTION_BOUNDS", "section-bounds-before-value-payload", "A v2 image whose first (value) section is truncated and whose second section ends past EOF", [META], [{ ...t, count: 5 }, { type: SEC_COMMAND, payload: zeros(4), count: 0, size: 0x400 }]);
    vbad("META_SECTION_BOUNDS", "section-bounds-before-mailbox-json", "A v2 image whose first (mailbox) section is invalid JSON and whose third section ends past EOF", [META], [jsonMailbox("{bad", 1), t, { type: 7, payload: zeros(2), count: 0, offset: 0xffff0000 }]);
    vbad("MAILBOX_JSON_INVALID", "payloads-in-table-order-mailbox-first", "A v2 image whose first section is invalid mailbox JSON and whose second (value) section is truncated", [META, DOC], [jsonMailbox("[{]", 1), { ...t, count: 3 }]);
    vbad("META_TRUNCATED", "payloads-in-table-order-value-first", "A v2 image whose first (value) section is truncated and whose second section is invalid mailbox JSON", [META, VAL], [{ ...t, count: 3 }, jsonMailbox("[{]", 1)]);
    vbad("META_STRING_UTF8", "payloads-in-table-order-command-first", "A v2 image whose first (command) section has a non-UTF-8 name and whose second section has a duplicate mailbox", [META, CMD], [{ type: SEC_COMMAND, payload: table(COMMAND_ENTRY, 1, (s) => [commandEntry({ group: 1, id: 1, name: s.add(raw("\xff")) })]), count: 1 }, jsonMailbox('[{"target":"app:a"},{"target":"app:a"}]', 2)]);
    vbad("META_TRUNCATED", "meta-truncated-before-string-range", "A v2 value section with entry_count 2, room for one, and an out-of-range name in entry 0", [VAL], [{ type: SEC_VALUE, payload: cat(valueEntry({ group: 1, id: 1, name: 0x200 }), zeros(4)), count: 2 }]);
    vbad("META_STRING_RANGE", "string-range-before-later-entry-utf8", "A v2 value section whose entry 0 name is out of range and entry 1 name is not UTF-8", [VAL, "hxe.rule.STRINGS"], [{ type: SEC_VALUE, payload: table(VALUE_ENTRY, 2, (s) => [valueEntry({ group: 1, id: 1, name: 0x400 }), valueEntry({ group: 1, id: 2, name: s.add(raw("\xfe")) })]), count: 2 }]);
  }
  vbad("META_TRUNCATED", "legacy-truncated-before-target", "A v2 legacy mailbox section with entry_count 2, room for one, and name_offset 0 in entry 0", [LEG], [{ type: SEC_MAILBOX, payload: cat(legacyEntry(0, 1, 1), raw("xyz\0")), count: 2 }]);
  vbad("MAILBOX_JSON_UTF8", "json-utf8-before-json-invalid", "A mailbox payload that is neither UTF-8 nor valid JSON", [DOC], [jsonMailbox(cat(utf8('{"version":1,"mailboxes":[{"target":"'), [0xff, 0xfe], utf8('"')), 1)]);
  vbad("MAILBOX_VERSION", "version-before-shape", "A document with version 2 whose mailboxes is a number", [DOC], [jsonMailbox('{"version":2,"mailboxes":7}', 1)]);
  vbad("MAILBOX_SHAPE", "shape-before-target", "A bare array whose first entry is a number and whose second has no target", [DOC], [jsonMailbox('[5,{"capacity":8}]', 2)]);
  vbad("MAILBOX_TARGET", "target-before-mode", "An entry with no target and an unknown mode", [DOC], [doc1('{"capacity":8,"mode":"BOGUS"}')]);
  vbad("MAILBOX_TARGET", "target-before-field", "An entry with an empty target and a capacity of the wrong type", [DOC], [doc1('{"target":"","capacity":"big"}')]);
  vbad("MAILBOX_MODE", "mode-before-field", "An entry with an unknown mode and a capacity of the wrong type", [DOC], [doc1('{"target":"app:a","capacity":"big","mode":"BOGUS"}')]);
  vbad("MAILBOX_MODE", "mode-before-field-owner-pid", "An entry with a negative mode and owner_pid -1", [DOC], [doc1('{"target":"app:a","mode_mask":-4,"owner_pid":-1}')]);
  vbad("MAILBOX_MODE", "mode-before-duplicate", "A document declaring app:a twice and then an entry with an unknown mode", [DOC], [jsonMailbox('[{"target":"app:a"},{"target":"app:a"},{"target":"app:b","mode":"NOPE"}]', 3)]);
  vbad("MAILBOX_FIELD", "field-before-duplicate", "A document declaring app:a twice and then an entry whose bindings is not a list", [DOC], [jsonMailbox('[{"target":"app:a"},{"target":"app:a"},{"target":"app:b","bindings":5}]', 3)]);
  vbad("MAILBOX_TARGET", "target-before-duplicate", "A legacy section declaring app:a twice and then an entry with name_offset 0", [LEG], [{ type: SEC_MAILBOX, payload: table(LEGACY_MBX_ENTRY, 3, (s) => { const n = s.add("app:a"); return [legacyEntry(n, 1, 1), legacyEntry(n, 1, 1), legacyEntry(0, 1, 1)]; }), count: 3 }]);
  return out;
}

// ---------------------------------------------------------------------------
// YAML output
// ---------------------------------------------------------------------------

/** A YAML double-quoted scalar (JSON string syntax, with YAML escapes for non-printables). */
function q(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** A plain scalar when it is unambiguous, else quoted. */
function plain(s: string): string {
  return /^[A-Za-z][A-Za-z0-9 ,.()'+/=<>_-]*$/.test(s) && !/[:#]/.test(s) && !/ $/.test(s) ? s : q(s);
}

/** Flow-style value (inside { } / [ ]): strings always quoted. */
function flow(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return q(v);
  if (Array.isArray(v)) return v.length ? `[${v.map(flow).join(", ")}]` : "[]";
  const e = Object.entries(v as Record<string, unknown>);
  return e.length ? `{ ${e.map(([k, x]) => `${k}: ${flow(x)}`).join(", ")} }` : "{}";
}

function vectorYaml(v: VectorDef): string {
  const lines = [
    `  - id: ${v.id}`,
    `    title: ${plain(v.title)}`,
    `    spec: [${v.spec.join(", ")}]`,
    `    steps:`,
    `      - op: hxe.load`,
    ...(v.note ? [`        note: ${q(v.note)}`] : []),
    `        args: { image: ${q(hex(v.image))} }`,
    `        expect: ${flow(v.expect)}`,
  ];
  return lines.join("\n");
}

const SCRIPT = "conformance/scripts/hxe-vectors.ts";

function fileYaml(f: FileDef): string {
  const head = [
    `# HXE loader vectors: ${f.about}`,
    `# Produced by ${SCRIPT}; do not edit. Regenerate with`,
    `#   npx tsc -p . && node dist/conformance/scripts/hxe-vectors.js`,
    `# Images are packed independently of src/hxe and sealed with zlib.crc32 over`,
    `# file[0x00:0x1C] ++ file[header_size:EOF]; expectations come from spec/hxe.yaml`,
    `# (hxe_error in check order) and hsx-isa-hxe.md section 5, not from a loader.`,
    `level: hxe`,
    `vectors:`,
  ];
  return `${head.join("\n")}\n${f.vectors.map(vectorYaml).join("\n\n")}\n`;
}

function toPlain(v: VectorDef): unknown {
  return {
    id: v.id,
    title: v.title,
    spec: v.spec,
    steps: [{ op: "hxe.load", ...(v.note ? { note: v.note } : {}), args: { image: hex(v.image) }, expect: v.expect }],
  };
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

/** hxe_error in check order (spec/hxe.yaml). */
const ERROR_ORDER = [
  "TOO_SMALL", "V2_TRUNCATED", "RESERVED_NONZERO", "APP_NAME_NOT_ASCII", "UNSUPPORTED_VERSION", "BAD_MAGIC",
  "CODE_TOO_LARGE", "RODATA_TOO_LARGE", "BSS_TOO_LARGE", "CODE_MISALIGNED", "ENTRY_MISALIGNED", "CRC_MISMATCH",
  "TRUNCATED", "ENTRY_OUT_OF_RANGE", "META_OVERLAP", "META_TABLE_BOUNDS", "META_SECTION_BOUNDS", "META_TRUNCATED",
  "META_STRING_RANGE", "META_STRING_UNTERMINATED", "META_STRING_UTF8", "MAILBOX_JSON_UTF8", "MAILBOX_JSON_INVALID",
  "MAILBOX_VERSION", "MAILBOX_SHAPE", "MAILBOX_TARGET", "MAILBOX_MODE", "MAILBOX_FIELD", "MAILBOX_DUPLICATE",
] as const;

/**
 * The generator's own consistency check: an image expected to fail CRC_MISMATCH has a
 * wrong CRC; an image expected to load or to fail a later check has a right one; and
 * outside the order and crc themes every image holding a whole header is sealed, so
 * it has exactly one fault.
 */
function checkCrcIntent(theme: string, v: VectorDef): void {
  const img = v.image;
  if (img.length < HEADER_V1) return;
  const version = dv(img).getUint16(H.version, false);
  if (version !== 1 && version !== 2) return; // no header size, no span
  const hs = version === 2 ? HEADER_V2 : HEADER_V1;
  if (img.length < hs) return;
  const ok = spanCrc(img, hs) === get32(img, H.crc);
  const e = v.expect.error;
  if (e !== null && !(ERROR_ORDER as readonly string[]).includes(e)) throw new Error(`${v.id}: unknown error ${e}`);
  const at = e === null ? ERROR_ORDER.length : ERROR_ORDER.indexOf(e as (typeof ERROR_ORDER)[number]);
  const crcAt = ERROR_ORDER.indexOf("CRC_MISMATCH");
  if (e === "CRC_MISMATCH" && ok) throw new Error(`${v.id}: expects CRC_MISMATCH but the CRC is right`);
  if (at > crcAt && !ok) throw new Error(`${v.id}: expects ${e ?? "a load"} but the CRC is wrong`);
  if (theme !== "order" && theme !== "crc" && !ok) throw new Error(`${v.id}: the image has a wrong CRC as well as its fault`);
}
export function vectorFiles(): FileDef[] {
  const files: FileDef[] = [
    { name: "valid.yaml", theme: "valid", about: "valid v1 and v2 images and what the loader reports for them.", vectors: validVectors() },
    { name: "crc.yaml", theme: "crc", about: "the CRC span (what is covered, what is not) and CRC_MISMATCH.", vectors: crcVectors() },
    { name: "header-errors.yaml", theme: "header", about: "header errors TOO_SMALL .. ENTRY_OUT_OF_RANGE, one fault per image.", vectors: headerVectors() },
    { name: "section-errors.yaml", theme: "section", about: "metadata table, section and string errors META_OVERLAP .. META_STRING_UTF8.", vectors: sectionVectors() },
    { name: "mailbox-doc.yaml", theme: "mailbox", about: "the .mailbox section (JSON document and legacy binary entries) and MAILBOX_* errors.", vectors: mailboxVectors() },
    { name: "order.yaml", theme: "order", about: "check order: two checks fail and the one earlier in hxe_error (hxe.rule.LOAD_ORDER) wins.", vectors: orderVectors() },
  ];
  const ids = new Set<string>();
  for (const f of files)
    for (const v of f.vectors) {
      if (!/^hxe\.[a-z0-9]+\.[a-z0-9][a-z0-9.-]*$/.test(v.id) || !v.id.startsWith(`hxe.${f.theme}.`)) throw new Error(`bad vector id ${v.id} in ${f.name}`);
      if (ids.has(v.id)) throw new Error(`duplicate vector id ${v.id}`);
      ids.add(v.id);
      if (new Set(v.spec).size !== v.spec.length) throw new Error(`${v.id}: repeated spec item`);
      checkCrcIntent(f.theme, v);
    }
  return files;
}

/** The text of every vector file, by file name; each is checked to parse back to what was meant. */
export function renderVectorFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of vectorFiles()) {
    const text = fileYaml(f);
    const back = parseYaml(text) as unknown;
    const meant = { level: "hxe", vectors: f.vectors.map(toPlain) };
    if (JSON.stringify(back) !== JSON.stringify(meant)) throw new Error(`${f.name}: the YAML does not parse back to the vectors`);
    out.set(f.name, text);
  }
  return out;
}

/** The repository's vector directory (this file runs from dist/conformance/scripts/). */
export const DEFAULT_OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "conformance", "vectors", "hxe");

export function writeVectorFiles(outDir: string = DEFAULT_OUT_DIR): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of renderVectorFiles()) {
    const p = join(outDir, name);
    writeFileSync(p, text);
    written.push(p);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? DEFAULT_OUT_DIR);
  const files = writeVectorFiles(outDir);
  const n = vectorFiles().reduce((s, f) => s + f.vectors.length, 0);
  process.stdout.write(`hxe-vectors: ${n} vectors in ${files.length} files under ${outDir}\n`);
}

import type { Emitter, EmitContext, GeneratedFile } from "../driver/types.js";
import type { Domain, EnumDef, Model, NumFormat, Profile, StructDef } from "../model/types.js";
import { formatNumber } from "../print/literal.js";
import { comment } from "../print/stamp.js";
import { mailboxMacroGroups } from "./c-headers.js";

/**
 * generated/py/hsx_constants.py: the names the HSX Python prototype uses, with spec values.
 * The HSX_MBX_* names and values come from the same MacroGroups as hsx_mailbox.h, so the
 * module's CONSTANTS equals what the prototype scrapes from that header.
 */

const PATH = "generated/py/hsx_constants.py";

/** A Python literal. JSON string syntax is valid Python string syntax. */
type PyValue = number | string | readonly PyValue[] | { readonly [k: string]: PyValue };

function py(v: PyValue, format: NumFormat = "dec"): string {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
    return formatNumber(v, format);
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0]!)},)` : `(${v.map((x) => py(x)).join(", ")})`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${py(x)}`).join(", ")}}`;
}

function pyComment(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Lines of a Python module: assignments with trailing comments, section comments, blank lines. */
class PyModule {
  private readonly lines: string[] = [];

  section(title: string): this {
    this.lines.push("", "", `# ${pyComment(title)}`);
    return this;
  }

  assign(name: string, value: string, doc?: string | null): this {
    this.lines.push(`${name} = ${value}${doc ? `  # ${pyComment(doc)}` : ""}`);
    return this;
  }

  /** NAME = {  "key": value,  ... } one entry per line. */
  dict(name: string, entries: readonly (readonly [string, string])[], doc?: string): this {
    this.lines.push("");
    if (doc) this.lines.push(`# ${pyComment(doc)}`);
    this.lines.push(`${name} = {`, ...entries.map(([k, v]) => `    ${JSON.stringify(k)}: ${v},`), "}");
    return this;
  }

  text(head: string): string {
    return `${head}${this.lines.join("\n").replace(/^\n+/, "\n")}\n`;
  }
}

const STRUCT_CODES: Record<string, string> = { u8: "B", i8: "b", u16: "H", i16: "h", u32: "I", i32: "i", u64: "Q", i64: "q" };

/** The struct-module format of a spec struct: byte order, one code per field, pad bytes for gaps. */
export function structFormat(s: StructDef): string {
  let fmt = s.byteOrder === "little" ? "<" : s.byteOrder === "big" ? ">" : "=";
  let end = 0;
  for (const f of s.fields) {
    if (f.offset < end) throw new Error(`${s.name}.${f.name} overlaps the field before it`);
    if (f.offset > end) fmt += `${f.offset - end}x`;
    const array = /^(?:char|u8)\[(\d+)\]$/.exec(f.type);
    const code = STRUCT_CODES[f.type] ?? (array ? `${array[1]}s` : undefined);
    if (!code) throw new Error(`no struct format code for ${s.name}.${f.name}: ${f.type}`);
    fmt += code;
    end = f.offset + f.size;
  }
  return s.size > end ? `${fmt}${s.size - end}x` : fmt;
}

function struct(m: Model, name: string): StructDef {
  const s = m.structs.find((x) => x.name === name);
  if (!s) throw new Error(`the Python module needs struct ${name}`);
  return s;
}

function enumDef(m: Model, name: string): EnumDef {
  const e = m.enums.find((x) => x.name === name);
  if (!e) throw new Error(`the Python module needs enum ${name}`);
  return e;
}

function constant(m: Model, domain: Domain, name: string): { value: number; format: NumFormat; doc: string } {
  const c = m.constants.find((x) => x.domain === domain && x.name === name);
  if (!c || typeof c.value !== "number") throw new Error(`the Python module needs the numeric ${domain} constant ${name}`);
  return { value: c.value, format: c.format, doc: c.doc };
}

function profile(m: Model, name: string): Profile {
  const p = m.profiles.profiles.find((x) => x.name === name);
  if (!p) throw new Error(`the Python module needs profile ${name}`);
  return p;
}

function enumSection(mod: PyModule, e: EnumDef): void {
  mod.section(`${e.name}: ${e.doc}`);
  for (const v of e.values.filter((x) => !x.reserved)) mod.assign(v.c, py(v.value, e.cFormat), v.doc);
}

function mailboxSection(mod: PyModule, m: Model): void {
  const names: string[] = [];
  for (const g of mailboxMacroGroups(m)) {
    mod.section(g.doc.join(" "));
    for (const it of g.items) {
      if (it.kind !== "define") continue;
      mod.assign(it.name, py(it.value, it.format), it.doc);
      names.push(it.name);
    }
  }
  mod.dict("CONSTANTS", names.map((n) => [n, n] as const), "Every HSX_MBX_* macro of hsx_mailbox.h, as the prototype's header loader returns them.");
}

/** The prototype's host_vm.py constants, each taken from the spec item it stands for. */
function hostVmSection(mod: PyModule, m: Model): void {
  mod.section("Constants of the prototype's host_vm.py.");
  const recv = struct(m, "hsx_mbx_recv_info_t");
  const entry = struct(m, "hsx_hxe_mailbox_entry_t");
  mod.assign("RECV_INFO_STRUCT", py(structFormat(recv)), `${recv.name}, ${recv.size} bytes`);
  mod.assign("MAILBOX_ENTRY_STRUCT", py(structFormat(entry)), `${entry.name}, ${entry.size} bytes`);
  for (const v of enumDef(m, "hxe_section").values.filter((x) => !x.reserved)) mod.assign(`METADATA_SECTION_${v.name}`, py(v.value), v.doc);
  mod.assign("MAILBOX_COUNTER_FIELDS", py(enumDef(m, "exec_counter").values.map((v) => v.name)), "Per-task scheduler counters");
  const desktop = profile(m, "desktop");
  mod.assign("DEFAULT_STACK_BYTES", py(desktop.limits["task_stack_bytes"]!), "task_stack_bytes of the desktop profile");
  const regBase = constant(m, "executive", "TASK_REG_BASE");
  const regBytes = constant(m, "executive", "TASK_REG_BANK_BYTES");
  mod.assign("REGISTER_REGION_START", py(regBase.value, regBase.format), regBase.doc);
  mod.assign("REGISTER_BANK_BYTES", py(regBytes.value, regBytes.format), regBytes.doc);
  const aliases = [
    ["RODATA_BASE", "RODATA_BASE"],
    ["MAX_CODE_LEN", "MAX_CODE_BYTES"],
    ["MAX_RODATA_LEN", "MAX_RODATA_BYTES"],
    ["MAX_BSS_SIZE", "MAX_BSS_BYTES"],
  ] as const;
  for (const [name, spec] of aliases) {
    const c = constant(m, "isa", spec);
    mod.assign(name, py(c.value, c.format), c.doc);
  }
  // The prototype's MAILBOX_PROFILES keys; handle_limit_per_pid is the spec's handles_per_pid.
  const shape = (p: Profile) => ({
    max_descriptors: p.limits["max_descriptors"]!,
    handle_limit_per_pid: p.limits["handles_per_pid"]!,
    default_capacity: p.limits["default_capacity"]!,
    tap_rate_limit: p.limits["tap_rate_limit"]!,
  });
  mod.dict(
    "MAILBOX_PROFILES",
    m.profiles.profiles.map((p) => [p.name, py(shape(p))] as const),
    `Mailbox limits per profile in the prototype's shape (tap_rate_limit 0 = no limit); the default is ${m.profiles.defaultProfile}.`,
  );
}

/** Python constants module with the names the HSX Python prototype uses. */
export const pythonEmitter: Emitter = {
  name: "python",
  emit(ctx: EmitContext): GeneratedFile[] {
    const m = ctx.spec.model;
    const mod = new PyModule();
    mod.section("Identity of the spec this module was generated from.");
    mod.assign("SPEC_NAME", py(m.name));
    mod.assign("SPEC_VERSION", py(m.version));
    mod.assign("SPEC_HASH", py(ctx.spec.hash), "sha256 of the spec's canonical model");
    mailboxSection(mod, m);
    for (const name of ["vm_error", "val_status", "cmd_status"]) enumSection(mod, enumDef(m, name));
    hostVmSection(mod, m);
    mod.dict(
      "OPCODES",
      m.isa.opcodes.map((o) => [o.mnemonic, py(o.value, "hex2")] as const),
      "Opcode values by mnemonic.",
    );
    mod.dict(
      "STRUCT_FORMATS",
      m.structs.map((s) => [s.name, py(structFormat(s))] as const),
      "struct-module format of every spec struct.",
    );
    const head = `${comment.hash(ctx.stamp)}"""HSX constants for the Python prototype, generated from the HSX spec.

HSX_MBX_* are the macros of the generated include/hsx_mailbox.h (also in CONSTANTS);
the other names are the ones the prototype's host_vm.py defines.
"""
`;
    return [{ path: PATH, content: mod.text(head) }];
  },
};

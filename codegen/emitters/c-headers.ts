import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { Emitter, EmitContext, GeneratedFile } from "../driver/types.js";
import type { Domain, EnumDef, Model, StructDef, SvcModule } from "../model/types.js";
import { TEMPLATE_DIR } from "../paths.js";
import {
  type Assert,
  cBlock,
  cCommentText,
  cIdent,
  cInt,
  cLowerIdent,
  cString,
  defineAsserts,
  groupView,
  listView,
  type ListView,
  type LookupView,
  macro,
  type MacroGroup,
  type MacroItem,
  structAsserts,
  structStem,
  typedefView,
  valueAssert,
} from "../print/c.js";
import { formatNumber, hexN } from "../print/literal.js";
import { comment } from "../print/stamp.js";

/**
 * C headers. Each header is a handlebars template (codegen/templates/<file>.hbs) fed a
 * view model built here: every literal, name, comment and alignment is computed in
 * TypeScript, so the templates only place text. Macro values are first collected as
 * MacroGroups, which the ABI check (and the Python emitter, for hsx_mailbox.h) reuse,
 * so the header and its assertions cannot drift apart.
 */

const DIR = "generated/c";

export type { MacroGroup, MacroItem } from "../print/c.js";

const { define, expr, note } = macro;

const planned = (status: string) => (status === "planned" ? " (planned)" : "");

function constantsGroup(m: Model, domain: Domain): MacroGroup[] {
  const cs = m.constants.filter((c) => c.domain === domain);
  if (!cs.length) return [];
  return [{ doc: [`Constants of spec/${domain}.yaml.`], items: cs.map((c) => define(c.c, c.value, c.format, c.doc)) }];
}

function enumGroup(e: EnumDef): MacroGroup {
  const fmt = (v: number) => formatNumber(v, e.cFormat);
  const items: MacroItem[] = e.values.map((v) => (v.reserved ? note(`${fmt(v.value)} (${v.name}) is reserved: ${v.doc}`) : define(v.c, v.value, e.cFormat, v.doc)));
  for (const r of e.reserved) items.push(note(`${fmt(r.from)}-${fmt(r.to)} reserved${r.doc ? `: ${r.doc}` : ""}`));
  if (e.reservedMask) items.push(note(`Bits ${fmt(e.reservedMask)} are reserved`));
  return { doc: [`${e.name}${planned(e.status)}: ${e.doc}`], items };
}

/** Offsets and sizes of a big-endian struct: a C struct would have the host's byte order. */
function layoutGroup(s: StructDef): MacroGroup {
  const stem = structStem(s.name);
  const items = [define(`${stem}_SIZE`, s.size, "dec", `Bytes of ${s.name}`)];
  for (const f of s.fields) {
    const field = `${stem}_${cIdent(f.name)}`;
    items.push(define(`${field}_OFFSET`, f.offset, "hex2", f.doc ?? `Offset of ${f.name}`), define(`${field}_SIZE`, f.size, "dec", `Bytes of ${f.name} (${f.type})`));
  }
  return { doc: [`${s.name}: ${s.doc}`, `Byte order ${s.byteOrder}: read each field at its offset (no C struct, whose byte order would be the host's).`], items };
}

function domainEnums(m: Model, domain: Domain): EnumDef[] {
  return m.enums.filter((e) => e.domain === domain);
}

function domainStructs(m: Model, domain: Domain): { layouts: MacroGroup[]; typedefs: StructDef[] } {
  const ss = m.structs.filter((s) => s.domain === domain);
  return { layouts: ss.filter((s) => s.byteOrder === "big").map(layoutGroup), typedefs: ss.filter((s) => s.byteOrder !== "big") };
}

/** Constants, enums and big-endian layouts of a domain, in spec order. */
function domainGroups(m: Model, domain: Domain): MacroGroup[] {
  return [...constantsGroup(m, domain), ...domainEnums(m, domain).map(enumGroup), ...domainStructs(m, domain).layouts];
}

function svcModule(m: Model, name: string): SvcModule {
  const mod = m.svc.modules.find((x) => x.name === name);
  if (!mod) throw new Error(`no SVC module named ${name}`);
  return mod;
}

function constantValue(m: Model, domain: Domain, name: string): number {
  const c = m.constants.find((x) => x.domain === domain && x.name === name);
  if (!c || typeof c.value !== "number") throw new Error(`the C headers need the numeric ${domain} constant ${name}`);
  return c.value;
}

/**
 * Every HSX_MBX_* macro of hsx_mailbox.h, in header order: the original header's names
 * (constants with explicit C names, the mailbox SVC function ids, the mailbox enums) plus
 * the new items. The Python emitter mirrors exactly this list.
 */
export function mailboxMacroGroups(m: Model): MacroGroup[] {
  const mod = svcModule(m, m.mailbox.svcModule);
  const fns: MacroGroup = {
    doc: [`SVC function numbers of the mailbox module ${mod.name} (${hexN(mod.number)}).`],
    items: mod.functions.map((fn) => define(`HSX_MBX_FN_${cIdent(fn.name)}`, fn.number, "hex2", `${fn.doc}${planned(fn.status)}`)),
  };
  const [consts, ...rest] = [...constantsGroup(m, "mailbox"), ...domainEnums(m, "mailbox").map(enumGroup), ...domainStructs(m, "mailbox").layouts];
  return consts ? [consts, fns, ...rest] : [fns, ...rest];
}

/** Wire name of a value of an enum whose values have one (conf_feature: "zero_copy"), or null. */
function wireLookup(e: EnumDef): LookupView | null {
  const live = e.values.filter((v) => !v.reserved);
  if (!live.length || live.some((v) => v.wire === null)) return null;
  return {
    doc: cCommentText(`Wire name of a ${e.name} value (the string the protocol carries), or NULL when it names none.`),
    fn: `hsx_${cLowerIdent(e.name)}_wire`,
    param: "uint32_t",
    arg: "v",
    cases: live.map((v) => ({ value: cInt(v.value, e.cFormat), str: cString(v.wire!) })),
  };
}

function enumLookup(e: EnumDef): LookupView {
  return {
    doc: cCommentText(`Name of a ${e.name} value, or NULL when it names none.`),
    fn: `hsx_${cLowerIdent(e.name)}_name`,
    param: "uint32_t",
    arg: "v",
    cases: e.values.filter((v) => !v.reserved).map((v) => ({ value: cInt(v.value, e.cFormat), str: cString(v.name) })),
  };
}

/** X-macro list name of an enum. Mailbox enums take HSX_MAILBOX_ so that no list is an HSX_MBX_ macro. */
function enumListName(e: EnumDef): string {
  const name = `HSX_${cIdent(e.name)}_LIST`;
  return name.startsWith("HSX_MBX_") ? `HSX_MAILBOX_${name.slice("HSX_MBX_".length)}` : name;
}

// ---- headers ----

/** What the ABI check must verify about one X-macro list. */
interface ListCheck {
  list: string;
  params: string;
  count: number;
  /** Condition over the params that each entry must satisfy, or null when there is none to paste. */
  cond: string | null;
  /** Params pasted into a unique enumerator name for the entry. */
  key: string;
}

/** An X-macro list: how the header prints it and what the ABI check verifies about it. */
interface XList {
  view: ListView;
  check: ListCheck;
}

function xlist(name: string, params: string, doc: string, entries: readonly string[], cond: string | null = null, key = "name"): XList {
  return { view: listView(`${name}(X)`, [doc], entries), check: { list: name, params, count: entries.length, cond, key } };
}

interface Header {
  file: string;
  view: Record<string, unknown>;
  groups: MacroGroup[];
  typedefs: StructDef[];
  lists: ListCheck[];
}

function base(ctx: EmitContext, file: string, doc: readonly string[]): { stamp: string; guard: string; docLines: string[] } {
  return { stamp: comment.block(ctx.stamp).trimEnd(), guard: cIdent(file), docLines: cBlock([`${file}: ${doc[0]}`, ...doc.slice(1)]) };
}

interface Parts {
  groups: MacroGroup[];
  typedefs?: StructDef[];
  lists?: XList[];
  lookups?: LookupView[];
  /** Further view fields a template needs. */
  extra?: Record<string, unknown>;
  /** Whether hex literals above INT_MAX get a `u` suffix (not in hsx_mailbox.h). */
  suffix?: boolean;
}

/** A header's view (every template sees groups, typedefs, lists and lookups) and its checks. */
function header(ctx: EmitContext, file: string, doc: readonly string[], parts: Parts): Header {
  const { groups, typedefs = [], lists = [], lookups = [], extra = {}, suffix = true } = parts;
  const view = { ...base(ctx, file, doc), groups: groups.map((g) => groupView(g, suffix)), typedefs: typedefs.map(typedefView), lists: lists.map((l) => l.view), lookups, ...extra };
  return { file, view, groups, typedefs, lists: lists.map((l) => l.check) };
}

function mailboxHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  return header(
    ctx,
    "hsx_mailbox.h",
    [
      "mailbox IPC constants, SVC function ids, statuses, namespaces, modes, flags and structs.",
      'A drop-in for the HSX prototype\'s include/hsx_mailbox.h, whose Python loader scrapes every line starting "#define HSX_MBX_": each such line holds a plain decimal, hex (no suffix) or string literal, so this file has no expressions, conditionals or X-macros (rule mailbox.rule.HEADER_DROP_IN). Lists, lookups and profile selection live in hsx_tables.h and hsx_profiles.h.',
    ],
    { groups: mailboxMacroGroups(m), typedefs: domainStructs(m, "mailbox").typedefs, suffix: false },
  );
}

function isaHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  const isa = m.isa;
  const field = (name: string) => `HSX_INSN_${cIdent(name)}`;
  const insn: MacroGroup = {
    doc: [`Instruction word fields (${isa.word.bits}-bit ${isa.word.byteOrder}-endian word): field = (word >> SHIFT) & MASK.`],
    items: isa.word.fields.flatMap((w) => {
      const what = `${w.doc}, bits ${w.msb}..${w.lsb}`;
      return [define(`${field(w.name)}_SHIFT`, w.shift, "dec", what), define(`${field(w.name)}_MASK`, w.mask, "hex", what), define(`${field(w.name)}_WIDTH`, w.width, "dec", what)];
    }),
  };
  const getters: MacroGroup = {
    doc: ["Field extraction from an instruction word."],
    items: isa.word.fields.map((w) => expr(`${field(w.name)}(w)`, `(((uint32_t)(w) >> ${field(w.name)}_SHIFT) & ${field(w.name)}_MASK)`, `The ${w.name} field of instruction word w`)),
  };
  const reserved = isa.reservedOpcodes.map((r) => (r.from === r.to ? hexN(r.from, 2) : `${hexN(r.from, 2)}-${hexN(r.to, 2)}`)).join(", ");
  const ops: MacroGroup = {
    doc: ["Opcodes (the op field). Every other byte value is reserved and faults ILLEGAL."],
    items: [...isa.opcodes.map((o) => define(`HSX_OP_${cIdent(o.mnemonic)}`, o.value, "hex2", `${o.form}: ${o.doc}`)), note(`Reserved opcodes: ${reserved}`)],
  };
  const opList = xlist(
    "HSX_OPCODE_LIST",
    "name, value, form",
    "Every opcode as X(MNEMONIC, value, form); form is the encoding form's name as a bare token.",
    isa.opcodes.map((o) => `X(${cIdent(o.mnemonic)}, ${hexN(o.value, 2)}, ${cLowerIdent(o.form)})`),
    "HSX_OP_##name == (value)",
  );
  const lookup: LookupView = {
    doc: "Mnemonic of an opcode byte, or NULL for a reserved byte.",
    fn: "hsx_opcode_name",
    param: "unsigned",
    arg: "op",
    cases: isa.opcodes.map((o) => ({ value: hexN(o.value, 2), str: cString(o.mnemonic) })),
  };
  return header(ctx, "hsx_isa.h", ["MiniVM instruction set: word fields, opcodes, PSW flags, VM errors, stop reasons and memory constants."], {
    groups: [...constantsGroup(m, "isa"), insn, getters, ops, ...domainEnums(m, "isa").map(enumGroup), ...domainStructs(m, "isa").layouts],
    typedefs: domainStructs(m, "isa").typedefs,
    lists: [opList],
    lookups: [lookup],
  });
}

function svcHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  const svc = m.svc;
  const reserved = svc.reservedModules.map((r) => (r.from === r.to ? hexN(r.from) : `${hexN(r.from)}-${hexN(r.to)}`)).join(", ");
  const modules: MacroGroup = {
    doc: ["SVC module numbers (imm12 bits 11..8). Calls to other modules answer HSX_ERR_ENOSYS."],
    items: [...svc.modules.map((x) => define(x.c, x.number, "hex", `${x.doc}${planned(x.status)}`)), note(`Reserved modules: ${reserved}`)],
  };
  const fns = svc.modules.map(
    (mod): MacroGroup => ({
      doc: [`Functions of module ${mod.name} (${hexN(mod.number)})${planned(mod.status)}: ${mod.doc}`],
      items: mod.functions.map((fn) => define(`HSX_SVC_${cIdent(mod.name)}_${cIdent(fn.name)}`, fn.number, "hex2", `${fn.doc}${planned(fn.status)}`)),
    }),
  );
  const shift = constantValue(m, "isa", "SVC_MOD_SHIFT");
  const modMask = cInt(constantValue(m, "isa", "SVC_MOD_MASK"), "hex");
  const fnMask = cInt(constantValue(m, "isa", "SVC_FN_MASK"), "hex");
  const imm: MacroGroup = {
    doc: [`SVC immediate: module in bits ${shift + 3}..${shift}, function in bits ${shift - 1}..0 (args in ${svc.convention.args.join(", ")}, result in ${svc.convention.result}).`],
    items: [expr("HSX_SVC_IMM(mod, fn)", `((((mod) & ${modMask}) << ${shift}) | ((fn) & ${fnMask}))`, "The 12-bit SVC immediate naming module mod, function fn")],
  };
  const lists = [
    xlist("HSX_SVC_MODULE_LIST", "name, value", "Every module as X(NAME, number).", svc.modules.map((x) => `X(${cIdent(x.name)}, ${hexN(x.number)})`)),
    xlist(
      "HSX_SVC_FUNCTION_LIST",
      "mod, fn, modnum, fnnum",
      "Every function as X(MODULE, FUNCTION, module number, function number).",
      svc.modules.flatMap((mod) => mod.functions.map((fn) => `X(${cIdent(mod.name)}, ${cIdent(fn.name)}, ${hexN(mod.number)}, ${hexN(fn.number, 2)})`)),
      "HSX_SVC_##mod##_##fn == (fnnum)",
      "mod##_##fn",
    ),
  ];
  return header(ctx, "hsx_svc.h", ["SVC modules, function numbers, the immediate encoding and service statuses."], {
    groups: [modules, ...fns, imm, ...domainGroups(m, "svc")],
    typedefs: domainStructs(m, "svc").typedefs,
    lists,
  });
}

function hxeHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  const crc = m.hxe.crc;
  const crcGroup: MacroGroup = {
    doc: [`Image CRC: ${crc.name}.`, `Span: ${crc.span}`],
    items: [
      define("HSX_HXE_CRC_POLY_REFLECTED", crc.polyReflected, "hex8", "Polynomial, reflected form"),
      define("HSX_HXE_CRC_POLY_NORMAL", crc.polyNormal, "hex8", "Polynomial, normal form"),
      define("HSX_HXE_CRC_INIT", crc.init, "hex8", "Initial value"),
      define("HSX_HXE_CRC_XOROUT", crc.xorout, "hex8", "Final XOR"),
      define("HSX_HXE_CRC_CHECK_INPUT", crc.check.input, "dec", "Check input"),
      define("HSX_HXE_CRC_CHECK_VALUE", crc.check.value, "hex8", "CRC of the check input"),
    ],
  };
  const tokens = m.hxe.mailboxDocument.modeTokens.flatMap((t) => t.tokens.map((tok) => `X(${cString(tok)}, ${hexN(t.value, 2)})`));
  return header(ctx, "hsx_hxe.h", ["HXE image format: constants, flags, section types, declaration flags, loader errors in check order, CRC parameters and big-endian layouts."], {
    groups: [...domainGroups(m, "hxe"), crcGroup],
    typedefs: domainStructs(m, "hxe").typedefs,
    lists: [xlist("HSX_HXE_MAILBOX_MODE_TOKEN_LIST", "name, value", 'Mode names a .mailbox document may use (case-insensitive) as X("NAME", mode bits).', tokens)],
  });
}

function execHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  const t = m.executive.transitions;
  const entries = [...t.initial.map((s) => `X(NONE, ${cIdent(s)})`), ...Object.entries(t.allowed).flatMap(([from, tos]) => tos.map((to) => `X(${cIdent(from)}, ${cIdent(to)})`))];
  const doc = "Every allowed task-state transition as X(FROM, TO), state names without HSX_TASK_; FROM = NONE marks a state a task may first be seen in. Any other transition is refused.";
  return header(ctx, "hsx_exec.h", ["executive constants, task states and reasons, switch reasons, counters, load errors and allowed transitions."], {
    groups: domainGroups(m, "executive"),
    typedefs: domainStructs(m, "executive").typedefs,
    lists: [xlist("HSX_TASK_TRANSITION_LIST", "from, to", doc, entries)],
  });
}

/**
 * One X-macro list per string field of an event with an `enum: [...]` list (mailbox_overrun's
 * reason, mailbox_backpressure's policy, the op of the wait events, ...), in spec order, so an
 * implementation can build its C enum and its wire-name table from the spec.
 */
function eventStringEnumLists(m: Model): XList[] {
  return m.events.events.flatMap((e) =>
    e.fields
      .filter((f) => f.type === "string" && f.enum !== null && f.enum.length > 0)
      .map((f) =>
        xlist(
          `HSX_EVENT_${cIdent(e.name)}_${cIdent(f.name)}_LIST`,
          "name, wire",
          `The values of ${e.name}.${f.name} as X(NAME, "wire"), in spec order (an enum built from the list numbers them 0, 1, ...); "wire" is the string the event carries.`,
          f.enum!.map((v) => `X(${cIdent(v)}, ${cString(v)})`),
          // Unique NAMEs (one enumerator each) and non-empty wire strings.
          "sizeof(wire) > 1",
        ),
      ),
  );
}

function eventsHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  const evs = m.events.events;
  const ids: MacroGroup = { doc: ["Event type ids."], items: evs.map((e) => define(`HSX_EVENT_${cIdent(e.name)}`, e.number, "dec", `${e.doc}${planned(e.status)}`)) };
  return header(ctx, "hsx_events.h", ["event types published by the executive, and the values of their string enum fields."], {
    groups: [ids, ...domainGroups(m, "events")],
    typedefs: domainStructs(m, "events").typedefs,
    lists: [xlist("HSX_EVENT_LIST", "name, id", "Every event type as X(name, id); #name is the type string events carry.", evs.map((e) => `X(${e.name}, ${e.number})`)), ...eventStringEnumLists(m)],
  });
}

function conformanceHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  const protocol: MacroGroup = {
    doc: ["The adapter protocol of spec/conformance.yaml."],
    items: [define("HSX_CONF_PROTOCOL_VERSION", m.conformance.protocol.version, "dec", "Protocol version an adapter states in its hello reply")],
  };
  return header(ctx, "hsx_conformance.h", ["the adapter protocol version, conformance levels, vector results and optional features, for C adapters of the certification protocol."], {
    groups: [protocol, ...domainGroups(m, "conformance")],
    typedefs: domainStructs(m, "conformance").typedefs,
  });
}

/** Everything the selected profile gets as HSX_PROFILE_<X>, mapped from HSX_PROFILE_<P>_<X>. */
function profileKeys(m: Model): { key: string; value: (p: Model["profiles"]["profiles"][number]) => number | string; doc: string }[] {
  const pr = m.profiles;
  return [
    { key: "NAME", value: (p) => p.name, doc: "Profile name" },
    ...pr.limits.map((l) => ({ key: cIdent(l.name), value: (p: (typeof pr.profiles)[number]) => p.limits[l.name]!, doc: `${l.doc} (${l.unit}${l.zeroMeans ? `; 0 = ${l.zeroMeans}` : ""})` })),
    ...pr.costs.map((c) => ({ key: cIdent(c.name), value: (p: (typeof pr.profiles)[number]) => p.costs[c.name]!, doc: `Cost: ${c.doc}` })),
    { key: "BUDGET_METADATA_BYTES", value: (p) => p.budget.metadataBytes, doc: "Budget for static metadata" },
    { key: "BUDGET_SRAM_BYTES", value: (p) => p.budget.sramBytes, doc: "SRAM budget" },
    { key: "FOOTPRINT_METADATA_BYTES", value: (p) => p.footprint.metadataBytes, doc: "Metadata by the footprint formula" },
    { key: "FOOTPRINT_RING_BYTES", value: (p) => p.footprint.ringBytes, doc: "Rings by the footprint formula" },
    { key: "FOOTPRINT_NAME_BYTES", value: (p) => p.footprint.nameBytes, doc: "Name pool by the footprint formula" },
    { key: "FOOTPRINT_TOTAL_BYTES", value: (p) => p.footprint.totalBytes, doc: "Total by the footprint formula" },
  ];
}

/** The footprint formula over the selected profile's macros, as expressions. */
function footprintGroup(m: Model): MacroGroup {
  const pr = m.profiles;
  const known = new Set([...pr.limits.map((l) => l.name), ...pr.costs.map((c) => c.name)]);
  const term = (name: string) => {
    if (!known.has(name)) throw new Error(`footprint term ${name} is neither a limit nor a cost`);
    return `HSX_PROFILE_${cIdent(name)}`;
  };
  // The cast makes each product unsigned long, so no profile's numbers overflow an int.
  const sum = (terms: readonly { count: string; each: string }[]) => `(${terms.map((t) => `(unsigned long)${term(t.count)} * ${term(t.each)}`).join(" + ") || "0ul"})`;
  return {
    doc: ["Footprint of the selected profile by the spec's formula (unsigned long).", pr.footprint.doc],
    items: [
      expr("HSX_PROFILE_METADATA_BYTES", sum(pr.footprint.metadata), "Static metadata"),
      expr("HSX_PROFILE_RING_BYTES", sum(pr.footprint.rings), "Rings when statically sized"),
      expr("HSX_PROFILE_TOTAL_BYTES", `(HSX_PROFILE_METADATA_BYTES + HSX_PROFILE_RING_BYTES + ${term(pr.footprint.names)})`, "Metadata, rings and name pool"),
    ],
  };
}

function profilesHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  const pr = m.profiles;
  const keys = profileKeys(m);
  const perProfile = pr.profiles.map(
    (p): MacroGroup => ({
      doc: [`Profile ${p.name}: ${p.doc}`],
      items: keys.map((k) => {
        const v = k.value(p);
        if (v === undefined) throw new Error(`profile ${p.name} has no ${k.key}`);
        return define(`HSX_PROFILE_${cIdent(p.c)}_${k.key}`, v, "dec", k.doc);
      }),
    }),
  );
  const def = pr.profiles.find((p) => p.name === pr.defaultProfile);
  if (!def) throw new Error(`default_profile ${pr.defaultProfile} names no profile`);
  const selectors = pr.profiles.map((p) => `HSX_PROFILE_${cIdent(p.c)}`);
  const selections = pr.profiles.map((p, i) => {
    const c = cIdent(p.c);
    const g = groupView({ doc: [], items: keys.map((k) => expr(`HSX_PROFILE_${k.key}`, `HSX_PROFILE_${c}_${k.key}`, "")) });
    return { directive: i === 0 ? "#if" : "#elif", c, rows: g.rows };
  });
  const doc = [
    "resource profiles: every limit, cost, budget and footprint per profile, and the selected profile.",
    `Select a profile by defining exactly one of ${selectors.join(", ")} before including this file; with none, ${pr.defaultProfile} (the spec's default_profile) is used. The selection is visible as HSX_PROFILE_SELECTED_<NAME>, and its values as HSX_PROFILE_<LIMIT>.`,
  ];
  const formula = footprintGroup(m);
  const h = header(ctx, "hsx_profiles.h", doc, {
    groups: [...domainGroups(m, "profiles"), ...perProfile],
    extra: {
      selectorCount: selectors.map((x) => `defined(${x})`).join(" + "),
      selectorNames: selectors.join(", "),
      choices: pr.profiles.map((p, i) => ({ directive: i === 0 ? "#if" : "#elif", c: cIdent(p.c) })),
      defaultC: cIdent(def.c),
      defaultName: def.name,
      selections,
      formula: groupView(formula),
    },
  });
  return { ...h, groups: [...domainGroups(m, "profiles"), ...perProfile, formula] };
}

function tablesHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  const lists = m.enums.map((e) => {
    const live = e.values.filter((v) => !v.reserved);
    const doc = `${e.name}: every value as X(NAME, value); NAME without ${e.cPrefix}.`;
    return xlist(enumListName(e), "name, value", doc, live.map((v) => `X(${cIdent(v.name)}, ${cInt(v.value, e.cFormat)})`), `${e.cPrefix}##name == (value)`);
  });
  return header(ctx, "hsx_tables.h", ["X-macro lists of every enum, name lookups, and wire-name lookups of the enums the protocol carries as strings, for building tables without copying values by hand."], {
    groups: [],
    lists,
    lookups: [...m.enums.map(enumLookup), ...m.enums.flatMap((e) => wireLookup(e) ?? [])],
  });
}

function specHeader(ctx: EmitContext): Header {
  const m = ctx.spec.model;
  const ver = /^(\d+)\.(\d+)\.(\d+)/.exec(m.version);
  if (!ver) throw new Error(`spec version ${m.version} is not semver`);
  const group: MacroGroup = {
    doc: ["Identity of the spec these headers were generated from."],
    items: [
      define("HSX_SPEC_NAME", m.name, "dec", "Spec name"),
      define("HSX_SPEC_VERSION", m.version, "dec", "Spec version (semver)"),
      define("HSX_SPEC_VERSION_MAJOR", Number(ver[1]), "dec", "Major version"),
      define("HSX_SPEC_VERSION_MINOR", Number(ver[2]), "dec", "Minor version"),
      define("HSX_SPEC_VERSION_PATCH", Number(ver[3]), "dec", "Patch version"),
      define("HSX_SPEC_HASH", ctx.spec.hash, "dec", "sha256 of the spec's canonical model"),
    ],
  };
  return header(ctx, "hsx_spec.h", ["spec name, version and hash."], { groups: [group] });
}

// ---- ABI check ----

function selectedAsserts(m: Model): { c: string; asserts: Assert[] }[] {
  const keys = profileKeys(m);
  return m.profiles.profiles.map((p) => {
    const asserts = keys.map((k): Assert => valueAssert(`HSX_PROFILE_${k.key}`, k.value(p)));
    const fp = p.footprint;
    asserts.push(
      { cond: `HSX_PROFILE_METADATA_BYTES == ${fp.metadataBytes}ul`, msg: cString(`${p.name}: metadata formula == ${fp.metadataBytes}`) },
      { cond: `HSX_PROFILE_RING_BYTES == ${fp.ringBytes}ul`, msg: cString(`${p.name}: ring formula == ${fp.ringBytes}`) },
      { cond: `HSX_PROFILE_TOTAL_BYTES == ${fp.totalBytes}ul`, msg: cString(`${p.name}: total formula == ${fp.totalBytes}`) },
      { cond: "HSX_PROFILE_METADATA_BYTES <= (unsigned long)HSX_PROFILE_BUDGET_METADATA_BYTES", msg: cString(`${p.name}: metadata within budget`) },
      { cond: "HSX_PROFILE_TOTAL_BYTES <= (unsigned long)HSX_PROFILE_BUDGET_SRAM_BYTES", msg: cString(`${p.name}: total within the SRAM budget`) },
    );
    return { c: cIdent(p.c), asserts };
  });
}

function abiCheck(ctx: EmitContext, headers: readonly Header[]): { path: string; view: Record<string, unknown> } {
  const m = ctx.spec.model;
  const sections = headers
    .map((h) => ({ file: h.file, asserts: [...defineAsserts(h.groups), ...h.typedefs.flatMap(structAsserts)] }))
    .filter((s) => s.asserts.length);
  const lists = headers.flatMap((h) => h.lists);
  const arities = [...new Set(lists.map((l) => l.params.split(",").length))].sort((a, b) => a - b);
  const view = {
    ...base(ctx, "hsx_abi_check.c", [
      "compile-time checks that the generated headers carry the spec's values and layouts.",
      "Compiles to nothing; any mismatch is a compile error. Build it as C99, C11 or C++11 with every warning enabled, once per profile define.",
    ]),
    includes: headers.map((h) => h.file),
    sections,
    profiles: selectedAsserts(m),
    counters: arities.map((n) => ({ name: `HSX_CHECK_COUNT${n}`, params: Array.from({ length: n }, (_, i) => `a${i}`).join(", ") })),
    counts: lists.map((l) => ({ list: l.list, count: l.count, counter: `HSX_CHECK_COUNT${l.params.split(",").length}` })),
    entries: lists.filter((l) => l.cond !== null).map((l) => ({ list: l.list, params: l.params, cond: l.cond!, key: l.key, tag: `hsx_check_${cLowerIdent(l.list.replace(/^HSX_/, ""))}` })),
  };
  return { path: "hsx_abi_check.c", view };
}

// ---- rendering ----

const PARTIALS = ["c_group", "c_list", "c_typedef", "c_lookup"] as const;

type Render = (template: string, view: Record<string, unknown>) => string;

/** A handlebars instance of our own (no global helpers), strict so a missing view field throws. */
function renderer(): Render {
  const hb = Handlebars.create();
  const options = { noEscape: true, strict: true };
  const load = (name: string) => readFileSync(join(TEMPLATE_DIR, `${name}.hbs`), "utf8");
  for (const p of PARTIALS) hb.registerPartial(p, hb.compile(load(`_${p}`), options));
  return (template, view) => hb.compile(load(template), options)(view);
}

/** Domains whose constants, enums and structs some header prints (via domainGroups or its own groups). */
const COVERED_DOMAINS: readonly Domain[] = ["isa", "svc", "mailbox", "events", "executive", "conformance", "profiles", "hxe"];

/** A new domain must get a header: otherwise its macros would be missing and hsx_tables.h's checks would not compile. */
function assertCovered(m: Model): void {
  for (const item of [...m.constants, ...m.enums, ...m.structs]) {
    if (!COVERED_DOMAINS.includes(item.domain)) throw new Error(`c-headers: ${item.name} is in domain ${item.domain}, which no C header prints; add a header for it`);
  }
}

/** Fail generation rather than emit a hsx_mailbox.h the prototype's scraper would reject. */
function assertScrapable(text: string): void {
  for (const line of text.split("\n")) {
    if (!line.startsWith("#define HSX_MBX_")) continue;
    const body = line.replace(/\/\*.*?\*\//g, "").replace(/\/\/.*$/, "").trim();
    const value = body.split(/\s+/).slice(2).join(" ");
    if (!/^(\d+|0x[0-9A-Fa-f]+|"[\x20-\x7e]*")$/.test(value) || /^"(.*[\\"].*)"$/.test(value)) throw new Error(`hsx_mailbox.h: the prototype cannot scrape: ${line}`);
  }
}

/** One name, one header: an identical redefinition in two headers would hide a mistake. */
function assertUniqueMacros(files: readonly GeneratedFile[]): void {
  const owner = new Map<string, string>();
  for (const f of files) {
    for (const name of new Set([...f.content.matchAll(/^#define\s+([A-Za-z_]\w*)/gm)].map((x) => x[1]!))) {
      const prior = owner.get(name);
      if (prior && prior !== f.path) throw new Error(`macro ${name} is defined in both ${prior} and ${f.path}`);
      owner.set(name, f.path);
    }
  }
}

/** C headers (hsx_mailbox.h drop-in, ISA, SVC, HXE, executive, events, conformance, profiles, tables, spec, hsx.h) and the static-assert check. */
export const cHeadersEmitter: Emitter = {
  name: "c-headers",
  emit(ctx: EmitContext): GeneratedFile[] {
    const render = renderer();
    assertCovered(ctx.spec.model);
    const headers = [mailboxHeader, isaHeader, svcHeader, hxeHeader, execHeader, eventsHeader, conformanceHeader, profilesHeader, tablesHeader, specHeader].map((h) => h(ctx));
    const files = headers.map((h) => ({ path: `${DIR}/${h.file}`, content: render(h.file, h.view) }));
    const umbrella = { ...base(ctx, "hsx.h", ["every generated HSX header."]), includes: headers.map((h) => h.file) };
    files.push({ path: `${DIR}/hsx.h`, content: render("hsx.h", umbrella) });
    const check = abiCheck(ctx, headers);
    files.push({ path: `${DIR}/${check.path}`, content: render(check.path, check.view) });
    assertScrapable(files.find((f) => f.path === `${DIR}/hsx_mailbox.h`)!.content);
    assertUniqueMacros(files.filter((f) => f.path.endsWith(".h")));
    return files;
  },
};

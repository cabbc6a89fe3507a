import type { Emitter, EmitContext, GeneratedFile } from "../driver/types.js";
import type { Constant, Domain, EnumDef, Model, StructDef } from "../model/types.js";
import { digitsFor, formatNumber, hexN, pascal } from "../print/literal.js";
import type { TsFile } from "../print/ts.js";
import { jsonLiteral, objectLiteral, str } from "../print/ts-literal.js";

const DIR = "generated/ts";

/** Entries of an `as const` object with a doc comment per entry. */
function documented(entries: readonly { key: string; value: string; doc?: string | null }[]): string {
  const lines = entries.map((e) => `${e.doc ? `  /** ${e.doc.replace(/\*\//g, "* /")} */\n` : ""}  ${/^[A-Za-z_$][\w$]*$/.test(e.key) ? e.key : str(e.key)}: ${e.value},`);
  return `{\n${lines.join("\n")}\n}`;
}

function enumDecl(f: TsFile, e: EnumDef): void {
  const name = pascal(e.name);
  const live = e.values.filter((v) => !v.reserved);
  const fmt = e.kind === "flags" || e.width === 32 ? digitsFor(e.width) : "dec";
  f.constant(name, `${documented(live.map((v) => ({ key: v.name, value: formatNumber(v.value, fmt), doc: v.doc })))} as const`, `${e.doc}${e.status === "planned" ? " (planned)" : ""}`);
  f.typeAlias(name, `(typeof ${name})[keyof typeof ${name}]`);
  f.typeAlias(`${name}Name`, `keyof typeof ${name}`);
  f.constant(
    `${e.name.toUpperCase()}_NAMES`,
    objectLiteral(live.map((v) => [formatNumber(v.value, "dec"), str(v.name)] as const)),
    `Name of each ${e.name} value.`,
    `Readonly<Record<number, ${name}Name>>`,
  );
  if (live.every((v) => v.wire !== null)) {
    f.constant(`${name}Wire`, `${objectLiteral(live.map((v) => [v.name, str(v.wire!)] as const))} as const`, `Wire names of ${e.name} (as carried in events).`);
    f.typeAlias(`${name}WireName`, `(typeof ${name}Wire)[keyof typeof ${name}Wire]`);
  }
}

function constantsDecl(f: TsFile, name: string, cs: readonly Constant[], doc: string): void {
  f.constant(
    name,
    `${documented(cs.map((c) => ({ key: c.name, value: typeof c.value === "string" ? str(c.value) : formatNumber(c.value, c.format), doc: c.doc })))} as const`,
    doc,
  );
}

function structDecl(f: TsFile, s: StructDef): void {
  const name = `${pascal(s.name.replace(/^hsx_/, "").replace(/_t$/, ""))}Layout`;
  const fields = objectLiteral(s.fields.map((x) => [x.name, `{ offset: ${x.offset}, size: ${x.size}, type: ${str(x.type)} }`] as const));
  f.constant(name, `{ name: ${str(s.name)}, size: ${s.size}, byteOrder: ${str(s.byteOrder)}, fields: ${fields} } as const`, s.doc);
}

type TsPrint = typeof import("../print/ts.js");

function domainFile(ts: TsPrint, project: ReturnType<TsPrint["tsProject"]>, ctx: EmitContext, domain: Domain, file: string, doc: string): TsFile {
  const m = ctx.spec.model;
  const f = new ts.TsFile(project, `${DIR}/${file}`, ctx.stamp, doc);
  const cs = m.constants.filter((c) => c.domain === domain);
  if (cs.length) constantsDecl(f, domain.toUpperCase(), cs, `Constants of spec/${domain}.yaml.`);
  for (const e of m.enums.filter((x) => x.domain === domain)) enumDecl(f, e);
  for (const s of m.structs.filter((x) => x.domain === domain)) structDecl(f, s);
  return f;
}

function isaExtras(f: TsFile, m: Model): void {
  const isa = m.isa;
  f.constant(
    "INSN_FIELDS",
    `${objectLiteral(isa.word.fields.map((w) => [w.name, `{ shift: ${w.shift}, mask: ${hexN(w.mask)}, width: ${w.width} }`] as const))} as const`,
    "Instruction word fields: value = (word >>> shift) & mask.",
  );
  f.typeAlias("FormName", isa.forms.map((x) => str(x.name)).join(" | "));
  f.typeAlias("FlagWrite", `"result" | "carry" | "no_borrow" | "overflow" | "high_nonzero" | "clear" | "shift_out"`);
  f.iface(
    "FormInfo",
    [
      { name: "name", type: "FormName" },
      { name: "fields", type: "readonly string[]" },
      { name: "imm", type: `"signed" | "unsigned" | null` },
      { name: "ext", type: "boolean", doc: "Carries an extension word" },
      { name: "syntax", type: "string" },
    ],
    "An encoding form: which fields an instruction uses and how its assembly looks.",
  );
  f.constant(
    "FORMS",
    objectLiteral(isa.forms.map((x) => [x.name, jsonLiteral({ name: x.name, fields: x.fields, imm: x.imm, ext: x.ext, syntax: x.syntax })] as const)),
    "Encoding forms by name.",
    "Readonly<Record<FormName, FormInfo>>",
  );
  f.constant("Op", `${documented(isa.opcodes.map((o) => ({ key: o.mnemonic, value: hexN(o.value, 2), doc: o.doc })))} as const`, "Opcode values by mnemonic.");
  f.typeAlias("Op", "(typeof Op)[keyof typeof Op]");
  f.typeAlias("Mnemonic", "keyof typeof Op");
  f.iface(
    "OpcodeInfo",
    [
      { name: "value", type: "number" },
      { name: "mnemonic", type: "Mnemonic" },
      { name: "form", type: "FormName" },
      { name: "flags", type: `Readonly<Partial<Record<PswFlagName, FlagWrite>>>`, doc: "Flags written and how; absent flags are unchanged" },
      { name: "faults", type: "readonly VmErrorName[]" },
      { name: "doc", type: "string" },
    ],
    "One instruction of the ISA.",
  );
  f.constant(
    "OPCODES",
    `[\n${isa.opcodes.map((o) => `  ${jsonLiteral({ value: o.value, mnemonic: o.mnemonic, form: o.form, flags: o.flags, faults: o.faults, doc: o.doc })},`).join("\n")}\n]`,
    "Every defined opcode, sorted by value.",
    "readonly OpcodeInfo[]",
  );
  const table: string[] = [];
  for (let v = 0; v < 256; v++) {
    const i = isa.opcodes.findIndex((o) => o.value === v);
    table.push(i < 0 ? "-1" : String(i));
  }
  f.constant("OPCODE_INDEX", `[${table.join(", ")}]`, "Index into OPCODES for each opcode byte; -1 for a reserved (illegal) byte.", "readonly number[]");
  f.constant("RESERVED_OPCODES", jsonLiteral(isa.reservedOpcodes.map((r) => ({ from: r.from, to: r.to }))), "Reserved opcode ranges (inclusive).", "readonly { from: number; to: number }[]");
}

function svcExtras(f: TsFile, m: Model): void {
  f.constant("SvcModule", `${documented(m.svc.modules.map((x) => ({ key: x.name, value: hexN(x.number), doc: x.doc })))} as const`, "SVC module numbers.");
  f.typeAlias("SvcModule", "(typeof SvcModule)[keyof typeof SvcModule]");
  f.typeAlias("SvcModuleName", "keyof typeof SvcModule");
  f.constant(
    "SvcFn",
    `${objectLiteral(m.svc.modules.map((x) => [x.name, documented(x.functions.map((fn) => ({ key: fn.name, value: hexN(fn.number, 2), doc: fn.doc })))] as const))} as const`,
    "SVC function numbers per module.",
  );
  f.iface("SvcReg", [
    { name: "reg", type: "string" },
    { name: "name", type: "string" },
    { name: "type", type: "string" },
  ]);
  f.iface("SvcFunctionInfo", [
    { name: "module", type: "SvcModuleName" },
    { name: "number", type: "number" },
    { name: "name", type: "string" },
    { name: "status", type: `"implemented" | "planned"` },
    { name: "in", type: "readonly SvcReg[]" },
    { name: "out", type: "readonly SvcReg[]" },
  ]);
  const fns = m.svc.modules.flatMap((mod) =>
    mod.functions.map((fn) =>
      jsonLiteral({
        module: mod.name,
        number: fn.number,
        name: fn.name,
        status: fn.status,
        in: fn.in.map((r) => ({ reg: r.reg, name: r.name, type: r.type })),
        out: fn.out.map((r) => ({ reg: r.reg, name: r.name, type: r.type })),
      }),
    ),
  );
  f.constant("SVC_FUNCTIONS", `[\n${fns.map((x) => `  ${x},`).join("\n")}\n]`, "Every SVC function with its register convention.", "readonly SvcFunctionInfo[]");
  f.constant("SVC_MODULE_STATUS", `${objectLiteral(m.svc.modules.map((x) => [x.name, str(x.status)] as const))} as const`, "Whether each module is implemented or planned.");
  f.constant("SVC_ARGS", jsonLiteral(m.svc.convention.args), "Argument registers, in order.", "readonly string[]");
  f.constant("SVC_RESULT", str(m.svc.convention.result), "Result register.");
}

function mailboxExtras(f: TsFile, m: Model): void {
  const mod = m.svc.modules.find((x) => x.name === m.mailbox.svcModule)!;
  f.constant("MbxFn", `${documented(mod.functions.map((fn) => ({ key: fn.name, value: hexN(fn.number, 2), doc: fn.doc })))} as const`, "Mailbox SVC function numbers.");
  f.typeAlias("MbxFn", "(typeof MbxFn)[keyof typeof MbxFn]");
}

function eventsExtras(f: TsFile, m: Model): void {
  const evs = m.events.events;
  f.constant("EVENT_TYPES", `${jsonLiteral(evs.map((e) => e.name))} as const`, "Every event type, by id.");
  f.typeAlias("EventTypeName", "(typeof EVENT_TYPES)[number]");
  f.constant(
    "EVENT_INFO",
    objectLiteral(evs.map((e) => [e.name, jsonLiteral({ id: e.number, status: e.status, fields: e.fields.map((x) => x.name) })] as const)),
    "Id, status and data field names of each event type.",
    `Readonly<Record<EventTypeName, { readonly id: number; readonly status: "implemented" | "planned"; readonly fields: readonly string[] }>>`,
  );
}

function executiveExtras(f: TsFile, m: Model): void {
  const t = m.executive.transitions;
  f.constant("INITIAL_TASK_STATES", jsonLiteral(t.initial), "States a task may be first seen in.", "readonly TaskStateName[]");
  f.constant(
    "TASK_TRANSITIONS",
    objectLiteral(Object.entries(t.allowed).map(([from, tos]) => [from, jsonLiteral(tos)] as const)),
    "Allowed task-state transitions: from -> allowed targets.",
    "Readonly<Record<TaskStateName, readonly TaskStateName[]>>",
  );
}

function profilesExtras(f: TsFile, m: Model): void {
  const p = m.profiles;
  f.typeAlias("ProfileName", p.profiles.map((x) => str(x.name)).join(" | "));
  f.typeAlias("ProfileLimitName", p.limits.map((x) => str(x.name)).join(" | "));
  f.typeAlias("ProfileCostName", p.costs.map((x) => str(x.name)).join(" | "));
  f.iface("ProfileInfo", [
    { name: "name", type: "ProfileName" },
    { name: "limits", type: "Readonly<Record<ProfileLimitName, number>>" },
    { name: "costs", type: "Readonly<Record<ProfileCostName, number>>" },
    { name: "budget", type: "{ readonly metadataBytes: number; readonly sramBytes: number }" },
    { name: "footprint", type: "{ readonly metadataBytes: number; readonly ringBytes: number; readonly nameBytes: number; readonly totalBytes: number }" },
  ]);
  f.constant(
    "PROFILES",
    objectLiteral(p.profiles.map((x) => [x.name, jsonLiteral({ name: x.name, limits: x.limits, costs: x.costs, budget: x.budget, footprint: x.footprint })] as const)),
    "Every resource profile.",
    "Readonly<Record<ProfileName, ProfileInfo>>",
  );
  f.constant("DEFAULT_PROFILE", str(p.defaultProfile), "The profile used unless another is selected.", "ProfileName");
  f.constant("FOOTPRINT_TERMS", `${jsonLiteral({ metadata: p.footprint.metadata, rings: p.footprint.rings, names: p.footprint.names })} as const`, "Footprint formula terms: sum of count * each.");
}

function hxeExtras(f: TsFile, m: Model): void {
  const h = m.hxe;
  f.constant(
    "HXE_CRC",
    `${jsonLiteral({ polyReflected: h.crc.polyReflected, init: h.crc.init, xorout: h.crc.xorout, checkInput: h.crc.check.input, checkValue: h.crc.check.value })} as const`,
    `${h.crc.name}. Span: ${h.crc.span}`,
  );
  const tokens = h.mailboxDocument.modeTokens.flatMap((t) => t.tokens.map((tok) => [tok, hexN(t.value, 2)] as const));
  f.constant("MAILBOX_MODE_TOKENS", `${objectLiteral(tokens)} as const`, "Mode names accepted in a .mailbox document (case-insensitive).", "Readonly<Record<string, number>>");
  const errs = m.enums.find((e) => e.name === "hxe_error")!;
  f.constant("HXE_ERROR_ORDER", jsonLiteral(errs.values.map((v) => v.name)), "Loader errors in check order.", "readonly HxeErrorName[]");
}

function conformanceExtras(f: TsFile, m: Model): void {
  const c = m.conformance;
  f.constant("PROTOCOL_VERSION", String(c.protocol.version), "Version of the adapter protocol.");
  f.constant("OP_LEVEL", `${objectLiteral(c.ops.map((o) => [o.name, str(o.level)] as const))} as const`, "The level of every conformance operation.");
  f.typeAlias("OpName", "keyof typeof OP_LEVEL");
  f.constant("COVERAGE_GATE", `${jsonLiteral(c.coverage.gate)} as const`, "Spec item kinds the coverage gate requires.");
}

/** TypeScript constants, enums and lookup tables for the reference implementation. */
export const tsConstantsEmitter: Emitter = {
  name: "ts-constants",
  worker: true,
  async warm() {
    await import("../print/ts.js");
  },
  async emit(ctx: EmitContext): Promise<GeneratedFile[]> {
    const ts = await import("../print/ts.js");
    const { TsFile } = ts;
    const m = ctx.spec.model;
    const project = ts.tsProject();
    const files: TsFile[] = [];

    const spec = new TsFile(project, `${DIR}/spec.ts`, ctx.stamp, "Identity of the spec these files were generated from.");
    const [major, minor, patch] = m.version.split(".").map(Number);
    spec.constant("SPEC", `${jsonLiteral({ name: m.name, title: m.title, version: m.version, major, minor, patch, hash: ctx.spec.hash })} as const`, "Spec name, version and sha256 of its canonical model.");
    files.push(spec);

    const isa = domainFile(ts, project, ctx, "isa", "isa.ts", "ISA: word layout, opcodes, flags, faults and memory constants.");
    isaExtras(isa, m);
    files.push(isa);

    const svc = domainFile(ts, project, ctx, "svc", "svc.ts", "SVC modules, functions and register conventions.");
    svcExtras(svc, m);
    files.push(svc);

    const mbx = domainFile(ts, project, ctx, "mailbox", "mailbox.ts", "Mailbox constants, statuses, modes, flags and struct layouts.");
    mailboxExtras(mbx, m);
    files.push(mbx);

    const ev = new TsFile(project, `${DIR}/events.ts`, ctx.stamp, "Event types published by the executive.");
    eventsExtras(ev, m);
    files.push(ev);

    const ex = domainFile(ts, project, ctx, "executive", "executive.ts", "Executive constants, task states, transitions, reasons and counters.");
    executiveExtras(ex, m);
    files.push(ex);

    const pr = new TsFile(project, `${DIR}/profiles.ts`, ctx.stamp, "Resource profiles and the footprint formula.");
    profilesExtras(pr, m);
    files.push(pr);

    const hx = domainFile(ts, project, ctx, "hxe", "hxe.ts", "HXE image format: constants, flags, sections, struct layouts and loader errors.");
    hxeExtras(hx, m);
    files.push(hx);

    const cf = domainFile(ts, project, ctx, "conformance", "conformance.ts", "Conformance: adapter protocol version, levels, results, features and operations.");
    conformanceExtras(cf, m);
    files.push(cf);

    // isa.ts refers to PswFlagName and VmErrorName, which it declares itself; others are self-contained.
    const index = new TsFile(project, `${DIR}/index.ts`, ctx.stamp, "Everything generated from the spec for TypeScript.");
    for (const f of files) index.reexport(`./${f.path.slice(DIR.length + 1).replace(/\.ts$/, ".js")}`);

    return [...files, index].map((f) => ({ path: f.path, content: f.text() }));
  },
};

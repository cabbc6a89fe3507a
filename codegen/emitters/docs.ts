import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { Emitter, EmitContext, GeneratedFile } from "../driver/types.js";
import type {
  Constant,
  EnumDef,
  EventDef,
  FieldDef,
  FlagWrite,
  Model,
  Opcode,
  RecordDef,
  Rule,
  StructDef,
  SvcFunction,
  SvcModule,
  Term,
} from "../model/types.js";
import { TEMPLATE_DIR } from "../paths.js";
import { digitsFor, formatNumber, hexN } from "../print/literal.js";
import { block, brokenLinks, code, link, slug, table, text, type MdTable } from "../print/md.js";
import { comment } from "../print/stamp.js";

const OUT_DIR = "generated/docs";
/** Template of the page of a domain that has no page of its own. */
const GENERIC_TEMPLATE = "domain.md";
const TEMPLATES = join(TEMPLATE_DIR, "docs");

/** Every page, in the order the README lists them. */
const PAGES = [
  { file: "README.md", title: "HSX reference", summary: "This index." },
  { file: "abi.md", title: "SVC ABI", summary: "Supervisor-call convention, every module and function with its input and output registers." },
  { file: "status-codes.md", title: "Status codes", summary: "Mailbox, VM, value, command, HXE loader and executive load status codes: value, C macro, meaning." },
  { file: "isa.md", title: "Instruction set", summary: "Instruction word, encoding forms, opcode table and map, PSW flags, fault codes, constants and ISA rules." },
  { file: "mailbox.md", title: "Mailboxes", summary: "Mailbox constants, namespaces, modes, flags, functions, struct layouts, records and semantics." },
  { file: "events.md", title: "Events", summary: "The event envelope and every event type with its fields and an example." },
  { file: "executive.md", title: "Executive", summary: "Task states and transitions, reasons, counters, load errors, constants and executive rules." },
  { file: "profiles.md", title: "Resource profiles", summary: "Every limit, cost and budget per profile, and the footprint formula evaluated per profile." },
  { file: "hxe.md", title: "HXE image format", summary: "Headers, CRC, metadata sections, the .mailbox document and loader errors in check order." },
  { file: "rulings.md", title: "Rulings", summary: "Every ruling with its source and a link to what it decides." },
  { file: "rules.md", title: "Rule index", summary: "Every behavioural rule id by domain, as cited by the reference implementation and the conformance vectors." },
] as const;

/** A page with its own template. Any other page name is the generic page of a domain. */
type PageFile = (typeof PAGES)[number]["file"];

/**
 * Pages of the domains that have one. Keyed by string rather than Domain so that a
 * domain added to the model without a page here still compiles and gets the generic
 * page `<domain>.md` (see domainPage) instead of being dropped.
 */
const DOMAIN_PAGE: Readonly<Record<string, PageFile>> = {
  meta: "rules.md",
  isa: "isa.md",
  svc: "abi.md",
  mailbox: "mailbox.md",
  events: "events.md",
  executive: "executive.md",
  profiles: "profiles.md",
  hxe: "hxe.md",
};

const DOMAIN_TITLE: Readonly<Record<string, string>> = {
  meta: "General",
  isa: "ISA",
  svc: "SVC",
  mailbox: "Mailbox",
  events: "Events",
  executive: "Executive",
  profiles: "Profiles",
  hxe: "HXE",
  conformance: "Conformance",
};

function domainPage(d: string): string {
  return DOMAIN_PAGE[d] ?? `${d}.md`;
}

function domainTitle(d: string): string {
  return DOMAIN_TITLE[d] ?? d.charAt(0).toUpperCase() + d.slice(1);
}

/** Enums documented on status-codes.md (in this order); every other enum lives on its domain's page. */
const STATUS_ENUMS = ["mbx_status", "vm_error", "val_status", "cmd_status", "hxe_error", "load_error"];

/**
 * Section titles for enums. The spec names enums but gives them no title; a missing
 * entry falls back to the bare name, so a new enum is still documented.
 */
const ENUM_TITLES: Record<string, string> = {
  psw_flag: "PSW flags",
  vm_error: "VM error codes",
  vm_stop: "Step results",
  val_status: "Value service statuses",
  cmd_status: "Command service statuses",
  mbx_status: "Mailbox statuses",
  mbx_namespace: "Namespaces and prefixes",
  mbx_mode: "Mode bits",
  mbx_flag: "Message flags",
  task_state: "Task states",
  task_state_reason: "State-change reasons",
  switch_reason: "Switch reasons",
  load_error: "Load errors",
  exec_counter: "Counters",
  hxe_flag: "Header flags",
  hxe_section: "Section types",
  value_flag: "Value flags",
  auth_level: "Authorisation levels",
  command_flag: "Command flags",
  hxe_error: "Loader errors",
};

/**
 * What each flag-write kind of the opcode table means. FlagWrite is a closed union in
 * the model, so this record is checked for completeness by the compiler; the wording
 * restates the opcode docs and rule FLAGS_WRITE.
 */
const FLAG_WRITES: Record<FlagWrite, string> = {
  result: "From the result: Z = (result == 0), N = bit 31 of the result",
  carry: "Carry out of bit 31",
  no_borrow: "Set when the subtraction did not borrow (a >= b, unsigned)",
  overflow: "Signed overflow",
  high_nonzero: "Set when the high 32 bits of the product are not zero",
  clear: "Cleared to 0",
  shift_out: "The last bit shifted out; unchanged when the shift count is 0",
};

/** Fixed section anchors the locator links to; the link check proves each exists. */
const A = {
  generalRules: "general-rules",
  convention: "calling-convention",
  word: "instruction-word",
  forms: "encoding-forms",
  opcodes: "opcodes",
  envelope: "envelope",
  transitions: "transitions",
  profiles: "profiles",
  crc: "crc",
  mailboxDocument: "mailbox-document",
  modeTokens: "mode-tokens",
  constants: "constants",
  hxeTitle: "hxe-image-format",
} as const;

// Illustrative envelope values for the event examples (the spec's examples carry only data).
const EXAMPLE_SEQ = 1;
const EXAMPLE_TS = 250;
const EXAMPLE_PID = 1;

interface Loc {
  page: string;
  anchor: string | null;
}

interface RulingView {
  id: string;
  href: string;
  subject: string | null;
  text: string;
  source: string;
}

interface RuleView {
  heading: string;
  id: string;
  text: string;
  rulings: RulingView[];
}

interface EnumView {
  heading: string;
  doc: string;
  notes: string[];
  table: MdTable;
  reserved: MdTable | null;
  rulings: RulingView[];
}

interface StructView {
  heading: string;
  doc: string;
  summary: string;
  table: MdTable;
}

interface RecordView {
  heading: string;
  doc: string;
  table: MdTable;
}

interface ConstantsView {
  table: MdTable;
  rulings: RulingView[];
}

interface Page {
  stamp: string;
  title: string;
}

/** Plain-text decimal with a KiB/MiB note for round sizes, e.g. "8192 (8 KiB)". */
function bytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n} (${n / (1 << 20)} MiB)`;
  if (n >= 1024 && n % 1024 === 0) return `${n} (${n / 1024} KiB)`;
  return String(n);
}

function orList(items: readonly string[], conj = "or"): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${conj} ${items[items.length - 1]}`;
}

/** What a meaning cell shows when the spec gives no doc. */
const NO_DOC = "—";

function docCell(doc: string | null): string {
  return doc === null ? NO_DOC : text(doc);
}

function byteOrder(o: StructDef["byteOrder"]): string {
  return o === "native" ? "native byte order" : `${o}-endian`;
}

/** Builds the view models. One instance per emit; `m` is never modified. */
class DocsBuilder {
  private readonly enumsByName: Map<string, EnumDef>;

  constructor(
    private readonly m: Model,
    private readonly hash: string,
  ) {
    this.enumsByName = new Map(m.enums.map((e) => [e.name, e]));
  }

  // ---- locations and links ----------------------------------------------------------

  private href(loc: Loc, from: string): string {
    if (loc.anchor === null) return loc.page;
    return loc.page === from ? `#${loc.anchor}` : `${loc.page}#${loc.anchor}`;
  }

  private enumPage(e: EnumDef): string {
    return STATUS_ENUMS.includes(e.name) ? "status-codes.md" : domainPage(e.domain);
  }

  enumHeading(e: EnumDef): string {
    const t = ENUM_TITLES[e.name];
    return t ? `${t} (${code(e.name)})` : code(e.name);
  }

  private enumLoc(e: EnumDef): Loc {
    return { page: this.enumPage(e), anchor: slug(this.enumHeading(e)) };
  }

  private enumLink(name: string, from: string): string {
    const e = this.enumsByName.get(name);
    return e ? link(code(name), this.href(this.enumLoc(e), from)) : code(name);
  }

  private ruleHeading(r: Rule): string {
    return `Rule ${code(r.key)}`;
  }

  private ruleLoc(r: Rule): Loc {
    return { page: domainPage(r.domain), anchor: slug(this.ruleHeading(r)) };
  }

  private fnHeading(mod: SvcModule, fn: SvcFunction): string {
    return code(`${mod.name}.${fn.name}`);
  }

  private moduleHeading(mod: SvcModule): string {
    return `Module ${code(mod.name)} (${hexN(mod.number)})`;
  }

  private structHeading(s: StructDef): string {
    return code(s.name);
  }

  private recordHeading(r: RecordDef): string {
    return code(r.name);
  }

  private eventHeading(e: EventDef): string {
    return code(e.name);
  }

  /** The page and section that document a spec item (the target of a ruling's "decides"). */
  locate(id: string): Loc {
    const m = this.m;
    if (id === "meta") return { page: "rules.md", anchor: A.generalRules };
    if (id === "hxe") return { page: "hxe.md", anchor: A.hxeTitle };
    const rule = m.rules.find((r) => r.id === id);
    if (rule) return this.ruleLoc(rule);
    const parts = id.split(".");
    const [head, a, b] = parts;
    switch (head) {
      case "enum": {
        const e = this.enumsByName.get(a ?? "");
        if (e) return this.enumLoc(e);
        break;
      }
      case "struct": {
        const s = m.structs.find((x) => x.name === a);
        if (s) return { page: domainPage(s.domain), anchor: slug(this.structHeading(s)) };
        break;
      }
      case "record": {
        const r = m.records.find((x) => x.name === a);
        if (r) return { page: domainPage(r.domain), anchor: slug(this.recordHeading(r)) };
        break;
      }
      case "event": {
        const e = m.events.events.find((x) => x.name === a);
        if (e) return { page: "events.md", anchor: slug(this.eventHeading(e)) };
        break;
      }
      case "profile":
        return { page: "profiles.md", anchor: A.profiles };
      case "isa":
        if (a === "word" || a === "field") return { page: "isa.md", anchor: A.word };
        if (a === "opcode") return { page: "isa.md", anchor: A.opcodes };
        if (a === "form") return { page: "isa.md", anchor: A.forms };
        break;
      case "svc": {
        if (a === "convention") return { page: "abi.md", anchor: A.convention };
        const mod = m.svc.modules.find((x) => x.name === (a === "fn" || a === "module" ? b : undefined));
        if (mod && a === "module") return { page: "abi.md", anchor: slug(this.moduleHeading(mod)) };
        const fn = mod?.functions.find((f) => f.name === parts[3]);
        if (mod && fn) return { page: "abi.md", anchor: slug(this.fnHeading(mod, fn)) };
        break;
      }
      case "events":
        if (a === "envelope") return { page: "events.md", anchor: A.envelope };
        break;
      case "executive":
        if (a === "transitions" || a === "transition") return { page: "executive.md", anchor: A.transitions };
        break;
      case "hxe":
        if (a === "crc") return { page: "hxe.md", anchor: A.crc };
        if (a === "mailbox_document") return { page: "hxe.md", anchor: A.mailboxDocument };
        break;
    }
    if (a === "const" && head && head in DOMAIN_PAGE) return { page: domainPage(head), anchor: A.constants };
    // Items of a domain documented on a generic page: link the page (it has no finer sections for them).
    if (head && this.genericDomains().includes(head)) return { page: domainPage(head), anchor: slug(domainTitle(head)) };
    throw new Error(`docs: no page documents spec item ${id}; teach DocsBuilder.locate where it goes`);
  }

  // ---- shared pieces ----------------------------------------------------------------

  private rulingLink(id: string, from: string): string {
    return link(id, this.href({ page: "rulings.md", anchor: slug(id) }, from));
  }

  /** Rulings deciding any of `items`, with an optional subject naming what in a table they decide. */
  rulings(items: readonly string[], from: string, subject: (item: string) => string | null = () => null): RulingView[] {
    return items
      .flatMap((item) => this.m.rulings.filter((r) => r.item === item))
      .map((r) => ({
        id: r.id,
        href: this.href({ page: "rulings.md", anchor: slug(r.id) }, from),
        subject: subject(r.item),
        text: text(r.text),
        source: text(r.source),
      }));
  }

  /** A cell suffix pointing at the ruling that decides a table row. */
  private rowRuling(ruling: string | null, from: string): string {
    return ruling ? ` (ruling ${this.rulingLink(ruling, from)})` : "";
  }

  rules(domain: string, from: string): RuleView[] {
    return this.m.rules
      .filter((r) => r.domain === domain)
      .map((r) => ({ heading: this.ruleHeading(r), id: code(r.id), text: block(r.text), rulings: this.rulings([r.id], from) }));
  }

  private constValue(c: Constant): string {
    if (typeof c.value === "string") return code(JSON.stringify(c.value));
    const f = formatNumber(c.value, c.format);
    return c.format === "dec" ? f : `${f} (${c.value})`;
  }

  constants(domain: string, from: string): ConstantsView {
    const cs = this.m.constants.filter((c) => c.domain === domain);
    return {
      table: table(
        ["Name", "C macro", "Value", "Type", "Meaning"],
        cs.map((c) => [code(c.name), code(c.c), this.constValue(c), code(c.type), text(c.doc) + this.rowRuling(c.ruling, from)]),
      ),
      rulings: this.rulings(
        cs.map((c) => c.id),
        from,
        (item) => code(item.split(".").pop()!),
      ),
    };
  }

  enumValue(e: EnumDef, v: number): string {
    return formatNumber(v, digitsFor(e.width));
  }

  enumView(e: EnumDef, from: string): EnumView {
    const flags = e.kind === "flags";
    const live = e.values.filter((v) => !v.reserved);
    const hasWire = live.some((v) => v.wire !== null);
    const hasPrefix = e.values.some((v) => v.prefix !== null);
    const hasFault = e.values.some((v) => v.fault !== null);
    const head = [
      flags ? "Mask" : "Value",
      ...(flags ? [] : ["Dec"]),
      "Name",
      ...(hasWire ? ["Wire name"] : []),
      ...(hasPrefix ? ["Prefix"] : []),
      ...(hasFault ? ["Fault"] : []),
      "C macro",
      "Meaning",
    ];
    const rows = e.values.map((v) => {
      let meaning = (v.reserved ? "*Reserved.* " : "") + text(v.doc);
      if (v.composite) meaning += ` (= ${code(v.composite.join(" | "))})`;
      meaning += this.rowRuling(v.ruling, from);
      return [
        this.enumValue(e, v.value),
        ...(flags ? [] : [String(v.value)]),
        code(v.name),
        ...(hasWire ? [v.wire === null ? "" : code(v.wire)] : []),
        ...(hasPrefix ? [v.prefix === null ? "" : code(v.prefix)] : []),
        ...(hasFault ? [v.fault ? "yes" : "no"] : []),
        v.reserved ? NO_DOC : code(v.c),
        meaning,
      ];
    });
    const notes: string[] = [];
    if (e.status === "planned") notes.push("**Planned**: the values are fixed; implementations do not return them yet.");
    if (e.ordered) notes.push("Listed in check order: the first check that fails gives the code.");
    notes.push(`${e.width}-bit ${flags ? "flag set" : "values"}; C macros are ${code(`${e.cPrefix}*`)}.`);
    if (e.reservedMask) notes.push(`Reserved bits ${code(this.enumValue(e, e.reservedMask))} are never assigned.`);
    if (hasWire) notes.push("JSON documents (events, snapshots, messages) carry the wire name.");
    const reservedRows = e.reserved.map((r) => [
      r.from === r.to ? this.enumValue(e, r.from) : `${this.enumValue(e, r.from)} to ${this.enumValue(e, r.to)}`,
      docCell(r.doc),
    ]);
    return {
      heading: this.enumHeading(e),
      doc: block(e.doc),
      notes,
      table: table(head, rows),
      reserved: reservedRows.length ? table(["Reserved values", "Meaning"], reservedRows) : null,
      rulings: this.rulings(
        [e.id, ...e.values.map((v) => v.id)],
        from,
        (item) => (item === e.id ? null : code(item.slice(e.id.length + 1))),
      ),
    };
  }

  enumViews(page: string, names: readonly string[] | null = null): EnumView[] {
    const list = names ? names.map((n) => this.enumsByName.get(n)).filter((e): e is EnumDef => e !== undefined) : this.m.enums.filter((e) => this.enumPage(e) === page);
    return list.map((e) => this.enumView(e, page));
  }

  private enumByName(name: string): EnumDef {
    const e = this.enumsByName.get(name);
    if (!e) throw new Error(`docs: the spec has no enum ${name}`);
    return e;
  }

  structView(s: StructDef): StructView {
    const wide = s.size > 0xff;
    return {
      heading: this.structHeading(s),
      doc: block(s.doc),
      summary: `Size ${s.size} bytes, ${byteOrder(s.byteOrder)}.`,
      table: table(
        ["Offset", "Size", "Field", "Type", "Meaning"],
        s.fields.map((f) => [hexN(f.offset, wide ? 4 : 2), String(f.size), code(f.name), code(f.type), docCell(f.doc)]),
      ),
    };
  }

  /** How a field of the spec's field language reads in a type column. */
  private fieldType(f: Pick<FieldDef, "type" | "items" | "values" | "ref" | "enum" | "refEnum" | "nullable">, from: string): string {
    let t: string;
    switch (f.type) {
      case "object":
        t = "object";
        break;
      case "array":
        t = this.arrayType(f.items, from);
        break;
      case "map":
        t = `object: decimal-string key to ${f.values ? code(f.values) : "any value"}`;
        break;
      case "ref":
        t = this.recordRef(f.ref ?? "?", from);
        break;
      case "mode":
        t = `integer or ${link("mode names", this.href({ page: "hxe.md", anchor: A.modeTokens }, from))}`;
        break;
      case "any":
        t = "any JSON value";
        break;
      default:
        t = code(f.type);
    }
    if (f.enum) t += `: ${orList(f.enum.map(code))}`;
    if (f.refEnum) {
      const e = this.enumsByName.get(f.refEnum);
      const named = f.type === "string" ? (e && e.values.every((v) => v.reserved || v.wire !== null) ? "a wire name of" : "a name of") : "a value of";
      t += `, ${named} ${this.enumLink(f.refEnum, from)}`;
    }
    if (f.nullable) t += " or null";
    return t;
  }

  private recordRef(name: string, from: string): string {
    const r = this.m.records.find((x) => x.name === name);
    return r ? link(code(r.name), this.href({ page: domainPage(r.domain), anchor: slug(this.recordHeading(r)) }, from)) : code(name);
  }

  private arrayType(item: FieldDef["items"], from: string): string {
    if (item === null) return "array";
    if (typeof item === "string") return `array of ${code(item)}`;
    if ("fields" in item) return "array of objects";
    // Any other item is a record reference (the model's RefType).
    return `array of ${this.recordRef((item as { ref: string }).ref, from)}`;
  }

  /** Field rows with nested object fields flattened as `a.b` and `a[].b`. */
  fieldRows(fields: readonly FieldDef[], from: string, prefix = "", extra: (f: FieldDef) => string[] = () => []): string[][] {
    const rows: string[][] = [];
    for (const f of fields) {
      const name = prefix + f.name;
      rows.push([code(name), ...extra(f), this.fieldType(f, from), docCell(f.doc)]);
      if (f.type === "object" && f.fields) rows.push(...this.fieldRows(f.fields, from, `${name}.`, extra));
      if (f.type === "array" && f.items !== null && typeof f.items !== "string" && "fields" in f.items) rows.push(...this.fieldRows(f.items.fields, from, `${name}[].`, extra));
    }
    return rows;
  }

  recordView(r: RecordDef, from: string): RecordView {
    return { heading: this.recordHeading(r), doc: block(r.doc), table: table(["Field", "Type", "Meaning"], this.fieldRows(r.fields, from)) };
  }

  private page(file: PageFile, stamp: string): Page {
    return { stamp, title: this.pageTitle(file) };
  }

  private pageTitle(file: string): string {
    const known = PAGES.find((p) => p.file === file);
    if (known) return known.title;
    const d = this.genericDomains().find((x) => domainPage(x) === file);
    return d ? domainTitle(d) : file;
  }

  /** Domains with items or rules but no page of their own, sorted; each gets a generic page. */
  genericDomains(): string[] {
    const m = this.m;
    const seen = new Set<string>([...m.constants, ...m.enums, ...m.structs, ...m.records, ...m.rules, ...m.items].map((x) => x.domain));
    return [...seen].filter((d) => !(d in DOMAIN_PAGE)).sort();
  }

  /** The generic page of a domain: everything the common spec vocabulary defines in it. */
  domain(d: string, stamp: string) {
    const here = domainPage(d);
    const m = this.m;
    // Domain models are not indexed by name in the Model type; their `doc` is the only field read here.
    const doc = (m as unknown as Record<string, { doc?: unknown } | undefined>)[d]?.doc;
    const structs = m.structs.filter((s) => s.domain === d).map((s) => this.structView(s));
    const records = m.records.filter((r) => r.domain === d).map((r) => this.recordView(r, here));
    const rules = this.rules(d, here);
    // Rulings on items this page has no section for (the domain itself, its protocol...) are quoted under the title.
    const top: Loc = { page: here, anchor: slug(domainTitle(d)) };
    const topItems = [...new Set(m.rulings.map((r) => r.item))].filter((i) => {
      const loc = this.locate(i);
      return loc.page === top.page && loc.anchor === top.anchor;
    });
    return {
      stamp,
      title: domainTitle(d),
      domain: code(d),
      protocol: d === "conformance" ? this.protocolView(here) : null,
      doc: typeof doc === "string" ? block(doc) : null,
      rulings: this.rulings(topItems, here, (item) => (item === d ? null : code(item))),
      constants: m.constants.some((c) => c.domain === d) ? this.constants(d, here) : null,
      enums: this.enumViews(here),
      structs: structs.length ? structs : null,
      records: records.length ? records : null,
      rules: rules.length ? rules : null,
    };
  }

  /** The adapter protocol: its commands and, per level, the operations vectors use. */
  protocolView(from: string) {
    const c = this.m.conformance;
    const fields = (fs: readonly FieldDef[]) => (fs.length ? table(["Field", "Type", "Meaning"], this.fieldRows(fs, from)) : null);
    const levels = [...new Set(c.ops.map((o) => o.level))];
    return {
      version: String(c.protocol.version),
      doc: block(c.protocol.doc),
      commands: c.protocol.commands.map((x) => ({ heading: `Command \`${x.name}\``, doc: block(x.doc), request: fields(x.request), reply: fields(x.reply) })),
      levels: levels.map((level) => ({
        heading: `Level \`${level}\``,
        common: fields(c.commonResults[level] ?? []),
        ops: c.ops
          .filter((o) => o.level === level)
          .map((o) => ({ heading: `\`${o.name}\``, doc: block(o.doc), args: fields(o.args), vectorArgs: fields(o.vectorArgs), result: fields(o.result) })),
      })),
    };
  }

  // ---- pages --------------------------------------------------------------------------

  readme(stamp: string) {
    const m = this.m;
    return {
      ...this.page("README.md", stamp),
      specTitle: text(m.title),
      doc: block(m.doc),
      name: code(m.name),
      version: code(m.version),
      hash: code(this.hash),
      pages: [
        ...PAGES.filter((p) => p.file !== "README.md" && p.file !== "rulings.md" && p.file !== "rules.md"),
        ...this.genericDomains().map((d) => ({ file: domainPage(d), title: domainTitle(d), summary: `Constants, enumerations, layouts, records and rules of the ${d} domain.` })),
        ...PAGES.filter((p) => p.file === "rulings.md" || p.file === "rules.md"),
      ].map((p) => ({ link: link(text(p.title), p.file), summary: text(p.summary) })),
      counts: [
        `${m.isa.opcodes.length} opcodes`,
        `${m.svc.modules.reduce((n, x) => n + x.functions.length, 0)} SVC functions in ${m.svc.modules.length} modules`,
        `${m.events.events.length} event types`,
        `${m.enums.length} enumerations`,
        `${m.structs.length} struct layouts`,
        `${m.profiles.profiles.length} resource profiles`,
        `${m.rules.length} rules`,
        `${m.rulings.length} rulings`,
      ].join(", "),
    };
  }

  abi(stamp: string) {
    const here: PageFile = "abi.md";
    const m = this.m;
    const isaConst = (name: string): number => {
      const c = m.constants.find((x) => x.domain === "isa" && x.name === name);
      if (!c || typeof c.value !== "number") throw new Error(`docs: the spec has no numeric isa constant ${name}`);
      return c.value;
    };
    const shift = isaConst("SVC_MOD_SHIFT");
    const svcImm = (mod: SvcModule, fn: SvcFunction): string => code(`SVC ${hexN((mod.number << shift) | fn.number, 3)}`);
    const regType = (t: string): string => (this.enumsByName.has(t) ? this.enumLink(t, here) : code(t));
    const regTable = (regs: SvcFunction["in"]): MdTable | null =>
      regs.length ? table(["Register", "Name", "Type", "Meaning"], regs.map((r) => [code(r.reg), code(r.name), regType(r.type), docCell(r.doc)])) : null;
    const reserved = m.svc.reservedModules.map((r) => (r.from === r.to ? hexN(r.from) : `${hexN(r.from)} to ${hexN(r.to)}`));
    const unknownCall = m.rules.find((r) => r.id === "svc.rule.UNKNOWN_CALL");
    return {
      ...this.page(here, stamp),
      doc: block(m.svc.doc),
      argList: m.svc.convention.args.map(code).join(", "),
      result: code(m.svc.convention.result),
      modShift: String(shift),
      conventionRulings: this.rulings(["svc.convention"], here),
      rules: this.rules("svc", here),
      modules: table(
        ["Number", "Module", "C macro", "Status", "Functions", "Meaning"],
        m.svc.modules.map((mod) => [
          hexN(mod.number),
          link(code(mod.name), `#${slug(this.moduleHeading(mod))}`),
          code(mod.c),
          mod.status,
          String(mod.functions.length),
          text(mod.doc),
        ]),
      ),
      reservedModules: reserved.length
        ? `Module numbers ${orList(reserved, "and")} have no module${unknownCall ? `; calls to them answer as ${link(text("rule UNKNOWN_CALL"), this.href(this.ruleLoc(unknownCall), here))} says` : ""}.`
        : null,
      enums: this.enumViews(here),
      moduleSections: m.svc.modules.map((mod) => ({
        heading: this.moduleHeading(mod),
        doc: block(mod.doc),
        facts: `Module number ${hexN(mod.number)}, C macro ${code(mod.c)}, ${mod.status}.`,
        functions: mod.functions.map((fn) => ({
          heading: this.fnHeading(mod, fn),
          facts: `Function ${hexN(fn.number, 2)} · ${svcImm(mod, fn)} · ${fn.status}`,
          doc: block(fn.doc),
          inputs: regTable(fn.in),
          outputs: regTable(fn.out),
          rulings: this.rulings([fn.id], here),
        })),
      })),
    };
  }

  statusCodes(stamp: string) {
    const here: PageFile = "status-codes.md";
    const views = this.enumViews(here, STATUS_ENUMS);
    return {
      ...this.page(here, stamp),
      index: views.map((v) => ({ link: link(v.heading, `#${slug(v.heading)}`) })),
      enums: views,
    };
  }

  private opcodeFlags(o: Opcode, psw: EnumDef | undefined): string {
    const order = psw ? psw.values.map((v) => v.name) : Object.keys(o.flags).sort();
    const parts = order.filter((f) => f in o.flags).map((f) => (o.flags[f] === "result" ? f : `${f}=${o.flags[f]}`));
    return parts.length ? code(parts.join(" ")) : NO_DOC;
  }

  isa(stamp: string) {
    const here: PageFile = "isa.md";
    const isa = this.m.isa;
    const psw = this.enumsByName.get("psw_flag");
    const forms = new Map(isa.forms.map((f) => [f.name, f]));
    const syntax = (s: string, mn: string): string => orList(s.split(/\s+\|\s+/).map((alt) => code(alt.replace(/\{mn\}/g, mn))));
    const faultsAnchor = `#${slug(this.enumHeading(this.enumByName("vm_error")))}`;
    const faultLink = (name: string): string => link(code(name), faultsAnchor);
    const opcodeRows = isa.opcodes.map((o) => [
      hexN(o.value, 2),
      code(o.mnemonic),
      link(code(o.form), `#${A.forms}`),
      syntax(forms.get(o.form)?.syntax ?? "{mn}", o.mnemonic),
      this.opcodeFlags(o, psw),
      o.faults.length ? o.faults.map(faultLink).join(", ") : NO_DOC,
      text(o.doc) + this.rowRuling(o.ruling, here),
    ]);
    const byValue = new Map(isa.opcodes.map((o) => [o.value, o]));
    const hex = "0123456789ABCDEF".split("");
    const map = table(
      ["", ...hex.map((d) => `_${d}`)],
      hex.map((hi, h) => [`${hi}_`, ...hex.map((_d, l) => byValue.get(h * 16 + l)).map((o) => (o ? code(o.mnemonic) : "·"))]),
    );
    const used = new Set(isa.opcodes.flatMap((o) => Object.values(o.flags)));
    const usedWrites = (Object.keys(FLAG_WRITES) as FlagWrite[]).filter((w) => used.has(w));
    const encode = isa.word.fields.map((f) => (f.shift ? `${f.name} << ${f.shift}` : f.name)).join(" | ");
    const stopEnum = this.enumsByName.get("vm_stop");
    return {
      ...this.page(here, stamp),
      doc: block(isa.doc),
      wordDoc: block(isa.word.doc),
      wordFacts: `${isa.word.bits}-bit words, ${isa.word.byteOrder}-endian in the code store.`,
      wordTable: table(
        ["Bits", "Field", "Width", "Mask", "Meaning"],
        isa.word.fields.map((f) => [f.msb === f.lsb ? `[${f.msb}]` : `[${f.msb}:${f.lsb}]`, code(f.name), String(f.width), code(hexN(f.mask)), text(f.doc)]),
      ),
      encode: `word = ${encode}`,
      decode: `field = (word >>> shift) & mask`,
      wordRulings: this.rulings(["isa.word", ...isa.word.fields.map((f) => `isa.field.${f.name}`)], here),
      forms: table(
        ["Form", "Fields", "Immediate", "Extension word", "Syntax", "Meaning"],
        isa.forms.map((f) => [
          code(f.name),
          f.fields.length ? f.fields.map(code).join(", ") : "none",
          f.imm ?? "",
          f.ext ? "yes" : "no",
          syntax(f.syntax, "<mn>"),
          text(f.doc),
        ]),
      ),
      opcodes: table(["Value", "Mnemonic", "Form", "Syntax", "Flags written", "Faults", "Meaning"], opcodeRows),
      opcodeRulings: this.rulings(
        isa.opcodes.map((o) => o.id),
        here,
        (item) => code(item.split(".").pop()!),
      ),
      flagWrites: table(
        ["Written as", "Meaning"],
        usedWrites.map((w) => [w === "result" ? "flag name alone" : code(`=${w}`), text(FLAG_WRITES[w])]),
      ),
      opcodeMap: map,
      reservedOpcodes: table(
        ["Values", "Count", "Note"],
        isa.reservedOpcodes.map((r) => [r.from === r.to ? hexN(r.from, 2) : `${hexN(r.from, 2)} to ${hexN(r.to, 2)}`, String(r.to - r.from + 1), docCell(r.doc)]),
      ),
      psw: psw ? this.enumView(psw, here) : null,
      faults: this.enumView(this.enumByName("vm_error"), here),
      stop: stopEnum ? this.enumView(stopEnum, here) : null,
      otherEnums: this.m.enums.filter((e) => this.enumPage(e) === here && e !== psw && e !== stopEnum).map((e) => this.enumView(e, here)),
      constants: this.constants("isa", here),
      rules: this.rules("isa", here),
    };
  }

  mailbox(stamp: string) {
    const here: PageFile = "mailbox.md";
    const m = this.m;
    const mod = m.svc.modules.find((x) => x.name === m.mailbox.svcModule);
    if (!mod) throw new Error(`docs: mailbox svc_module ${m.mailbox.svcModule} is not an SVC module`);
    const shift = m.constants.find((x) => x.domain === "isa" && x.name === "SVC_MOD_SHIFT")?.value;
    return {
      ...this.page(here, stamp),
      doc: block(m.mailbox.doc),
      module: link(text(`${mod.name} (${hexN(mod.number)})`), this.href(this.locate(mod.id), here)),
      statusLink: this.enumLink("mbx_status", here),
      constants: this.constants("mailbox", here),
      enums: this.enumViews(here),
      functions: table(
        ["Function", "Name", "Immediate", "Status", "Meaning"],
        mod.functions.map((fn) => [
          hexN(fn.number, 2),
          link(code(fn.name), this.href(this.locate(fn.id), here)),
          typeof shift === "number" ? code(`SVC ${hexN((mod.number << shift) | fn.number, 3)}`) : "",
          fn.status,
          text(fn.doc),
        ]),
      ),
      structs: m.structs.filter((s) => s.domain === "mailbox").map((s) => this.structView(s)),
      records: m.records.filter((r) => r.domain === "mailbox").map((r) => this.recordView(r, here)),
      rules: this.rules("mailbox", here),
    };
  }

  private exampleEnvelope(e: EventDef): string {
    const data: Record<string, unknown> = {};
    for (const f of e.fields) if (f.name in e.example) data[f.name] = e.example[f.name];
    for (const k of Object.keys(e.example).sort()) if (!(k in data)) data[k] = e.example[k];
    // The spec states who the pid is only in prose; "(null)" there means the event is about no task.
    const pid = /\(null\)\s*$/.test(e.pidDoc) ? null : EXAMPLE_PID;
    // Envelope keys one per line, data on one line: short enough to read, still valid JSON.
    const inline = `{${Object.entries(data)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(", ")}}`;
    const env: [string, string][] = [
      ["seq", JSON.stringify(EXAMPLE_SEQ)],
      ["ts", JSON.stringify(EXAMPLE_TS)],
      ["type", JSON.stringify(e.name)],
      ["pid", JSON.stringify(pid)],
      ["data", inline],
    ];
    return `{\n${env.map(([k, v]) => `  "${k}": ${v}`).join(",\n")}\n}`;
  }

  events(stamp: string) {
    const here: PageFile = "events.md";
    const ev = this.m.events;
    return {
      ...this.page(here, stamp),
      doc: block(ev.doc),
      envelope: table(["Field", "Type", "Meaning"], this.fieldRows(ev.envelope, here)),
      envelopeRulings: this.rulings(["events.envelope"], here),
      index: table(
        ["Id", "Type", "Status", "pid", "Meaning"],
        ev.events.map((e) => [String(e.number), link(code(e.name), `#${slug(this.eventHeading(e))}`), e.status, text(e.pidDoc), text(e.doc)]),
      ),
      exampleNote: `Examples show one full envelope each; ${code("seq")}, ${code("ts")} and ${code("pid")} there are illustrative, ${code("data")} is the spec's example.`,
      events: ev.events.map((e) => ({
        heading: this.eventHeading(e),
        facts: `Id ${e.number} · ${e.status} · ${code("pid")}: ${text(e.pidDoc)}`,
        doc: block(e.doc),
        fields: e.fields.length ? table(["Field", "Type", "Meaning"], this.fieldRows(e.fields, here)) : null,
        example: this.exampleEnvelope(e),
        rulings: this.rulings([e.id], here),
      })),
      rules: this.rules("events", here),
    };
  }

  executive(stamp: string) {
    const here: PageFile = "executive.md";
    const t = this.m.executive.transitions;
    const states = this.enumsByName.get("task_state");
    const order = states ? states.values.filter((v) => !v.reserved).map((v) => v.name) : Object.keys(t.allowed);
    const cols = [...order, ...Object.keys(t.allowed).filter((s) => !order.includes(s))];
    const row = (label: string, tos: readonly string[]): string[] => [label, ...cols.map((c) => (tos.includes(c) ? "✓" : ""))];
    return {
      ...this.page(here, stamp),
      doc: block(this.m.executive.doc),
      constants: this.constants("executive", here),
      states: this.enumView(this.enumByName("task_state"), here),
      enums: this.m.enums.filter((e) => this.enumPage(e) === here && e.name !== "task_state").map((e) => this.enumView(e, here)),
      transitionNote: `Rows are the state a task is in (${code("(new)")}: the states a task may first be seen in), columns the state it moves to; a transition without ✓ is refused.`,
      transitions: table(["From \\ to", ...cols.map(code)], [row("(new)", t.initial), ...cols.filter((s) => s in t.allowed).map((s) => row(code(s), t.allowed[s]!))]),
      transitionRulings: this.rulings(["executive.transitions"], here),
      loadErrors: this.enumView(this.enumByName("load_error"), here),
      rules: this.rules("executive", here),
    };
  }

  private termExpr(ts: readonly Term[]): string {
    return ts.map((x) => `${x.count} × ${x.each}`).join(" + ");
  }

  profiles(stamp: string) {
    const here: PageFile = "profiles.md";
    const p = this.m.profiles;
    const ps = p.profiles;
    const names = ps.map((x) => code(x.name));
    const num = (prof: (typeof ps)[number], k: string): number => prof.limits[k] ?? prof.costs[k] ?? 0;
    const evalTerms = (prof: (typeof ps)[number], ts: readonly Term[]): string => ts.map((x) => `${num(prof, x.count)} × ${num(prof, x.each)}`).join(" + ");
    const mark = (ok: boolean): string => (ok ? "✓ within" : "✗ exceeds");
    return {
      ...this.page(here, stamp),
      doc: block(p.doc),
      defaultProfile: code(p.defaultProfile),
      profiles: table(
        ["Profile", "C define", "Meaning"],
        ps.map((x) => [code(x.name) + (x.name === p.defaultProfile ? " (default)" : ""), code(`HSX_PROFILE_${x.c}`), text(x.doc) + this.rowRuling(x.ruling, here)]),
      ),
      profileRulings: this.rulings(
        ps.map((x) => x.id),
        here,
        (item) => code(item.slice("profile.".length)),
      ),
      limits: table(
        ["Limit", "Unit", ...names, "Meaning"],
        p.limits.map((l) => [
          code(l.name),
          text(l.unit),
          ...ps.map((x) => {
            const v = x.limits[l.name];
            return v === undefined ? "" : v === 0 && l.zeroMeans ? `0 (${text(l.zeroMeans)})` : String(v);
          }),
          text(l.doc) + (l.zeroMeans ? ` (0 means ${text(l.zeroMeans)})` : ""),
        ]),
      ),
      costs: table(["Cost (bytes)", ...names, "Meaning"], p.costs.map((c) => [code(c.name), ...ps.map((x) => String(x.costs[c.name] ?? "")), text(c.doc)])),
      budgets: table(
        ["Budget (bytes)", ...names],
        [
          [code("metadata_bytes"), ...ps.map((x) => bytes(x.budget.metadataBytes))],
          [code("sram_bytes"), ...ps.map((x) => bytes(x.budget.sramBytes))],
        ],
      ),
      formula: [
        `metadata = ${this.termExpr(p.footprint.metadata)}`,
        `rings    = ${this.termExpr(p.footprint.rings)}`,
        `names    = ${p.footprint.names}`,
        `total    = metadata + rings + names`,
      ].join("\n"),
      footprintDoc: block(p.footprint.doc),
      footprint: table(
        ["Bytes", ...names],
        [
          ["metadata", ...ps.map((x) => String(x.footprint.metadataBytes))],
          ["rings", ...ps.map((x) => String(x.footprint.ringBytes))],
          ["names", ...ps.map((x) => String(x.footprint.nameBytes))],
          ["**total**", ...ps.map((x) => `**${x.footprint.totalBytes}**`)],
          ["metadata budget", ...ps.map((x) => bytes(x.budget.metadataBytes))],
          ["SRAM budget", ...ps.map((x) => bytes(x.budget.sramBytes))],
          ["metadata vs budget", ...ps.map((x) => mark(x.footprint.metadataBytes <= x.budget.metadataBytes))],
          ["total vs SRAM budget", ...ps.map((x) => mark(x.footprint.totalBytes <= x.budget.sramBytes))],
        ],
      ),
      workings: ps.map((x) => ({
        name: code(x.name),
        metadata: `${evalTerms(x, p.footprint.metadata)} = ${x.footprint.metadataBytes}`,
        rings: `${evalTerms(x, p.footprint.rings)} = ${x.footprint.ringBytes}`,
        names: String(x.footprint.nameBytes),
        total: `${x.footprint.metadataBytes} + ${x.footprint.ringBytes} + ${x.footprint.nameBytes} = ${x.footprint.totalBytes}`,
      })),
      rules: this.rules("profiles", here),
    };
  }

  hxe(stamp: string) {
    const here: PageFile = "hxe.md";
    const h = this.m.hxe;
    const crc = h.crc;
    const errors = this.enumByName("hxe_error");
    const modes = this.enumsByName.get("mbx_mode");
    const modeName = (v: number): string => {
      const hit = modes?.values.find((x) => x.value === v);
      return modes && hit ? link(code(hit.name), this.href(this.enumLoc(modes), here)) : "";
    };
    const errorView = this.enumView(errors, here);
    return {
      ...this.page(here, stamp),
      doc: block(h.doc),
      layoutRulings: this.rulings(["hxe"], here),
      constants: this.constants("hxe", here),
      structs: this.m.structs.filter((s) => s.domain === "hxe").map((s) => this.structView(s)),
      crc: table(
        ["Parameter", "Value"],
        [
          ["Algorithm", text(crc.name)],
          ["Polynomial (normal)", code(hexN(crc.polyNormal, 8))],
          ["Polynomial (reflected)", code(hexN(crc.polyReflected, 8))],
          ["Initial value", code(hexN(crc.init, 8))],
          ["Final XOR", code(hexN(crc.xorout, 8))],
          ["Check", `CRC of ${code(JSON.stringify(crc.check.input))} (ASCII) = ${code(hexN(crc.check.value, 8))}`],
        ],
      ),
      crcSpan: block(crc.span),
      crcRulings: this.rulings(["hxe.crc"], here),
      enums: this.enumViews(here).filter((v) => v.heading !== errorView.heading),
      documentDoc: block(h.mailboxDocument.doc),
      documentFields: table(
        ["Field", "Aliases", "Required", "Type", "Meaning"],
        this.fieldRows(h.mailboxDocument.entry, here, "", (f) => [f.aliases.map(code).join(", "), f.optional ? "no" : "yes"]),
      ),
      documentOpen: h.mailboxDocument.open,
      modeTokens: table(
        ["Tokens", "Value", "Mode bit"],
        h.mailboxDocument.modeTokens.map((t) => [t.tokens.map(code).join(", "), code(hexN(t.value, 2)), modeName(t.value)]),
      ),
      documentRulings: this.rulings(["hxe.mailbox_document"], here),
      errors: table(
        ["Order", "Code", "Name", "C macro", "Meaning"],
        errors.values.map((v, i) => [String(i + 1), String(v.value), code(v.name), code(v.c), text(v.doc) + this.rowRuling(v.ruling, here)]),
      ),
      errorsDoc: block(errors.doc),
      errorsLink: this.enumLink("hxe_error", here),
      errorRulings: errorView.rulings,
      rules: this.rules("hxe", here),
    };
  }

  rulingsPage(stamp: string) {
    const here: PageFile = "rulings.md";
    const rs = this.m.rulings;
    return {
      ...this.page(here, stamp),
      index: table(
        ["Ruling", "Decides"],
        rs.map((r) => [link(r.id, `#${slug(r.id)}`), link(code(r.item), this.href(this.locate(r.item), here))]),
      ),
      rulings: rs.map((r) => ({
        id: r.id,
        text: block(r.text),
        source: text(r.source),
        decides: link(code(r.item), this.href(this.locate(r.item), here)),
      })),
    };
  }

  rulesPage(stamp: string) {
    const here: PageFile = "rules.md";
    const domains = [...new Set(this.m.rules.map((r) => r.domain))];
    return {
      ...this.page(here, stamp),
      general: this.rules("meta", here),
      generalRulings: this.rulings(["meta"], here),
      domains: domains.map((d) => ({
        heading: `${domainTitle(d)} (${code(d)})`,
        page: link(text(this.pageTitle(domainPage(d))), domainPage(d)),
        table: table(
          ["Rule", "Text", "Ruling"],
          this.m.rules
            .filter((r) => r.domain === d)
            .map((r) => [link(code(r.id), this.href(this.ruleLoc(r), here)), text(r.text), r.ruling ? this.rulingLink(r.ruling, here) : ""]),
        ),
      })),
    };
  }
}

/** Compile every page template (plus the generic domain page) and partial with one private Handlebars environment. */
function loadTemplates(): Map<string, Handlebars.TemplateDelegate> {
  const hb = Handlebars.create();
  const opts = { noEscape: true, strict: true } as const;
  const partialDir = join(TEMPLATES, "partials");
  for (const f of readdirSync(partialDir).filter((x) => x.endsWith(".md.hbs")).sort()) {
    hb.registerPartial(f.slice(0, -".md.hbs".length), hb.compile(readFileSync(join(partialDir, f), "utf8"), opts));
  }
  const names = [...PAGES.map((p) => p.file), GENERIC_TEMPLATE];
  return new Map(names.map((n) => [n, hb.compile(readFileSync(join(TEMPLATES, `${n}.hbs`), "utf8"), opts)] as const));
}

/** Blank-line hygiene after templating: at most one blank line, none at the end. */
function tidy(md: string): string {
  return md.replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n").replace(/\n*$/, "\n");
}

/** Markdown reference documentation generated from the spec. */
export const docsEmitter: Emitter = {
  name: "docs",
  emit(ctx: EmitContext): GeneratedFile[] {
    const b = new DocsBuilder(ctx.spec.model, ctx.spec.hash);
    const stamp = comment.html(ctx.stamp);
    const views: Record<PageFile, unknown> = {
      "README.md": b.readme(stamp),
      "abi.md": b.abi(stamp),
      "status-codes.md": b.statusCodes(stamp),
      "isa.md": b.isa(stamp),
      "mailbox.md": b.mailbox(stamp),
      "events.md": b.events(stamp),
      "executive.md": b.executive(stamp),
      "profiles.md": b.profiles(stamp),
      "hxe.md": b.hxe(stamp),
      "rulings.md": b.rulingsPage(stamp),
      "rules.md": b.rulesPage(stamp),
    };
    const templates = loadTemplates();
    const pages = new Map(PAGES.map((p) => [p.file as string, tidy(templates.get(p.file)!(views[p.file]))]));
    for (const d of b.genericDomains()) pages.set(domainPage(d), tidy(templates.get(GENERIC_TEMPLATE)!(b.domain(d, stamp))));
    // A broken cross-reference is a generator bug (a heading and its locator disagree), not a spec problem.
    const broken = brokenLinks(pages);
    if (broken.length) throw new Error(`docs: ${broken.length} broken internal link(s):\n  ${broken.join("\n  ")}`);
    return [...pages].map(([file, content]) => ({ path: `${OUT_DIR}/${file}`, content }));
  },
};

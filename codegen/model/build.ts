import type { Pos } from "./diagnostic.js";
import type {
  RawConstant,
  RawEnum,
  RawField,
  RawRecord,
  RawRule,
  RawRuling,
  RawSpec,
  RawStruct,
} from "./raw.js";
import { posOf, type PathKey, type SourceFile } from "./source.js";
import type {
  Constant,
  Domain,
  EnumDef,
  FieldDef,
  ItemType,
  Model,
  Profile,
  RecordDef,
  Rule,
  Ruling,
  ScalarType,
  SpecItem,
  StructDef,
  FieldKind,
  FlagWrite,
} from "./types.js";

/** Where each item id is defined, for diagnostics and the ABI diff. */
export type Positions = Map<string, Pos>;

const SIZES: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8 };

export function typeSize(t: string): number {
  const arr = /^(?:char|u8)\[(\d+)\]$/.exec(t);
  if (arr) return Number(arr[1]);
  const s = SIZES[t];
  if (s === undefined) throw new Error(`unknown struct field type ${t}`);
  return s;
}

class Builder {
  readonly positions: Positions = new Map();
  readonly rulings: Ruling[] = [];
  readonly rules: Rule[] = [];
  readonly items: SpecItem[] = [];

  constructor(private readonly files: Record<Domain, SourceFile>) {}

  /** Record where `id` is defined; a repeated id (a duplicate the lint reports) gets a #n suffix so each keeps its own position. */
  at(domain: Domain, path: PathKey[], id: string): string {
    let unique = id;
    for (let n = 2; this.positions.has(unique); n++) unique = `${id}#${n}`;
    this.positions.set(unique, posOf(this.files[domain], path));
    return unique;
  }

  item(id: string, kind: string, domain: Domain, status: SpecItem["status"] = "implemented"): void {
    this.items.push({ id, kind, domain, status });
  }

  ruling(domain: Domain, path: PathKey[], raw: RawRuling | undefined, item: string): string | null {
    if (!raw) return null;
    this.at(domain, [...path, "ruling"], `ruling.${raw.id}`);
    this.rulings.push({ id: raw.id, text: raw.text, source: raw.source, item });
    return raw.id;
  }

  rule(domain: Domain, path: PathKey[], raw: RawRule): Rule {
    const id = this.at(domain, path, `${domain}.rule.${raw.id}`);
    const r: Rule = { id, key: raw.id, domain, text: raw.text, ruling: this.ruling(domain, path, raw.ruling, id) };
    this.rules.push(r);
    this.item(id, "rule", domain);
    return r;
  }

  rulesOf(domain: Domain, path: PathKey[], raws: RawRule[]): void {
    raws.forEach((r, i) => this.rule(domain, [...path, i], r));
  }

  constant(domain: Domain, path: PathKey[], raw: RawConstant, cPrefix: string): Constant {
    const id = this.at(domain, path, `${domain}.const.${raw.name}`);
    return {
      id,
      domain,
      name: raw.name,
      c: raw.c ?? `${cPrefix}${raw.name}`,
      value: raw.value,
      type: raw.type,
      format: raw.format ?? (typeof raw.value === "number" && raw.value > 0xffff ? "hex" : "dec"),
      doc: raw.doc,
      ruling: this.ruling(domain, path, raw.ruling, id),
    };
  }

  enumDef(domain: Domain, path: PathKey[], raw: RawEnum): EnumDef {
    const id = this.at(domain, path, `enum.${raw.name}`);
    const status = raw.status ?? "implemented";
    const values = raw.values.map((v, i) => {
      const vid = this.at(domain, [...path, "values", i], `enum.${raw.name}.${v.name}`);
      return {
        id: vid,
        name: v.name,
        c: `${raw.c_prefix}${v.name}`,
        value: v.value,
        doc: v.doc,
        reserved: v.reserved ?? false,
        composite: v.composite ?? null,
        fault: v.fault ?? null,
        wire: v.wire ?? null,
        prefix: v.prefix ?? null,
        coverageExempt: v.coverage_exempt ?? null,
        ruling: this.ruling(domain, [...path, "values", i], v.ruling, vid),
      };
    });
    return {
      id,
      name: raw.name,
      domain,
      kind: raw.kind,
      width: raw.width,
      cPrefix: raw.c_prefix,
      cFormat: raw.c_format ?? (raw.width === 32 ? "hex8" : "dec"),
      doc: raw.doc,
      status,
      ordered: raw.ordered ?? false,
      reserved: (raw.reserved ?? []).map((r) => ({ from: r.from, to: r.to, doc: r.doc ?? null })),
      reservedMask: raw.reserved_mask ?? 0,
      values: raw.ordered ? values : [...values].sort((a, b) => a.value - b.value || a.name.localeCompare(b.name)),
      ruling: this.ruling(domain, path, raw.ruling, id),
    };
  }

  struct(domain: Domain, path: PathKey[], raw: RawStruct): StructDef {
    const id = this.at(domain, path, `struct.${raw.name}`);
    raw.fields.forEach((f, i) => this.at(domain, [...path, "fields", i], `struct.${raw.name}.${f.name}`));
    return {
      id,
      name: raw.name,
      domain,
      doc: raw.doc,
      byteOrder: raw.byte_order,
      size: raw.size,
      fields: raw.fields.map((f) => ({ name: f.name, type: f.type, offset: f.offset, size: typeSize(f.type), doc: f.doc ?? null })),
    };
  }

  record(domain: Domain, path: PathKey[], raw: RawRecord): RecordDef {
    const id = this.at(domain, path, `record.${raw.name}`);
    return { id, name: raw.name, domain, doc: raw.doc, fields: raw.fields.map(fieldDef) };
  }
}

export function fieldDef(raw: RawField): FieldDef {
  return {
    name: raw.name,
    type: raw.type as FieldKind,
    doc: raw.doc ?? null,
    nullable: raw.nullable ?? false,
    optional: raw.optional ?? false,
    aliases: raw.aliases ?? [],
    enum: raw.enum ?? null,
    refEnum: raw.ref_enum ?? null,
    ref: raw.ref ?? null,
    items: raw.items === undefined ? null : itemType(raw.items),
    values: (raw.values as ScalarType | undefined) ?? null,
    fields: raw.fields ? raw.fields.map(fieldDef) : null,
    open: raw.open ?? false,
  };
}

function itemType(raw: NonNullable<RawField["items"]>): ItemType {
  if (typeof raw === "string") return raw as ScalarType;
  if (raw.type === "ref") return { type: "ref", ref: raw.ref };
  return { type: "object", open: raw.open ?? false, fields: raw.fields.map(fieldDef) };
}

export function footprintOf(
  terms: { metadata: { count: string; each: string }[]; rings: { count: string; each: string }[]; names: string },
  limits: Record<string, number>,
  costs: Record<string, number>,
): Profile["footprint"] {
  const num = (k: string): number => limits[k] ?? costs[k] ?? 0;
  const sum = (ts: { count: string; each: string }[]): number => ts.reduce((a, t) => a + num(t.count) * num(t.each), 0);
  const metadataBytes = sum(terms.metadata);
  const ringBytes = sum(terms.rings);
  const nameBytes = num(terms.names);
  return { metadataBytes, ringBytes, nameBytes, totalBytes: metadataBytes + ringBytes + nameBytes };
}

/** Build the canonical model from schema-valid raw files. Semantic checks are lint's job. */
export function buildModel(raw: RawSpec, files: Record<Domain, SourceFile>): { model: Model; positions: Positions } {
  const b = new Builder(files);
  const constants: Constant[] = [];
  const enums: EnumDef[] = [];
  const structs: StructDef[] = [];
  const records: RecordDef[] = [];

  const C_CONST_PREFIX: Partial<Record<Domain, string>> = { isa: "HSX_", mailbox: "HSX_MBX_", executive: "HSX_EXEC_", hxe: "HSX_HXE_" };
  const addCommon = (domain: Domain, r: { constants?: RawConstant[]; enums?: RawEnum[]; structs?: RawStruct[]; records?: RawRecord[] }): void => {
    r.constants?.forEach((c, i) => constants.push(b.constant(domain, ["constants", i], c, C_CONST_PREFIX[domain] ?? "HSX_")));
    r.enums?.forEach((e, i) => enums.push(b.enumDef(domain, ["enums", i], e)));
    r.structs?.forEach((s, i) => structs.push(b.struct(domain, ["structs", i], s)));
    r.records?.forEach((s, i) => records.push(b.record(domain, ["records", i], s)));
  };

  // meta
  const meta = raw.meta;
  b.rulesOf("meta", ["versioning", "rules"], meta.versioning.rules);
  b.rulesOf("meta", ["allocation", "rules"], meta.allocation.rules);
  meta.rulings.forEach((r, i) => b.ruling("meta", ["rulings", i], { ...r }, "meta"));

  // isa
  const isa = raw.isa;
  addCommon("isa", isa);
  b.rulesOf("isa", ["rules"], isa.rules);
  b.ruling("isa", ["word"], isa.word.ruling, "isa.word");
  const wordFields = isa.word.fields.map((f, i) => {
    b.at("isa", ["word", "fields", i], `isa.field.${f.name}`);
    const width = f.msb - f.lsb + 1;
    return { name: f.name, msb: f.msb, lsb: f.lsb, width, shift: f.lsb, mask: width >= 32 ? 0xffffffff : 2 ** width - 1, doc: f.doc };
  });
  b.at("isa", ["execution"], "isa.execution");
  const forms = isa.forms.map((f, i) => {
    b.at("isa", ["forms", i], `isa.form.${f.name}`);
    return { name: f.name, fields: f.fields, imm: f.imm ?? null, ext: f.ext ?? false, syntax: f.syntax, doc: f.doc };
  });
  const opcodes = isa.opcodes
    .map((o, i) => {
      const id = b.at("isa", ["opcodes", i], `isa.opcode.${o.mnemonic}`);
      b.item(id, "opcode", "isa");
      return {
        id,
        value: o.value,
        mnemonic: o.mnemonic,
        form: o.form,
        flags: Object.fromEntries(Object.entries(o.flags).sort(([a], [c]) => a.localeCompare(c))) as Record<string, FlagWrite>,
        faults: o.faults,
        doc: o.doc,
        sem: o.sem,
        ruling: b.ruling("isa", ["opcodes", i], o.ruling, id),
      };
    })
    .sort((a, c) => a.value - c.value);

  // svc
  const svc = raw.svc;
  addCommon("svc", svc);
  b.ruling("svc", ["convention"], svc.convention.ruling, "svc.convention");
  b.rulesOf("svc", ["convention", "rules"], svc.convention.rules);
  const modules = svc.modules
    .map((m, mi) => {
      const id = b.at("svc", ["modules", mi], `svc.module.${m.name}`);
      const functions = m.functions
        .map((f, fi) => {
          const fid = b.at("svc", ["modules", mi, "functions", fi], `svc.fn.${m.name}.${f.name}`);
          const status = m.status === "planned" ? "planned" : (f.status ?? "implemented");
          b.item(fid, "svc_function", "svc", status);
          const reg = (r: { reg: string; name: string; type: string; doc?: string }) => ({ reg: r.reg, name: r.name, type: r.type, doc: r.doc ?? null });
          return {
            id: fid,
            number: f.id,
            name: f.name,
            status,
            doc: f.doc,
            in: f.in.map(reg),
            out: f.out.map(reg),
            ruling: b.ruling("svc", ["modules", mi, "functions", fi], f.ruling, fid),
          } as const;
        })
        .sort((a, c) => a.number - c.number);
      return { id, number: m.id, name: m.name, c: m.c_name, status: m.status, doc: m.doc, functions };
    })
    .sort((a, c) => a.number - c.number);

  // mailbox
  const mbx = raw.mailbox;
  addCommon("mailbox", mbx);
  b.rulesOf("mailbox", ["rules"], mbx.rules);

  // events
  const ev = raw.events;
  b.ruling("events", ["envelope"], ev.envelope.ruling, "events.envelope");
  b.rulesOf("events", ["rules"], ev.rules);
  const events = ev.events
    .map((e, i) => {
      const id = b.at("events", ["events", i], `event.${e.name}`);
      const status = e.status ?? "implemented";
      b.item(id, "event", "events", status);
      return {
        id,
        name: e.name,
        number: e.id,
        status,
        pidDoc: e.pid,
        doc: e.doc,
        fields: e.fields.map(fieldDef),
        example: e.example,
        examplePid: e.example_pid,
        ruling: b.ruling("events", ["events", i], e.ruling, id),
      };
    })
    .sort((a, c) => a.number - c.number);

  // executive
  const ex = raw.executive;
  addCommon("executive", ex);
  b.rulesOf("executive", ["rules"], ex.rules);
  b.ruling("executive", ["transitions"], ex.transitions.ruling, "executive.transitions");
  for (const to of ex.transitions.initial) {
    const id = b.at("executive", ["transitions", "initial"], `executive.transition.NONE.${to}`);
    b.item(id, "transition", "executive");
  }
  for (const [from, tos] of Object.entries(ex.transitions.allowed)) {
    for (const to of tos) {
      const id = b.at("executive", ["transitions", "allowed", from], `executive.transition.${from}.${to}`);
      b.item(id, "transition", "executive");
    }
  }

  // profiles
  const pr = raw.profiles;
  b.rulesOf("profiles", ["rules"], pr.rules);
  const profiles = pr.profiles.map((p, i) => {
    const id = b.at("profiles", ["profiles", i], `profile.${p.name}`);
    for (const l of pr.limits) {
      const lid = b.at("profiles", ["profiles", i, "limits", l.name], `profile.${p.name}.${l.name}`);
      b.item(lid, "profile_limit", "profiles");
    }
    return {
      id,
      name: p.name,
      c: p.c,
      doc: p.doc,
      limits: sortedRecord(p.limits),
      costs: sortedRecord(p.costs),
      budget: { metadataBytes: p.budget.metadata_bytes, sramBytes: p.budget.sram_bytes },
      footprint: footprintOf(pr.footprint, p.limits, p.costs),
      ruling: b.ruling("profiles", ["profiles", i], p.ruling, id),
    };
  });
  pr.limits.forEach((l, i) => b.at("profiles", ["limits", i], `profiles.limit.${l.name}`));
  pr.costs.forEach((c, i) => b.at("profiles", ["costs", i], `profiles.cost.${c.name}`));

  // hxe
  const hx = raw.hxe;
  addCommon("hxe", hx);
  b.ruling("hxe", [], hx.ruling, "hxe");
  b.ruling("hxe", ["crc"], hx.crc.ruling, "hxe.crc");
  b.ruling("hxe", ["mailbox_document"], hx.mailbox_document.ruling, "hxe.mailbox_document");
  b.rulesOf("hxe", ["rules"], hx.rules);
  b.at("hxe", ["crc"], "hxe.crc");
  b.at("hxe", ["mailbox_document"], "hxe.mailbox_document");

  // conformance
  const cf = raw.conformance;
  addCommon("conformance", cf);
  b.rulesOf("conformance", ["rules"], cf.rules);
  b.ruling("conformance", ["protocol"], cf.protocol.ruling, "conformance.protocol");
  const ops = cf.ops.map((o, i) => {
    const id = b.at("conformance", ["ops", i], `conformance.op.${o.name}`);
    b.ruling("conformance", ["ops", i], o.ruling, id);
    return { id, name: o.name, level: o.level, doc: o.doc, args: o.args.map(fieldDef), vectorArgs: (o.vector_args ?? []).map(fieldDef), result: o.result.map(fieldDef) };
  });
  cf.protocol.commands.forEach((c, i) => b.at("conformance", ["protocol", "commands", i], `conformance.command.${c.name}`));

  // Coverage items that live in enums.
  const enumItemKinds: Record<string, string> = { vm_error: "vm_error", mbx_status: "mbx_status", mbx_mode: "mbx_mode", hxe_error: "hxe_error" };
  for (const e of enums) {
    const kind = enumItemKinds[e.name];
    if (!kind) continue;
    for (const v of e.values) {
      if (e.name === "vm_error" && !v.fault) continue;
      b.item(v.id, kind, e.domain, v.reserved ? "reserved" : v.coverageExempt ? "exempt" : e.status);
    }
  }

  const model: Model = {
    name: meta.name,
    title: meta.title,
    version: meta.version,
    doc: meta.doc,
    isa: {
      doc: isa.doc,
      word: { bits: isa.word.bits, byteOrder: isa.word.byte_order, doc: isa.word.doc, fields: wordFields },
      execution: isa.execution,
      forms,
      reservedOpcodes: isa.reserved_opcodes.map((r) => ({ from: r.from, to: r.to, doc: r.doc ?? null })),
      opcodes,
    },
    svc: {
      doc: svc.doc,
      convention: { args: svc.convention.args, result: svc.convention.result },
      modules,
      reservedModules: svc.reserved_modules.map((r) => ({ from: r.from, to: r.to, doc: r.doc ?? null })),
    },
    mailbox: { doc: mbx.doc, svcModule: mbx.svc_module },
    events: { doc: ev.doc, envelope: ev.envelope.fields.map(fieldDef), events },
    executive: { doc: ex.doc, transitions: { doc: ex.transitions.doc ?? null, initial: ex.transitions.initial, allowed: ex.transitions.allowed } },
    profiles: {
      doc: pr.doc,
      defaultProfile: pr.default_profile,
      limits: pr.limits.map((l) => ({ name: l.name, unit: l.unit, zeroMeans: l.zero_means ?? null, doc: l.doc })),
      costs: pr.costs.map((c) => ({ name: c.name, doc: c.doc })),
      footprint: { doc: pr.footprint.doc, metadata: pr.footprint.metadata, rings: pr.footprint.rings, names: pr.footprint.names },
      profiles,
    },
    hxe: {
      doc: hx.doc,
      crc: {
        name: hx.crc.name,
        polyReflected: hx.crc.poly_reflected,
        polyNormal: hx.crc.poly_normal,
        init: hx.crc.init,
        xorout: hx.crc.xorout,
        check: hx.crc.check,
        span: hx.crc.span,
      },
      mailboxDocument: {
        doc: hx.mailbox_document.doc,
        modeTokens: hx.mailbox_document.mode_tokens,
        entry: hx.mailbox_document.entry.map(fieldDef),
        open: hx.mailbox_document.open,
      },
    },
    conformance: {
      doc: cf.doc,
      protocol: {
        version: cf.protocol.version,
        doc: cf.protocol.doc,
        commands: cf.protocol.commands.map((c) => ({ name: c.name, doc: c.doc, request: c.request.map(fieldDef), reply: c.reply.map(fieldDef) })),
      },
      ops,
      commonResults: Object.fromEntries(Object.entries(cf.common_results).sort(([a], [c]) => a.localeCompare(c)).map(([k, v]) => [k, v.map(fieldDef)])),
      coverage: cf.coverage,
    },
    constants,
    enums,
    structs,
    records,
    rules: b.rules,
    rulings: [...b.rulings].sort((a, c) => a.id.localeCompare(c.id)),
    items: [...b.items].sort((a, c) => a.id.localeCompare(c.id)),
  };
  return { model, positions: b.positions };
}

function sortedRecord(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}

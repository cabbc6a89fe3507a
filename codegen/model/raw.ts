/**
 * Shapes of the spec YAML files after they passed the spec-language schema
 * (spec/schema/*.schema.json). Only build.ts reads these.
 */

export interface RawRuling {
  id: string;
  text: string;
  source: string;
}

export interface RawRule {
  id: string;
  text: string;
  ruling?: RawRuling;
}

export interface RawRange {
  from: number;
  to: number;
  doc?: string;
}

export interface RawConstant {
  name: string;
  c?: string;
  value: number | string;
  type: "u8" | "u16" | "u32" | "i32" | "string";
  format?: "dec" | "hex" | "hex2" | "hex4" | "hex8";
  doc: string;
  ruling?: RawRuling;
}

export interface RawEnumValue {
  name: string;
  value: number;
  doc: string;
  ruling?: RawRuling;
  reserved?: boolean;
  composite?: string[];
  fault?: boolean;
  wire?: string;
  prefix?: string;
  coverage_exempt?: string;
}

export interface RawEnum {
  name: string;
  kind: "enum" | "flags";
  width: 8 | 16 | 32;
  c_prefix: string;
  c_format?: "dec" | "hex" | "hex2" | "hex4" | "hex8";
  doc: string;
  ruling?: RawRuling;
  status?: "implemented" | "planned";
  ordered?: boolean;
  reserved?: RawRange[];
  reserved_mask?: number;
  values: RawEnumValue[];
}

export interface RawStruct {
  name: string;
  doc: string;
  byte_order: "big" | "little" | "native";
  size: number;
  fields: { name: string; type: string; offset: number; doc?: string }[];
}

export interface RawField {
  name: string;
  type: string;
  doc?: string;
  nullable?: boolean;
  optional?: boolean;
  aliases?: string[];
  enum?: string[];
  ref_enum?: string;
  ref?: string;
  items?: string | { type: "object"; open?: boolean; fields: RawField[] } | { type: "ref"; ref: string };
  values?: string;
  fields?: RawField[];
  open?: boolean;
}

export interface RawRecord {
  name: string;
  doc: string;
  fields: RawField[];
}

export interface RawMeta {
  kind: "meta";
  name: string;
  title: string;
  version: string;
  doc: string;
  versioning: { scheme: string; rules: RawRule[] };
  allocation: { rules: RawRule[] };
  rulings: RawRuling[];
}

export interface RawIsa {
  kind: "isa";
  doc: string;
  word: { bits: number; byte_order: "big" | "little"; doc: string; ruling?: RawRuling; fields: { name: string; msb: number; lsb: number; doc: string }[] };
  constants: RawConstant[];
  enums: RawEnum[];
  execution: {
    doc: string;
    fetch: string;
    illegal: string;
    inputs: { name: string; doc: string }[];
    outputs: { name: string; doc: string }[];
    functions: { name: string; arity: number; doc: string }[];
    stops: { name: string; doc: string }[];
  };
  forms: { name: string; fields: string[]; imm?: "signed" | "unsigned"; ext?: boolean; syntax: string; doc: string }[];
  reserved_opcodes: RawRange[];
  opcodes: { value: number; mnemonic: string; form: string; flags: Record<string, string>; faults: string[]; doc: string; sem: string; ruling?: RawRuling }[];
  rules: RawRule[];
}

export interface RawReg {
  reg: string;
  name: string;
  type: string;
  doc?: string;
}

export interface RawSvc {
  kind: "svc";
  doc: string;
  convention: { args: string[]; result: string; ruling?: RawRuling; rules: RawRule[] };
  modules: {
    id: number;
    name: string;
    c_name: string;
    status: "implemented" | "planned";
    doc: string;
    functions: { id: number; name: string; status?: "implemented" | "planned"; doc: string; in: RawReg[]; out: RawReg[]; ruling?: RawRuling }[];
  }[];
  reserved_modules: RawRange[];
  enums: RawEnum[];
}

export interface RawMailbox {
  kind: "mailbox";
  doc: string;
  svc_module: string;
  constants: RawConstant[];
  enums: RawEnum[];
  structs: RawStruct[];
  records: RawRecord[];
  rules: RawRule[];
}

export interface RawEvents {
  kind: "events";
  doc: string;
  envelope: { doc: string; fields: RawField[]; ruling?: RawRuling };
  events: { name: string; id: number; status?: "implemented" | "planned"; pid: string; doc: string; fields: RawField[]; example: Record<string, unknown>; example_pid: number | null; ruling?: RawRuling }[];
  rules: RawRule[];
}

export interface RawExecutive {
  kind: "executive";
  doc: string;
  constants: RawConstant[];
  enums: RawEnum[];
  transitions: { ruling?: RawRuling; doc?: string; initial: string[]; allowed: Record<string, string[]> };
  rules: RawRule[];
}

export interface RawProfiles {
  kind: "profiles";
  doc: string;
  default_profile: string;
  limits: { name: string; unit: string; zero_means?: string; doc: string }[];
  costs: { name: string; doc: string }[];
  footprint: { doc: string; metadata: { count: string; each: string }[]; rings: { count: string; each: string }[]; names: string };
  profiles: {
    name: string;
    c: string;
    doc: string;
    ruling?: RawRuling;
    limits: Record<string, number>;
    costs: Record<string, number>;
    budget: { metadata_bytes: number; sram_bytes: number };
  }[];
  rules: RawRule[];
}

export interface RawHxe {
  kind: "hxe";
  doc: string;
  ruling?: RawRuling;
  constants: RawConstant[];
  crc: {
    name: string;
    poly_reflected: number;
    poly_normal: number;
    init: number;
    xorout: number;
    check: { input: string; value: number };
    span: string;
    ruling?: RawRuling;
  };
  enums: RawEnum[];
  structs: RawStruct[];
  mailbox_document: { doc: string; mode_tokens: { tokens: string[]; value: number }[]; entry: RawField[]; open: boolean; ruling?: RawRuling };
  rules: RawRule[];
}

export interface RawConformance {
  kind: "conformance";
  doc: string;
  protocol: { version: number; doc: string; ruling?: RawRuling; commands: { name: string; doc: string; request: RawField[]; reply: RawField[] }[] };
  enums: RawEnum[];
  records: RawRecord[];
  ops: { name: string; level: string; doc: string; args: RawField[]; vector_args?: RawField[]; result: RawField[]; ruling?: RawRuling }[];
  common_results: Record<string, RawField[]>;
  coverage: { doc: string; gate: string[] };
  rules: RawRule[];
}

export interface RawSpec {
  meta: RawMeta;
  isa: RawIsa;
  svc: RawSvc;
  mailbox: RawMailbox;
  events: RawEvents;
  executive: RawExecutive;
  profiles: RawProfiles;
  hxe: RawHxe;
  conformance: RawConformance;
}

/**
 * The canonical model: the one normalized, resolved form of the spec that every
 * emitter, lint rule and the ABI diff read. It holds no source positions (those
 * live beside it) so its canonical JSON, and therefore the spec hash, changes only
 * when the meaning of the spec changes.
 */

export type Domain = "meta" | "isa" | "svc" | "mailbox" | "events" | "executive" | "profiles" | "hxe" | "conformance";

export interface Ruling {
  id: string;
  text: string;
  source: string;
  /** Spec item the ruling decides (an item id). */
  item: string;
}

export interface Rule {
  /** Qualified id, e.g. "mailbox.rule.FANOUT_RECLAIM". */
  id: string;
  key: string;
  domain: Domain;
  text: string;
  ruling: string | null;
}

export type ConstType = "u8" | "u16" | "u32" | "i32" | "string";
export type NumFormat = "dec" | "hex" | "hex2" | "hex4" | "hex8";

export interface Constant {
  id: string;
  domain: Domain;
  name: string;
  /** C macro name. */
  c: string;
  value: number | string;
  type: ConstType;
  format: NumFormat;
  doc: string;
  ruling: string | null;
}

export interface Range {
  from: number;
  to: number;
  doc: string | null;
}

export interface EnumValue {
  id: string;
  name: string;
  /** C macro name. */
  c: string;
  value: number;
  doc: string;
  reserved: boolean;
  composite: string[] | null;
  fault: boolean | null;
  wire: string | null;
  prefix: string | null;
  /** Why no conformance vector can check this value (kept out of the coverage gate). */
  coverageExempt: string | null;
  ruling: string | null;
}

export interface EnumDef {
  id: string;
  name: string;
  domain: Domain;
  kind: "enum" | "flags";
  width: 8 | 16 | 32;
  cPrefix: string;
  cFormat: NumFormat;
  doc: string;
  status: "implemented" | "planned";
  ordered: boolean;
  reserved: Range[];
  reservedMask: number;
  /** In spec order (which is value order unless the enum is `ordered`). */
  values: EnumValue[];
  ruling: string | null;
}

export interface StructField {
  name: string;
  /** u8..u64, i8..i64, char[N] or u8[N] */
  type: string;
  offset: number;
  size: number;
  doc: string | null;
}

export interface StructDef {
  id: string;
  name: string;
  domain: Domain;
  doc: string;
  byteOrder: "big" | "little" | "native";
  size: number;
  fields: StructField[];
}

export type ScalarType = "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "int" | "number" | "bool" | "string" | "any" | "mode" | "hex";
export type FieldKind = ScalarType | "object" | "array" | "map" | "ref";

export interface ObjectType {
  type: "object";
  open: boolean;
  fields: FieldDef[];
}

export interface RefType {
  type: "ref";
  ref: string;
}

export type ItemType = ScalarType | ObjectType | RefType;

export interface FieldDef {
  name: string;
  type: FieldKind;
  doc: string | null;
  nullable: boolean;
  optional: boolean;
  aliases: string[];
  /** Allowed string values. */
  enum: string[] | null;
  /** Spec enum whose values (integers) or wire names (strings) restrict the field. */
  refEnum: string | null;
  /** Record referenced by a `ref` field. */
  ref: string | null;
  items: ItemType | null;
  values: ScalarType | null;
  fields: FieldDef[] | null;
  open: boolean;
}

export interface RecordDef {
  id: string;
  name: string;
  domain: Domain;
  doc: string;
  fields: FieldDef[];
}

export interface WordField {
  name: string;
  msb: number;
  lsb: number;
  width: number;
  shift: number;
  mask: number;
  doc: string;
}

export interface Form {
  name: string;
  fields: string[];
  imm: "signed" | "unsigned" | null;
  ext: boolean;
  syntax: string;
  doc: string;
}

export type FlagWrite = "result" | "carry" | "no_borrow" | "overflow" | "high_nonzero" | "clear" | "shift_out";

export interface Opcode {
  id: string;
  value: number;
  mnemonic: string;
  form: string;
  /** Flag name -> how it is written; flags absent are unchanged. */
  flags: Record<string, FlagWrite>;
  faults: string[];
  doc: string;
  /** Executable semantics (the language of IsaModel.execution). */
  sem: string;
  ruling: string | null;
}

export interface Named {
  name: string;
  doc: string;
}

export interface Execution {
  doc: string;
  /** Checked before decoding every instruction. */
  fetch: string;
  /** What a reserved opcode does. */
  illegal: string;
  inputs: Named[];
  outputs: Named[];
  functions: (Named & { arity: number })[];
  stops: Named[];
}

export interface IsaModel {
  doc: string;
  word: { bits: number; byteOrder: "big" | "little"; doc: string; fields: WordField[] };
  execution: Execution;
  forms: Form[];
  reservedOpcodes: Range[];
  /** Sorted by value. */
  opcodes: Opcode[];
}

export interface RegUse {
  reg: string;
  name: string;
  type: string;
  doc: string | null;
}

export interface SvcFunction {
  id: string;
  number: number;
  name: string;
  status: "implemented" | "planned";
  doc: string;
  in: RegUse[];
  out: RegUse[];
  ruling: string | null;
}

export interface SvcModule {
  id: string;
  number: number;
  name: string;
  c: string;
  status: "implemented" | "planned";
  doc: string;
  functions: SvcFunction[];
}

export interface SvcModel {
  doc: string;
  convention: { args: string[]; result: string };
  modules: SvcModule[];
  reservedModules: Range[];
}

export interface EventDef {
  id: string;
  name: string;
  number: number;
  status: "implemented" | "planned";
  pidDoc: string;
  doc: string;
  fields: FieldDef[];
  example: Record<string, unknown>;
  /** The envelope pid of the example (null when the event is about no task). */
  examplePid: number | null;
  ruling: string | null;
}

export interface EventsModel {
  doc: string;
  envelope: FieldDef[];
  events: EventDef[];
}

export interface ExecutiveModel {
  doc: string;
  transitions: {
    doc: string | null;
    initial: string[];
    /** from state -> allowed target states, in spec order */
    allowed: Record<string, string[]>;
  };
}

export interface LimitDef {
  name: string;
  unit: string;
  zeroMeans: string | null;
  doc: string;
}

export interface Term {
  count: string;
  each: string;
}

export interface Profile {
  id: string;
  name: string;
  c: string;
  doc: string;
  limits: Record<string, number>;
  costs: Record<string, number>;
  budget: { metadataBytes: number; sramBytes: number };
  /** Footprint by the spec's formula. */
  footprint: { metadataBytes: number; ringBytes: number; nameBytes: number; totalBytes: number };
  ruling: string | null;
}

export interface ProfilesModel {
  doc: string;
  defaultProfile: string;
  limits: LimitDef[];
  costs: { name: string; doc: string }[];
  footprint: { doc: string; metadata: Term[]; rings: Term[]; names: string };
  profiles: Profile[];
}

export interface ModeToken {
  tokens: string[];
  value: number;
}

export interface HxeModel {
  doc: string;
  crc: { name: string; polyReflected: number; polyNormal: number; init: number; xorout: number; check: { input: string; value: number }; span: string };
  mailboxDocument: { doc: string; modeTokens: ModeToken[]; entry: FieldDef[]; open: boolean };
}

export interface ProtocolCommand {
  name: string;
  doc: string;
  request: FieldDef[];
  reply: FieldDef[];
}

export interface OpDef {
  id: string;
  name: string;
  level: string;
  doc: string;
  args: FieldDef[];
  /** Arguments a vector may give instead, which the runner turns into `args` (e.g. MVASM source). */
  vectorArgs: FieldDef[];
  result: FieldDef[];
}

export interface ConformanceModel {
  doc: string;
  protocol: { version: number; doc: string; commands: ProtocolCommand[] };
  ops: OpDef[];
  /** Result fields every operation of a level carries, by level wire name. */
  commonResults: Record<string, FieldDef[]>;
  coverage: { doc: string; gate: string[] };
}

/** A spec item a conformance vector can cover. */
export interface SpecItem {
  id: string;
  kind: string;
  domain: Domain;
  status: "implemented" | "planned" | "reserved" | "exempt";
}

export interface Model {
  name: string;
  title: string;
  version: string;
  doc: string;
  isa: IsaModel;
  svc: SvcModel;
  events: EventsModel;
  executive: ExecutiveModel;
  profiles: ProfilesModel;
  hxe: HxeModel;
  conformance: ConformanceModel;
  mailbox: { doc: string; svcModule: string };
  /** All constants, enums, structs and records by name, across domains. */
  constants: Constant[];
  enums: EnumDef[];
  structs: StructDef[];
  records: RecordDef[];
  rules: Rule[];
  rulings: Ruling[];
  items: SpecItem[];
}

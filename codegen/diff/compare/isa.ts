/** The ISA: instruction word, forms, executable semantics, opcodes and the reserved opcode map. */
import type { Form, IsaModel, Opcode, WordField } from "../../model/types.js";
import { hexOf, same, type DiffContext } from "../context.js";
import { IntervalSet } from "../intervals.js";
import { compareNumbered } from "../numbered.js";
import { compareProps, nested, type PropCompare, type PropTable } from "../props.js";
import { compareRangeDocs, compareReserved, rangeSet, reservedNote } from "../reserved.js";
import { compareKeyed } from "./common.js";

const fmt = (v: number) => hexOf(v, 2);

/** The faults an opcode may raise are a set; their order in the list means nothing. */
const faultsProp: PropCompare<Opcode> = (ctx, o, n, ref) => {
  const a = [...o.faults].sort();
  const b = [...n.faults].sort();
  if (!same(a, b)) ctx.report("opcode-faults", { item: ref.item, message: `${ref.what}: faults [${a.join(", ")}] -> [${b.join(", ")}]`, old: o.faults, new: n.faults });
};

/** Flags absent from the table are unchanged by the opcode, so "unchanged" is a value too. */
const flagsProp: PropCompare<Opcode> = (ctx, o, n, ref) => {
  const names = [...new Set([...Object.keys(o.flags), ...Object.keys(n.flags)])].sort();
  const diff = names.filter((f) => o.flags[f] !== n.flags[f]).map((f) => `${f} ${o.flags[f] ?? "unchanged"} -> ${n.flags[f] ?? "unchanged"}`);
  if (diff.length) ctx.report("opcode-flags", { item: ref.item, message: `${ref.what}: flags ${diff.join(", ")}`, old: o.flags, new: n.flags });
};

const OPCODE_PROPS: PropTable<Opcode> = {
  id: "skip",
  mnemonic: "skip", // the match key; renames are found by value
  value: "skip", // the numbered table checks renumbering and reuse
  form: "opcode-form",
  flags: flagsProp,
  faults: faultsProp,
  sem: "semantics",
  doc: "doc",
  ruling: "ruling",
};

const WORD_FIELD_PROPS: PropTable<WordField> = {
  name: "skip",
  msb: "encoding",
  lsb: "encoding",
  width: "skip", // derived from msb and lsb
  shift: "skip", // derived
  mask: "skip", // derived
  doc: "doc",
};

type Word = IsaModel["word"];
const WORD_PROPS: PropTable<Word> = {
  bits: "encoding",
  byteOrder: "encoding",
  doc: "doc",
  fields: (ctx, o, n) =>
    compareKeyed(
      ctx,
      { key: (f) => f.name, id: (f) => `isa.field.${f.name}`, what: (f) => `word field ${f.name}`, props: WORD_FIELD_PROPS, removed: "encoding", added: "encoding" },
      o.fields,
      n.fields,
    ),
};

const FORM_PROPS: PropTable<Form> = {
  name: "skip",
  fields: "encoding",
  imm: "encoding",
  ext: "encoding",
  syntax: "asm-syntax",
  doc: "doc",
};

/** One name of the semantics language (an input, output, function or stop). */
interface Named {
  name: string;
  doc: string;
  arity?: number;
}

const NAMED_PROPS: PropTable<Named> = { name: "skip", doc: "doc", arity: "semantics" };

/** Additions to the language are new vocabulary; removing a name changes what existing sems mean. */
const vocabulary =
  (key: string): PropCompare<Record<string, unknown>> =>
  (ctx, o, n) =>
    compareKeyed(
      ctx,
      { key: (x) => x.name, id: (x) => `isa.execution.${key}.${x.name}`, what: (x) => `semantics ${key.replace(/s$/, "")} ${x.name}`, at: (x) => ({ domain: "isa", path: ["execution", key, { name: x.name }] }), props: NAMED_PROPS, removed: "semantics" },
      (o[key] ?? []) as Named[],
      (n[key] ?? []) as Named[],
    );

/**
 * The executable semantics (IsaModel.execution), typed loosely on purpose: the
 * table classifies the keys it knows and everything else fails closed.
 */
const EXECUTION_PROPS: PropTable<Record<string, unknown>> = {
  doc: "doc",
  fetch: "semantics",
  illegal: "semantics",
  inputs: vocabulary("inputs"),
  outputs: vocabulary("outputs"),
  functions: vocabulary("functions"),
  stops: vocabulary("stops"),
};

const ISA_PROPS: PropTable<IsaModel> = {
  doc: "doc",
  word: nested<IsaModel, Word>("word", WORD_PROPS, { item: "isa.word", what: "instruction word", at: { domain: "isa", path: ["word"] } }),
  execution: nested<IsaModel, Record<string, unknown>>("execution", EXECUTION_PROPS, { item: "isa.execution", what: "semantics", at: { domain: "isa", path: ["execution"] } }),
  forms: (ctx, o, n) => compareKeyed(ctx, { key: (f) => f.name, id: (f) => `isa.form.${f.name}`, what: (f) => `form ${f.name}`, props: FORM_PROPS }, o.forms, n.forms),
  reservedOpcodes: "skip", // compared with the opcodes, which may take reserved values
  opcodes: compareOpcodes,
};

function compareOpcodes(ctx: DiffContext, o: IsaModel, n: IsaModel): void {
  compareNumbered(
    ctx,
    {
      noun: "opcode",
      entry: (op) => ({ id: op.id, name: op.mnemonic, value: op.value, retired: false }),
      fmt,
      reservedNote: reservedNote(o.reservedOpcodes, "opcodes", fmt),
      compare: (c, a, b, ref) => compareProps(c, ref, a, b, OPCODE_PROPS),
    },
    o.opcodes,
    n.opcodes,
  );
  const space = {
    noun: "opcodes",
    scope: "isa.reserved_opcodes",
    fmt,
    at: (_: unknown, v: number) => ({ domain: "isa" as const, path: ["reserved_opcodes", (r: unknown) => v >= (r as { from: number }).from && v <= (r as { to: number }).to] }),
  };
  compareReserved(ctx, {
    ...space,
    old: rangeSet(o.reservedOpcodes),
    new: rangeSet(n.reservedOpcodes),
    oldTaken: IntervalSet.of(o.opcodes.map((x) => x.value)),
    newTaken: IntervalSet.of(n.opcodes.map((x) => x.value)),
  });
  compareRangeDocs(ctx, space, o.reservedOpcodes, n.reservedOpcodes);
}

export function compareIsa(ctx: DiffContext, o: IsaModel, n: IsaModel): void {
  compareProps(ctx, { item: "isa", what: "ISA", at: () => ({ domain: "isa", path: [] }) }, o, n, ISA_PROPS);
}

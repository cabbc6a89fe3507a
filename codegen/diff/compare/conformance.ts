/**
 * The conformance domain: the adapter protocol that certifies an implementation. The
 * runner (hsx-kit) and an adapter (the implementation's side) are built from possibly
 * different spec versions, so field directions are taken from the adapter's seat:
 * requests and operation arguments are inputs it reads, replies and results outputs it
 * produces (see fields.ts for what each direction allows).
 */
import type { ConformanceModel, FieldDef, OpDef, ProtocolCommand } from "../../model/types.js";
import type { DiffContext } from "../context.js";
import { compareFields, type Direction } from "../fields.js";
import { compareProps, nested, type PropCompare, type PropTable } from "../props.js";
import { compareKeyed } from "./common.js";

function fieldsOf<T extends { name: string }>(key: keyof T & string, dir: Direction, item: (t: T) => string, what: (t: T) => string, list: (t: T) => readonly (string | { name: string })[]): PropCompare<T> {
  return (ctx, o, n) =>
    compareFields(ctx, { item: `${item(n)}.${key}`, what: `${what(n)} ${key}`, dir, domain: "conformance", list: (side) => list(side === "old" ? o : n) }, o[key] as FieldDef[], n[key] as FieldDef[]);
}

const COMMAND_PROPS: PropTable<ProtocolCommand> = {
  name: "skip",
  doc: "doc",
  request: fieldsOf<ProtocolCommand>("request", "input", (c) => `conformance.command.${c.name}`, (c) => `command ${c.name}`, (c) => ["protocol", "commands", { name: c.name }, "request"]),
  reply: fieldsOf<ProtocolCommand>("reply", "output", (c) => `conformance.command.${c.name}`, (c) => `command ${c.name}`, (c) => ["protocol", "commands", { name: c.name }, "reply"]),
};

const OP_PROPS: PropTable<OpDef> = {
  id: "skip",
  name: "skip",
  level: "op-level",
  doc: "doc",
  args: fieldsOf<OpDef>("args", "input", (op) => op.id, (op) => `operation ${op.name}`, (op) => ["ops", { name: op.name }, "args"]),
  result: fieldsOf<OpDef>("result", "output", (op) => op.id, (op) => `operation ${op.name}`, (op) => ["ops", { name: op.name }, "result"]),
  // What vector files may give instead of args: the runner reads vectors written against older specs.
  vectorArgs: fieldsOf<OpDef>("vectorArgs", "input", (op) => op.id, (op) => `operation ${op.name}`, (op) => ["ops", { name: op.name }, "vector_args"]),
};

type Protocol = ConformanceModel["protocol"];
const PROTOCOL_PROPS: PropTable<Protocol> = {
  version: "protocol-version",
  doc: "doc",
  commands: (ctx, o, n) =>
    compareKeyed(ctx, { key: (c) => c.name, id: (c) => `conformance.command.${c.name}`, what: (c) => `adapter command ${c.name}`, props: COMMAND_PROPS }, o.commands, n.commands),
};

type Coverage = ConformanceModel["coverage"];
const COVERAGE_PROPS: PropTable<Coverage> = {
  doc: "doc",
  // A set of item kinds: order means nothing.
  gate: (ctx, o, n, ref) => {
    const [a, b] = [[...o.gate].sort(), [...n.gate].sort()];
    const base = ref.at?.("new");
    const at = base ? { ...base, path: [...base.path, "gate"], key: true } : undefined;
    if (a.join() !== b.join()) ctx.report("coverage-gate", { item: ref.item, at, message: `coverage gate [${a.join(", ")}] -> [${b.join(", ")}]`, old: o.gate, new: n.gate });
  },
};

/** Result fields common to every operation of a level, keyed by level. */
const commonResults: PropCompare<ConformanceModel> = (ctx, o, n) => {
  const levels = (m: ConformanceModel) => Object.entries(m.commonResults).map(([level, fields]) => ({ level, fields }));
  compareKeyed(
    ctx,
    {
      key: (l) => l.level,
      id: (l) => `conformance.common_results.${l.level}`,
      what: (l) => `common results of level ${l.level}`,
      at: (l) => ({ domain: "conformance", path: ["common_results", l.level] }),
      props: {
        level: "skip",
        fields: (c, a, b) =>
          compareFields(c, { item: `conformance.common_results.${b.level}`, what: `common results of level ${b.level}`, dir: "output", domain: "conformance", list: () => ["common_results", b.level] }, a.fields, b.fields),
      },
    },
    levels(o),
    levels(n),
  );
};

const CONFORMANCE_PROPS: PropTable<ConformanceModel> = {
  doc: "doc",
  protocol: nested("protocol", PROTOCOL_PROPS, { item: "conformance.protocol", what: "adapter protocol", at: { domain: "conformance", path: ["protocol"] } }),
  ops: (ctx, o, n) => compareKeyed(ctx, { key: (op) => op.name, id: (op) => op.id, what: (op) => `operation ${op.name}`, props: OP_PROPS }, o.ops, n.ops),
  commonResults,
  coverage: nested("coverage", COVERAGE_PROPS, { item: "conformance.coverage", what: "coverage", at: { domain: "conformance", path: ["coverage"] } }),
};

export function compareConformance(ctx: DiffContext, o: ConformanceModel, n: ConformanceModel): void {
  compareProps(ctx, { item: "conformance", what: "conformance", at: () => ({ domain: "conformance", path: [] }) }, o, n, CONFORMANCE_PROPS);
}

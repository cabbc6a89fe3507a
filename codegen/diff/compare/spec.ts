/** The whole model: one property table over the top level, delegating each domain to its comparator. */
import type { Constant, ExecutiveModel, Model, Rule, Ruling } from "../../model/types.js";
import type { DiffContext } from "../context.js";
import { compareProps, nested, type PropCompare, type PropTable } from "../props.js";
import { compareKeyed, formatter } from "./common.js";
import { compareConformance } from "./conformance.js";
import { compareEnums } from "./enums.js";
import { compareEvents, compareRecords } from "./events.js";
import { compareHxe, compareMailbox } from "./hxe.js";
import { compareIsa } from "./isa.js";
import { compareProfiles } from "./profiles.js";
import { compareStructs } from "./structs.js";
import { compareSvc } from "./svc.js";

const constantValue: PropCompare<Constant> = (ctx, o, n, ref) => {
  if (o.value === n.value) return;
  const show = (c: Constant) => (typeof c.value === "number" ? formatter(c.format)(c.value) : JSON.stringify(c.value));
  ctx.report("constant-value", { item: ref.item, message: `${ref.what}: ${show(o)} -> ${show(n)}`, old: o.value, new: n.value });
};

const CONSTANT_PROPS: PropTable<Constant> = {
  id: "skip",
  name: "skip", // part of the id
  domain: "skip", // part of the id: a constant moved to another file is removed and added
  c: "c-name",
  value: constantValue,
  type: "constant-type",
  format: "format",
  doc: "doc",
  ruling: "ruling",
};

const RULE_PROPS: PropTable<Rule> = { id: "skip", key: "skip", domain: "skip", text: "rule-text", ruling: "ruling" };
const RULING_PROPS: PropTable<Ruling> = { id: "skip", text: "ruling", source: "ruling", item: "ruling" };

/** Transitions as a set of from.to edges (NONE for a new task's first state); list order means nothing. */
function edges(t: Pick<ExecutiveModel["transitions"], "initial" | "allowed">): Set<string> {
  const out = new Set(t.initial.map((to) => `NONE.${to}`));
  for (const [from, tos] of Object.entries(t.allowed)) for (const to of tos) out.add(`${from}.${to}`);
  return out;
}

type Transitions = ExecutiveModel["transitions"];
const TRANSITION_PROPS: PropTable<Transitions> = {
  doc: "doc",
  initial: "skip", // compared with `allowed`, as one set of edges
  allowed: (ctx, o, n) => {
    const [a, b] = [edges(o), edges(n)];
    const label = (t: string) => t.replace(".", " -> ").replace(/^NONE -> /, "new task -> ");
    for (const t of a) if (!b.has(t)) ctx.report("transition-removed", { item: `executive.transition.${t}`, side: "old", message: `task-state transition ${label(t)} no longer allowed` });
    for (const t of b) if (!a.has(t)) ctx.report("transition-added", { item: `executive.transition.${t}`, message: `task-state transition ${label(t)} now allowed` });
  },
};

const EXECUTIVE_PROPS: PropTable<ExecutiveModel> = {
  doc: "doc",
  transitions: nested("transitions", TRANSITION_PROPS, { item: "executive.transitions", what: "task-state transitions", at: { domain: "executive", path: ["transitions"] } }),
};

const MODEL_PROPS: PropTable<Model> = {
  name: "spec-name",
  title: "doc",
  doc: "doc",
  version: "skip", // judged by the version rule, not as a change
  items: "skip", // the coverage index, derived from the parts compared below
  isa: (ctx, o, n) => compareIsa(ctx, o.isa, n.isa),
  svc: (ctx, o, n) => compareSvc(ctx, o.svc, n.svc),
  events: (ctx, o, n) => compareEvents(ctx, o.events, n.events),
  executive: (ctx, o, n) => compareProps(ctx, { item: "executive", what: "executive", at: () => ({ domain: "executive", path: [] }) }, o.executive, n.executive, EXECUTIVE_PROPS),
  profiles: (ctx, o, n) => compareProfiles(ctx, o.profiles, n.profiles),
  hxe: (ctx, o, n) => compareHxe(ctx, o.hxe, n.hxe),
  mailbox: (ctx, o, n) => compareMailbox(ctx, o.mailbox, n.mailbox),
  conformance: (ctx, o, n) => compareConformance(ctx, o.conformance, n.conformance),
  constants: (ctx, o, n) => compareKeyed(ctx, { key: (c) => c.id, id: (c) => c.id, what: (c) => `constant ${c.c}`, props: CONSTANT_PROPS }, o.constants, n.constants),
  enums: (ctx, o, n) => compareEnums(ctx, o.enums, n.enums),
  structs: (ctx, o, n) => compareStructs(ctx, o.structs, n.structs),
  records: (ctx, o, n) => compareRecords(ctx, o.records, n.records),
  rules: (ctx, o, n) => compareKeyed(ctx, { key: (r) => r.id, id: (r) => r.id, what: (r) => `rule ${r.id}`, props: RULE_PROPS }, o.rules, n.rules),
  rulings: (ctx, o, n) =>
    compareKeyed(ctx, { key: (r) => r.id, id: (r) => `ruling.${r.id}`, what: (r) => `ruling ${r.id}`, props: RULING_PROPS, removed: "ruling", added: "ruling" }, o.rulings, n.rulings),
};

export function compareModels(ctx: DiffContext, o: Model, n: Model): void {
  compareProps(ctx, { item: "meta", what: "spec", at: () => ({ domain: "meta", path: [] }) }, o, n, MODEL_PROPS);
}

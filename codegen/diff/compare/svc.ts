/** SVC: the register convention, modules and functions (numbered tables), registers, the reserved module map. */
import type { RegUse, SvcFunction, SvcModel, SvcModule } from "../../model/types.js";
import { hexOf, same, type DiffContext, type Side } from "../context.js";
import { IntervalSet } from "../intervals.js";
import type { Where } from "../locate.js";
import { compareNumbered } from "../numbered.js";
import { compareProps, type ItemRef, type PropCompare, type PropTable } from "../props.js";
import { compareRangeDocs, compareReserved, rangeSet, reservedNote } from "../reserved.js";
import { statusProp } from "./common.js";

const fmtModule = (v: number) => hexOf(v);
const fmtFunction = (v: number) => hexOf(v, 2);

/**
 * Registers are compared by register name: a register added, dropped or retyped
 * changes what a compiled caller must put in or may read back (a new output also
 * clobbers a register the caller kept), so all of those break the convention.
 * Only a register's label and doc are free to change.
 */
function compareRegisters(ctx: DiffContext, ref: ItemRef, dir: "in" | "out", o: readonly RegUse[], n: readonly RegUse[], at: (side: Side, reg: string) => Where): void {
  const label = dir === "in" ? "input" : "output";
  const oldBy = new Map(o.map((r) => [r.reg, r]));
  const newBy = new Map(n.map((r) => [r.reg, r]));
  for (const r of o) {
    if (!newBy.has(r.reg)) ctx.report("svc-registers", { item: `${ref.item}.${dir}.${r.reg}`, side: "old", at: at("old", r.reg), message: `${ref.what}: ${label} ${r.reg} (${r.name}) removed`, old: r });
  }
  for (const b of n) {
    const a = oldBy.get(b.reg);
    const item = `${ref.item}.${dir}.${b.reg}`;
    const where = at("new", b.reg);
    if (!a) {
      ctx.report("svc-registers", { item, at: where, message: `${ref.what}: ${label} ${b.reg} (${b.name}: ${b.type}) added`, new: b });
      continue;
    }
    if (a.type !== b.type) ctx.report("svc-registers", { item, at: where, message: `${ref.what}: ${label} ${b.reg} type ${a.type} -> ${b.type}`, old: a.type, new: b.type });
    if (a.name !== b.name) ctx.report("register-name", { item, at: where, message: `${ref.what}: ${label} ${b.reg} renamed ${a.name} -> ${b.name}`, old: a.name, new: b.name });
    if (a.doc !== b.doc) ctx.report("doc", { item, at: where, message: `${ref.what}: ${label} ${b.reg} doc changed`, old: a.doc, new: b.doc });
  }
}

function functionProps(om: SvcModule, nm: SvcModule): PropTable<SvcFunction> {
  const regs =
    (dir: "in" | "out"): PropCompare<SvcFunction> =>
    (ctx, o, n, ref) => {
      const at = (side: Side, reg: string): Where => {
        const [m, f] = side === "old" ? [om, o] : [nm, n];
        return { domain: "svc", path: ["modules", { name: m.name }, "functions", { name: f.name }, dir, { key: "reg", value: reg }] };
      };
      compareRegisters(ctx, ref, dir, o[dir], n[dir], at);
    };
  return {
    id: "skip",
    name: "skip", // the match key; renames are found by number
    number: "skip", // the numbered table checks renumbering and reuse
    status: statusProp,
    doc: "doc",
    ruling: "ruling",
    in: regs("in"),
    out: regs("out"),
  };
}

const MODULE_PROPS: PropTable<SvcModule> = {
  id: "skip",
  name: "skip",
  number: "skip",
  c: "c-name",
  status: statusProp,
  doc: "doc",
  functions: (ctx, o, n) =>
    compareNumbered(
      ctx,
      {
        noun: `SVC ${n.name} function`,
        entry: (f) => ({ id: f.id, name: f.name, value: f.number, retired: false }),
        fmt: fmtFunction,
        compare: (c, a, b, ref) => compareProps(c, ref, a, b, functionProps(o, n)),
      },
      o.functions,
      n.functions,
    ),
};

/** The argument and result registers of every call. */
const conventionProp: PropCompare<SvcModel> = (ctx, o, n) => {
  const at: Where = { domain: "svc", path: ["convention"] };
  if (o.convention.args.join(",") !== n.convention.args.join(","))
    ctx.report("svc-convention", { item: "svc.convention", at: { ...at, path: ["convention", "args"] }, message: `SVC argument registers [${o.convention.args.join(", ")}] -> [${n.convention.args.join(", ")}]`, old: o.convention.args, new: n.convention.args });
  if (o.convention.result !== n.convention.result)
    ctx.report("svc-convention", { item: "svc.convention", at: { ...at, path: ["convention", "result"] }, message: `SVC result register ${o.convention.result} -> ${n.convention.result}`, old: o.convention.result, new: n.convention.result });
  for (const k of Object.keys({ ...o.convention, ...n.convention })) {
    if (k !== "args" && k !== "result" && !same((o.convention as Record<string, unknown>)[k], (n.convention as Record<string, unknown>)[k]))
      ctx.report("unclassified", { item: "svc.convention", at, message: `SVC convention: ${k} changed (no classification rule; treated as breaking)` });
  }
};

function compareModules(ctx: DiffContext, o: SvcModel, n: SvcModel): void {
  compareNumbered(
    ctx,
    {
      noun: "SVC module",
      entry: (m) => ({ id: m.id, name: m.name, value: m.number, retired: false }),
      fmt: fmtModule,
      reservedNote: reservedNote(o.reservedModules, "SVC modules", fmtModule),
      compare: (c, a, b, ref) => compareProps(c, ref, a, b, MODULE_PROPS),
    },
    o.modules,
    n.modules,
  );
  const space = {
    noun: "SVC modules",
    scope: "svc.reserved_modules",
    fmt: fmtModule,
    at: (_: Side, v: number): Where => ({ domain: "svc", path: ["reserved_modules", (r: unknown) => v >= (r as { from: number }).from && v <= (r as { to: number }).to] }),
  };
  compareReserved(ctx, {
    ...space,
    old: rangeSet(o.reservedModules),
    new: rangeSet(n.reservedModules),
    oldTaken: IntervalSet.of(o.modules.map((m) => m.number)),
    newTaken: IntervalSet.of(n.modules.map((m) => m.number)),
  });
  compareRangeDocs(ctx, space, o.reservedModules, n.reservedModules);
}

const SVC_PROPS: PropTable<SvcModel> = {
  doc: "doc",
  convention: conventionProp,
  modules: compareModules,
  reservedModules: "skip", // compared with the modules, which may take reserved numbers
};

export function compareSvc(ctx: DiffContext, o: SvcModel, n: SvcModel): void {
  compareProps(ctx, { item: "svc", what: "SVC", at: () => ({ domain: "svc", path: [] }) }, o, n, SVC_PROPS);
}

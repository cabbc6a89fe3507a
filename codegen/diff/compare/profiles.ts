/**
 * Resource profiles. Three parties rely on a profile, each in one direction:
 *  - guests rely on a limit being AT LEAST its value (lower = breaking, raise = compatible);
 *  - integrators size the target's memory by the budget, so it is a promise of AT MOST
 *    (raise = breaking, lower = compatible: lint proves the footprint still fits);
 *  - ports must keep each record within its cost, so a cost is an allowance
 *    (lower = breaking for certified ports, raise = compatible; the budget still holds).
 * The footprint itself is derived from limits, costs and the formula and is not
 * compared on its own: a raised limit grows it, and that is still compatible (VERSION_MINOR).
 */
import type { LimitDef, Profile, ProfilesModel } from "../../model/types.js";
import type { DiffContext } from "../context.js";
import type { Where } from "../locate.js";
import { compareProps, nested, type ItemRef, type PropCompare, type PropTable } from "../props.js";
import type { RuleId } from "../rules.js";
import { compareKeyed } from "./common.js";

/** A limit whose zero_means is set ("no limit") is unbounded at 0. */
function effective(v: number, def: LimitDef | undefined): number {
  return v === 0 && def?.zeroMeans ? Infinity : v;
}

function showLimit(v: number, def: LimitDef | undefined): string {
  return v === 0 && def?.zeroMeans ? `0 (${def.zeroMeans})` : String(v);
}

/** Compare one number of a profile in the direction its party relies on. */
function directional(ctx: DiffContext, ref: ItemRef, args: { item: string; at?: Where; name: string; o: number; n: number; up: RuleId; down: RuleId; showO?: string; showN?: string }): void {
  if (args.o === args.n) return;
  const rule = args.n > args.o ? args.up : args.down;
  const verb = args.n > args.o ? "raised" : "lowered";
  ctx.report(rule, { item: args.item, at: args.at, message: `${ref.what}: ${args.name} ${verb} ${args.showO ?? args.o} -> ${args.showN ?? args.n}`, old: args.o, new: args.n });
}

function profileProps(om: ProfilesModel, nm: ProfilesModel): PropTable<Profile> {
  const oldDef = new Map(om.limits.map((l) => [l.name, l]));
  const newDef = new Map(nm.limits.map((l) => [l.name, l]));
  const path = (p: Profile, ...rest: Where["path"]): Where => ({ domain: "profiles", path: ["profiles", { name: p.name }, ...rest] });

  // Limits and costs present on one side only follow a limit or cost definition added or removed, reported there.
  const limits: PropCompare<Profile> = (ctx, o, n, ref) => {
    for (const [name, nv] of Object.entries(n.limits)) {
      const ov = o.limits[name];
      if (ov === undefined) continue;
      const od = oldDef.get(name);
      const nd = newDef.get(name);
      const [a, b] = [effective(ov, od), effective(nv, nd)];
      if (a === b) continue;
      directional(ctx, ref, { item: `${n.id}.${name}`, name, o: a, n: b, up: "limit-raised", down: "limit-lowered", showO: showLimit(ov, od), showN: showLimit(nv, nd) });
    }
  };
  const costs: PropCompare<Profile> = (ctx, o, n, ref) => {
    for (const [name, nv] of Object.entries(n.costs)) {
      const ov = o.costs[name];
      if (ov === undefined) continue;
      directional(ctx, ref, { item: `${n.id}.${name}`, at: path(n, "costs", name), name: `cost ${name}`, o: ov, n: nv, up: "cost-raised", down: "cost-lowered" });
    }
  };
  const budget: PropCompare<Profile> = (ctx, o, n, ref) => {
    const keys: [keyof Profile["budget"], string][] = [
      ["metadataBytes", "metadata_bytes"],
      ["sramBytes", "sram_bytes"],
    ];
    for (const [key, raw] of keys) {
      directional(ctx, ref, { item: `${n.id}.budget.${raw}`, at: path(n, "budget", raw), name: `budget ${raw}`, o: o.budget[key], n: n.budget[key], up: "budget-raised", down: "budget-lowered" });
    }
    const known = new Set(keys.map(([k]) => k as string));
    for (const k of new Set([...Object.keys(o.budget), ...Object.keys(n.budget)])) {
      const [a, b] = [(o.budget as Record<string, unknown>)[k], (n.budget as Record<string, unknown>)[k]];
      if (!known.has(k) && a !== b) ctx.report("unclassified", { item: `${n.id}.budget`, at: path(n, "budget"), message: `${ref.what}: budget ${k} changed (no classification rule; treated as breaking)`, old: a, new: b });
    }
  };
  return {
    id: "skip",
    name: "skip",
    c: "c-name",
    doc: "doc",
    ruling: "ruling",
    footprint: "skip", // derived from limits, costs and the formula
    limits,
    costs,
    budget,
  };
}

const LIMIT_DEF_PROPS: PropTable<LimitDef> = { name: "skip", unit: "limit-meaning", zeroMeans: "limit-meaning", doc: "doc" };
const COST_DEF_PROPS: PropTable<{ name: string; doc: string }> = { name: "skip", doc: "doc" };
const FOOTPRINT_PROPS: PropTable<ProfilesModel["footprint"]> = { doc: "doc", metadata: "footprint-formula", rings: "footprint-formula", names: "footprint-formula" };

const PROFILES_PROPS: PropTable<ProfilesModel> = {
  doc: "doc",
  defaultProfile: "default-profile",
  limits: (ctx, o, n) => compareKeyed(ctx, { key: (l) => l.name, id: (l) => `profiles.limit.${l.name}`, what: (l) => `limit ${l.name}`, props: LIMIT_DEF_PROPS }, o.limits, n.limits),
  costs: (ctx, o, n) => compareKeyed(ctx, { key: (c) => c.name, id: (c) => `profiles.cost.${c.name}`, what: (c) => `cost ${c.name}`, props: COST_DEF_PROPS }, o.costs, n.costs),
  footprint: nested("footprint", FOOTPRINT_PROPS, { item: "profiles.footprint", what: "footprint formula", at: { domain: "profiles", path: ["footprint"] } }),
  profiles: (ctx, o, n) => compareKeyed(ctx, { key: (p) => p.name, id: (p) => p.id, what: (p) => `profile ${p.name}`, props: profileProps(o, n) }, o.profiles, n.profiles),
};

export function compareProfiles(ctx: DiffContext, o: ProfilesModel, n: ProfilesModel): void {
  compareProps(ctx, { item: "profiles", what: "profiles", at: () => ({ domain: "profiles", path: [] }) }, o, n, PROFILES_PROPS);
}

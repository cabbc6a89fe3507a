import { checkUnique, type LintContext } from "./context.js";

/** Profiles: complete and consistent limits, resolvable formula terms, and budgets that hold. */
export function lintProfiles(ctx: LintContext): void {
  const p = ctx.model.profiles;
  const limitNames = p.limits.map((l) => l.name);
  const costNames = p.costs.map((c) => c.name);
  checkUnique(ctx, p.profiles, (x) => x.name, (x) => x.id, "profile.duplicate-name", "profile");
  checkUnique(ctx, p.profiles, (x) => x.c, (x) => x.id, "profile.duplicate-name", "profile C name");
  checkUnique(ctx, [...limitNames, ...costNames], (n) => n, (n) => `profiles.limit.${n}`, "profile.duplicate-limit", "limit or cost");
  if (!p.profiles.some((x) => x.name === p.defaultProfile)) ctx.report("profiles.limit.max_descriptors", "profile.unresolved", `default_profile ${p.defaultProfile} is not a profile`);
  const known = new Set([...limitNames, ...costNames]);
  for (const t of [...p.footprint.metadata, ...p.footprint.rings]) {
    for (const n of [t.count, t.each]) if (!known.has(n)) ctx.report("profiles.limit.max_descriptors", "profile.unresolved", `footprint term uses unknown ${n}`);
  }
  if (!known.has(p.footprint.names)) ctx.report("profiles.limit.max_descriptors", "profile.unresolved", `footprint names uses unknown ${p.footprint.names}`);
  for (const prof of p.profiles) {
    for (const n of limitNames) if (!(n in prof.limits)) ctx.report(prof.id, "profile.missing-limit", `profile ${prof.name} does not set ${n}`);
    for (const n of Object.keys(prof.limits)) if (!limitNames.includes(n)) ctx.report(`profile.${prof.name}.${n}`, "profile.unknown-limit", `profile ${prof.name} sets unknown limit ${n}`);
    for (const n of costNames) if (!(n in prof.costs)) ctx.report(prof.id, "profile.missing-cost", `profile ${prof.name} does not set cost ${n}`);
    for (const n of Object.keys(prof.costs)) if (!costNames.includes(n)) ctx.report(prof.id, "profile.unknown-cost", `profile ${prof.name} sets unknown cost ${n}`);
    const L = prof.limits;
    const rel = (a: string, b: string) => {
      if (L[a] !== undefined && L[b] !== undefined && L[a]! > L[b]!) ctx.report(`profile.${prof.name}.${a}`, "profile.inconsistent", `${prof.name}: ${a} (${L[a]}) exceeds ${b} (${L[b]})`);
    };
    rel("default_capacity", "max_capacity");
    rel("handles_per_pid", "max_handles");
    if ((L.max_capacity ?? 0) > 0xffff) ctx.report(`profile.${prof.name}.max_capacity`, "profile.range", `${prof.name}: max_capacity cannot exceed 65535 (a 16-bit register)`);
    if ((L.default_capacity ?? 8) < 8) ctx.report(`profile.${prof.name}.default_capacity`, "profile.range", `${prof.name}: default_capacity must hold a message header (8 bytes)`);
    for (const n of ["max_descriptors", "handles_per_pid", "max_handles", "max_tasks"]) {
      if (L[n] === 0) ctx.report(`profile.${prof.name}.${n}`, "profile.range", `${prof.name}: ${n} must be at least 1`);
    }
    const f = prof.footprint;
    if (f.metadataBytes > prof.budget.metadataBytes)
      ctx.report(prof.id, "profile.budget", `${prof.name}: metadata footprint ${f.metadataBytes} B exceeds its budget of ${prof.budget.metadataBytes} B`);
    if (f.totalBytes > prof.budget.sramBytes) ctx.report(prof.id, "profile.budget", `${prof.name}: footprint ${f.totalBytes} B exceeds its SRAM budget of ${prof.budget.sramBytes} B`);
  }
}

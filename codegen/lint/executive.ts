import type { LintContext } from "./context.js";

/** Task-state transitions refer to states, and every state has a row. */
export function lintExecutive(ctx: LintContext): void {
  const states = ctx.model.enums.find((e) => e.name === "task_state");
  if (!states) {
    ctx.report("executive.transitions", "exec.no-states", "executive needs the task_state enum");
    return;
  }
  const names = new Set(states.values.map((v) => v.name));
  const t = ctx.model.executive.transitions;
  for (const s of t.initial) if (!names.has(s)) ctx.report("executive.transitions", "exec.unresolved", `initial state ${s} is not a task_state`);
  for (const [from, tos] of Object.entries(t.allowed)) {
    if (!names.has(from)) ctx.report(`executive.transition.${from}.${tos[0] ?? ""}`, "exec.unresolved", `transition row ${from} is not a task_state`);
    const seen = new Set<string>();
    for (const to of tos) {
      const id = `executive.transition.${from}.${to}`;
      if (!names.has(to)) ctx.report(id, "exec.unresolved", `transition ${from} -> ${to}: ${to} is not a task_state`);
      if (seen.has(to)) ctx.report(id, "exec.duplicate", `transition ${from} -> ${to} is listed twice`);
      seen.add(to);
    }
  }
  for (const s of names) if (!(s in t.allowed)) ctx.report(states.id, "exec.missing-row", `state ${s} has no transition row`);
}

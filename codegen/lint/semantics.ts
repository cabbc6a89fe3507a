import { namesOf, parseSem, SemSyntaxError } from "../semantics/lang.js";
import type { LintContext } from "./context.js";

/**
 * Opcode semantics parse, use only declared inputs/functions/stops/faults, and
 * write exactly the flags the opcode's `flags` table says.
 */
export function lintSemantics(ctx: LintContext): void {
  const ex = ctx.model.isa.execution;
  const inputs = new Set(ex.inputs.map((i) => i.name));
  const fnArity = new Map(ex.functions.map((f) => [f.name, f.arity]));
  const stops = new Set(ex.stops.map((s) => s.name));
  const faults = new Set(ctx.model.enums.find((e) => e.name === "vm_error")?.values.filter((v) => v.fault).map((v) => v.name) ?? []);
  const outputs = new Set(["PC", "SP", "DEPTH", "Z", "C", "N", "V"]);
  const check = (id: string, what: string, src: string, declaredFaults: readonly string[] | null, flags: Record<string, string> | null): void => {
    let prog;
    try {
      prog = parseSem(src);
    } catch (e) {
      if (e instanceof SemSyntaxError) {
        ctx.report(id, "sem.syntax", `${what}: ${e.message} at column ${e.at + 1} of the semantics`);
        return;
      }
      throw e;
    }
    const { reads, calls, writes } = namesOf(prog);
    const locals = new Set(writes.filter((w) => !outputs.has(w) && !w.endsWith("[]")));
    for (const w of locals) if (inputs.has(w)) ctx.report(id, "sem.assign-input", `${what}: assigns input ${w}`);
    for (const r of reads) if (!inputs.has(r.name) && !locals.has(r.name)) ctx.report(id, "sem.unresolved", `${what}: reads unknown name ${r.name}`);
    for (const c of calls) {
      const arity = fnArity.get(c.fn);
      if (arity === undefined) ctx.report(id, "sem.unresolved", `${what}: calls unknown function ${c.fn}`);
      else if (arity !== c.arity) ctx.report(id, "sem.arity", `${what}: ${c.fn} takes ${arity} argument(s), given ${c.arity}`);
    }
    for (const s of prog) {
      if (s.k === "stop" && !stops.has(s.name)) ctx.report(id, "sem.unresolved", `${what}: unknown stop ${s.name}`);
      if (s.k === "fault") {
        if (!faults.has(s.name)) ctx.report(id, "sem.unresolved", `${what}: unknown fault ${s.name}`);
        else if (declaredFaults && !declaredFaults.includes(s.name)) ctx.report(id, "sem.faults", `${what}: raises ${s.name}, which its faults list does not declare`);
      }
    }
    if (declaredFaults) {
      const raised = new Set(prog.filter((s) => s.k === "fault").map((s) => s.name));
      for (const f of declaredFaults) if (!raised.has(f)) ctx.report(id, "sem.faults", `${what}: declares fault ${f} that its semantics never raise`);
    }
    if (flags) {
      const written = new Set(writes.filter((w) => ["Z", "C", "N", "V"].includes(w)));
      for (const f of Object.keys(flags)) if (!written.has(f)) ctx.report(id, "sem.flags", `${what}: its flags table writes ${f} but its semantics do not`);
      for (const f of written) if (!(f in flags)) ctx.report(id, "sem.flags", `${what}: its semantics write ${f} but its flags table says unchanged`);
    }
  };
  check("isa.execution", "fetch rule", ex.fetch, null, null);
  check("isa.execution", "illegal rule", ex.illegal, null, null);
  for (const o of ctx.model.isa.opcodes) check(o.id, o.mnemonic, o.sem, o.faults, o.flags);
}

import { join } from "node:path";
import { GENERATOR_VERSION } from "../../../codegen/generate.js";
import { loadSpec } from "../../../codegen/load.js";
import { PACKAGE_ROOT } from "../../../codegen/paths.js";
import { HarnessError } from "../../../conformance/runner/run.js";
import { certifySuite } from "../../../conformance/runner/suite.js";
import { parse } from "../args.js";
import { EXIT, type Command } from "../io.js";

export const command: Command = {
  summary: "spec coverage: run the suite on the reference and list, per spec item kind, what no passing vector covers",
  usage: '[--impl reference|"COMMAND ARGS"] [--all] [--json]',
  async run(args, io) {
    const { values } = parse(args, { impl: { type: "string", default: "reference" }, all: { type: "boolean", default: false }, json: { type: "boolean", default: false } }, false);
    const spec = loadSpec(join(PACKAGE_ROOT, "spec"), PACKAGE_ROOT);
    let run;
    try {
      run = await certifySuite({ impl: values.impl!, model: spec.model, specHash: spec.hash, root: PACKAGE_ROOT, runner: { name: "hsx-kit", version: GENERATOR_VERSION } });
    } catch (e) {
      if (e instanceof HarnessError) {
        io.err(`hsx-kit coverage: ${e.message}\n`);
        return EXIT.USAGE;
      }
      throw e;
    }
    const { vectors, report, coverage: cov } = run;
    if (!report || !cov) {
      for (const p of run.problems) io.err(`${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}\n`);
      return EXIT.USAGE;
    }
    if (values.json) {
      io.out(JSON.stringify({ gate: cov.gate, covered: cov.covered, total: cov.total, kinds: cov.kinds, missing: cov.missing, unverified: cov.unverified, items: Object.fromEntries(cov.byItem) }, null, 2) + "\n");
    } else {
      io.out(`spec coverage of ${report.implementation.name} by ${report.totals.pass} passing vectors (of ${vectors.length})\n\n`);
      const w = Math.max(...cov.kinds.map((k) => k.kind.length));
      for (const k of cov.kinds) {
        const pct = k.total ? Math.floor((100 * k.covered) / k.total) : 100;
        const bar = "#".repeat(Math.round(pct / 5)).padEnd(20, ".");
        io.out(`  ${k.kind.padEnd(w)}  ${bar}  ${String(k.covered).padStart(4)}/${String(k.total).padEnd(4)} ${pct}%\n`);
        const items = [...cov.byItem.keys()].filter((id) => cov.missing.includes(id) && kindOf(spec.model.items, id) === k.kind);
        for (const id of items) io.out(`      missing ${id}\n`);
        if (values.all) for (const [id, vs] of cov.byItem) if (vs.length && kindOf(spec.model.items, id) === k.kind) io.out(`      ${id}: ${vs.length} vector(s)\n`);
      }
      if (cov.unverified.length) {
        io.out(`\n${cov.unverified.length} claim(s) not borne out by the vector's steps (not counted):\n`);
        for (const u of cov.unverified.slice(0, 40)) io.out(`  ${u.vector} -> ${u.item}: ${u.why}\n`);
      }
      io.out(`\ncoverage gate: ${cov.missing.length ? `FAILED, ${cov.missing.length} item(s) uncovered` : "passed"} (${cov.covered}/${cov.total})\n`);
    }
    return cov.missing.length ? EXIT.FAILED : EXIT.OK;
  },
};

function kindOf(items: readonly { id: string; kind: string }[], id: string): string | undefined {
  return items.find((i) => i.id === id)?.kind;
}

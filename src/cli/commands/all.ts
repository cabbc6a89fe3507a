import { resolve } from "node:path";
import { checkOutputs, writeOutputs } from "../../../codegen/driver/write.js";
import { GENERATOR_VERSION, generateFrom } from "../../../codegen/generate.js";
import { certifySuite } from "../../../conformance/runner/suite.js";
import { lintSpec } from "../../../codegen/load.js";
import { formatDiagnostic } from "../../../codegen/model/index.js";
import { parse } from "../args.js";
import { EXIT, type Command } from "../io.js";
import { specSummary } from "../summary/spec-summary.js";

export const command: Command = {
  summary: "the main job: lint the spec, regenerate every artifact, check, certify the reference and print the verdict",
  usage: "[--root DIR]",
  async run(args, io) {
    const { values } = parse(args, { root: { type: "string", default: "." } }, false);
    const root = resolve(values.root!);
    const line = (k: string, v: string) => io.out(`  ${k.padEnd(10)} ${v}\n`);
    io.out("hsx-kit: regenerate, check, certify the reference\n\n");

    const lint = lintSpec(resolve(root, "spec"), root);
    if (!lint.spec || lint.diagnostics.length) {
      for (const d of lint.diagnostics) io.out(formatDiagnostic(d) + "\n");
      io.out(`\nverdict: FAILED (the spec has ${lint.diagnostics.length} problem(s))\n`);
      return EXIT.FAILED;
    }
    const { spec, files } = await generateFrom(lint.spec);
    line("spec", `${spec.model.name} ${spec.model.version}, sha256 ${spec.hash} (lint clean)`);
    const drift = checkOutputs(root, files);
    writeOutputs(root, files);
    const after = checkOutputs(root, files);
    line("generate", `${files.length} files under generated/, ${drift.length} updated${drift.length ? " (commit them)" : ""}`);
    for (const d of drift) io.out(`    ${d.status === "extra" ? "removed" : d.status === "missing" ? "added" : "updated"}: ${d.path}\n`);
    line("check", after.length ? `${after.length} file(s) still differ` : "generated/ is current");
    io.out("\nspec summary\n");
    for (const [k, v] of specSummary(spec.model)) line(k, v);

    // Certify the reference against the whole suite and gate on spec coverage.
    io.out("\ncertification of the reference\n");
    const run = await certifySuite({ impl: "reference", model: spec.model, specHash: spec.hash, root, runner: { name: "hsx-kit", version: GENERATOR_VERSION } });
    for (const p of run.problems) io.out(`    ${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}\n`);
    const { report, coverage: cov } = run;
    if (!report || !cov) {
      io.out(`\nverdict: FAILED (${run.problems.length} vector file problem(s); nothing certified)\n`);
      return EXIT.FAILED;
    }
    const t = report.totals;
    for (const level of [...new Set(report.results.map((r) => r.level))]) {
      const rs = report.results.filter((r) => r.level === level);
      line(level, `${rs.filter((r) => r.result === "PASS").length}/${rs.length} vectors pass`);
    }
    for (const r of report.results.filter((x) => x.result !== "PASS").slice(0, 10)) io.out(`    ${r.result} ${r.id}: ${r.message ?? ""}\n`);
    line("coverage", `${cov.covered}/${cov.total} gated spec items (${cov.kinds.map((k) => `${k.kind} ${k.covered}/${k.total}`).join(", ")})`);
    for (const m of cov.missing.slice(0, 10)) io.out(`    missing ${m}\n`);
    if (cov.missing.length > 10) io.out(`    ... and ${cov.missing.length - 10} more (hsx-kit coverage lists them all)\n`);
    const certified = report.verdict === "certified";
    const ok = after.length === 0 && certified && cov.missing.length === 0;
    io.out(`\nverdict: ${ok ? "OK" : "FAILED"} (reference ${certified ? "CERTIFIED" : "NOT CERTIFIED"}: ${t.pass}/${t.vectors} vectors in ${(report.duration_ms / 1000).toFixed(1)} s; spec coverage ${cov.covered}/${cov.total})\n`);
    return ok ? EXIT.OK : EXIT.FAILED;
  },
};

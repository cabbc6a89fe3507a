import { resolve } from "node:path";
import { checkOutputs, writeOutputs } from "../../../codegen/driver/write.js";
import { generateFrom } from "../../../codegen/generate.js";
import { lintSpec } from "../../../codegen/load.js";
import { formatDiagnostic } from "../../../codegen/model/index.js";
import { parse } from "../args.js";
import { EXIT, type Command } from "../io.js";
import { specSummary } from "../summary/spec-summary.js";

export const command: Command = {
  summary: "the main job: lint the spec, regenerate every artifact, check, and print a summary and verdict",
  usage: "[--root DIR]",
  async run(args, io) {
    const { values } = parse(args, { root: { type: "string", default: "." } }, false);
    const root = resolve(values.root!);
    const line = (k: string, v: string) => io.out(`  ${k.padEnd(10)} ${v}\n`);
    io.out("hsx-kit: regenerate, check, summarize\n\n");

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
    const ok = after.length === 0;
    io.out(`\nverdict: ${ok ? "OK" : "FAILED"}\n`);
    return ok ? EXIT.OK : EXIT.FAILED;
  },
};

import { resolve } from "node:path";
import { lintSpec } from "../../../codegen/load.js";
import { formatDiagnostic } from "../../../codegen/model/index.js";
import { parse } from "../args.js";
import { EXIT, type Command } from "../io.js";

export const command: Command = {
  summary: "check the spec: schema, then semantic rules; every problem as FILE:LINE:COL",
  usage: "[--spec DIR] [--json]",
  async run(args, io) {
    const { values } = parse(args, { spec: { type: "string", default: "spec" }, json: { type: "boolean", default: false } }, false);
    const r = lintSpec(resolve(values.spec!));
    if (values.json) {
      io.out(JSON.stringify({ ok: r.diagnostics.length === 0, hash: r.spec?.hash ?? null, diagnostics: r.diagnostics }, null, 2) + "\n");
    } else {
      for (const d of r.diagnostics) io.out(formatDiagnostic(d) + "\n");
      if (r.diagnostics.length) io.err(`hsx-kit lint: ${r.diagnostics.length} problem(s)\n`);
      else io.out(`spec ${r.spec!.model.name} ${r.spec!.model.version} is clean (sha256 ${r.spec!.hash})\n`);
    }
    return r.diagnostics.length ? EXIT.FAILED : EXIT.OK;
  },
};

import { join, resolve } from "node:path";
import { checkOutputs, writeOutputs } from "../../../codegen/driver/write.js";
import { generate } from "../../../codegen/generate.js";
import { parse } from "../args.js";
import { EXIT, type Command } from "../io.js";

export const command: Command = {
  summary: "regenerate every artifact from the spec (--check: fail if generated/ is stale)",
  usage: "[--check] [--root DIR] [--spec DIR]",
  async run(args, io) {
    const { values } = parse(args, { check: { type: "boolean", default: false }, root: { type: "string", default: "." }, spec: { type: "string" } }, false);
    const root = resolve(values.root!);
    const specDir = values.spec ? resolve(values.spec) : join(root, "spec");
    const t0 = performance.now();
    const { spec, files } = await generate(specDir, root);
    const what = `spec ${spec.model.name} ${spec.model.version} (sha256 ${spec.hash.slice(0, 12)})`;
    if (values.check) {
      const drift = checkOutputs(root, files);
      if (drift.length === 0) {
        io.out(`generated files are current: ${files.length} files from ${what}\n`);
        return EXIT.OK;
      }
      for (const d of drift) io.out(`${d.status}: ${d.path}\n`);
      io.err(`hsx-kit gen --check: ${drift.length} generated file(s) out of date; run \`hsx-kit gen\` and commit the result\n`);
      return EXIT.FAILED;
    }
    const before = checkOutputs(root, files);
    writeOutputs(root, files);
    const ms = (performance.now() - t0).toFixed(0);
    io.out(`generated ${files.length} files from ${what} in ${ms} ms (${before.length} changed)\n`);
    for (const d of before) io.out(`  ${d.status === "extra" ? "removed" : d.status === "missing" ? "added" : "updated"}: ${d.path}\n`);
    return EXIT.OK;
  },
};

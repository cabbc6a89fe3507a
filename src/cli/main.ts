import { formatDiagnostic } from "../../codegen/model/index.js";
import { lintSpec } from "../../codegen/load.js";

export async function main(argv: string[]): Promise<number> {
  const r = lintSpec(argv[1] ?? "spec");
  for (const d of r.diagnostics) console.log(formatDiagnostic(d));
  if (r.spec) console.log(r.spec.hash, r.spec.model.items.length);
  return r.diagnostics.length ? 1 : 0;
}

import { diffSpecs, isDiffError, reportJson, reportText, resolveSpecSource, ruleTable, type SpecSource } from "../../../codegen/diff/index.js";
import { lintSpec } from "../../../codegen/load.js";
import { formatDiagnostic, type LoadedSpec } from "../../../codegen/model/index.js";
import { parse } from "../args.js";
import { EXIT, UsageError, type Command, type Io } from "../io.js";

const USAGE = `OLD NEW [--json] [--repo DIR]
       hsx-kit diff --rules [--json]

  OLD, NEW    a spec directory (or a checkout that holds spec/), or a git revision
              (HEAD, HEAD~1, a branch, a tag, a SHA) of the repository at --repo whose
              spec/ tree is compared; an existing path wins over a revision of that name
  --json      print the report as JSON: {old, new, changes, required_bump, verdict}
  --repo DIR  where revisions are read from (default: the current directory)
  --rules     print the classification table (which change is breaking, compatible or doc)

Every change is printed with its spec location (NEW spec; OLD spec for removals),
grouped as breaking, compatible and doc, then a verdict line naming the version bump
the change requires and whether OLD -> NEW has it (spec/meta.yaml VERSION_MAJOR/MINOR/PATCH).
Exit status: 0 when the version covers every change; 1 when a breaking change lacks a
major bump, a compatible change lacks a minor bump, or the version went backwards;
2 for a bad argument or a spec that fails lint.

CI checks a branch against the point where it left main:
  hsx-kit diff $(git merge-base origin/main HEAD) spec`;

type Side = "OLD" | "NEW";

/** Load one side; a spec that fails lint (or cannot be loaded at all) is named with its problems. */
function load(side: Side, src: SpecSource, io: Io): LoadedSpec | null {
  try {
    const r = lintSpec(src.specDir, src.base);
    if (r.spec && r.diagnostics.length === 0) return r.spec;
    io.err(`hsx-kit diff: the ${side} spec (${src.label}) fails lint with ${r.diagnostics.length} problem(s):\n`);
    for (const d of r.diagnostics) io.err(`  ${formatDiagnostic(d)}\n`);
  } catch (e) {
    // e.g. a revision written in an older spec language this hsx-kit cannot build
    io.err(`hsx-kit diff: cannot load the ${side} spec (${src.label}): ${(e as Error).message}\n`);
  }
  return null;
}

function printRules(io: Io, json: boolean): number {
  const rows = ruleTable();
  if (json) io.out(JSON.stringify(rows, null, 2) + "\n");
  else {
    const width = Math.max(...rows.map((r) => r.kind.length));
    for (const r of rows) io.out(`${r.class.padEnd(10)} ${r.kind.padEnd(width)}  ${r.why}\n`);
  }
  return EXIT.OK;
}

export const command: Command = {
  summary: "ABI diff of two specs (directories or git revisions): every change classified breaking/compatible/doc, checked against the version bump",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, { json: { type: "boolean", default: false }, repo: { type: "string", default: "." }, rules: { type: "boolean", default: false } });
    if (values.rules) return printRules(io, values.json!);
    if (positionals.length !== 2) throw new UsageError(`expected two arguments, OLD and NEW (got ${positionals.length})`);

    const sources: SpecSource[] = [];
    try {
      for (const [side, arg] of [["OLD", positionals[0]!], ["NEW", positionals[1]!]] as const) {
        try {
          sources.push(resolveSpecSource(arg, values.repo!));
        } catch (e) {
          if (isDiffError(e)) throw new UsageError(`${side}: ${e.message}`);
          throw e;
        }
      }
      const [oldSrc, newSrc] = sources as [SpecSource, SpecSource];
      // Load both before giving up, so one run names every problem.
      const oldSpec = load("OLD", oldSrc, io);
      const newSpec = load("NEW", newSrc, io);
      if (!oldSpec || !newSpec) return EXIT.USAGE;

      let report;
      try {
        report = diffSpecs(oldSpec, newSpec);
      } catch (e) {
        if (isDiffError(e)) throw new UsageError(e.message);
        throw e;
      }
      io.out(values.json ? JSON.stringify(reportJson(report), null, 2) + "\n" : reportText(report, { old: oldSrc.label, new: newSrc.label }));
      if (report.verdict === "ok") return EXIT.OK;
      io.err(`hsx-kit diff: ${report.summary}\n`);
      return EXIT.FAILED;
    } finally {
      for (const s of sources) s.cleanup();
    }
  },
};

import { join, resolve } from "node:path";
import { loadSpec } from "../../../codegen/load.js";
import { PACKAGE_ROOT } from "../../../codegen/paths.js";
import { GENERATOR_VERSION } from "../../../codegen/generate.js";
import { Progress, summarize } from "../../../conformance/runner/console.js";
import { ExpectationsError, loadExpectations } from "../../../conformance/runner/expectations.js";
import { certify, HarnessError } from "../../../conformance/runner/run.js";
import { computeCoverage } from "../../../conformance/runner/coverage.js";
import { writeReports } from "../../../conformance/runner/report/index.js";
import { fuzz, referenceResults, writeDivergence } from "../../../conformance/runner/fuzz.js";
import { connectSession } from "../../../conformance/runner/run.js";
import { FilterError, selectVectors } from "../../../conformance/runner/select.js";
import { loadVectors } from "../../../conformance/runner/vectors.js";
import { intOption, parse } from "../args.js";
import { EXIT, UsageError, type Command } from "../io.js";

export const command: Command = {
  summary: "certify an implementation against the conformance suite (the reference, or any adapter command)",
  usage: '[--impl reference|"COMMAND ARGS"] [--filter EXPR]... [--expectations FILE] [--jobs N] [--timeout MS] [--allow-spec-mismatch] [--vectors DIR] [--spec DIR] [--report DIR] [--json F] [--junit F] [--markdown F] [--html F] [--quiet] [--fuzz N [--seed S] [--fuzz-level isa|mailbox] [--fuzz-profile P] [--fuzz-out DIR]]',
  async run(args, io) {
    const { values } = parse(
      args,
      {
        impl: { type: "string", default: "reference" },
        filter: { type: "string", multiple: true },
        expectations: { type: "string" },
        jobs: { type: "string" },
        timeout: { type: "string" },
        "allow-spec-mismatch": { type: "boolean", default: false },
        vectors: { type: "string" },
        spec: { type: "string" },
        quiet: { type: "boolean", default: false },
        report: { type: "string" },
        json: { type: "string" },
        junit: { type: "string" },
        markdown: { type: "string" },
        html: { type: "string" },
        fuzz: { type: "string" },
        seed: { type: "string" },
        "fuzz-level": { type: "string" },
        "fuzz-profile": { type: "string" },
        "fuzz-out": { type: "string" },
      },
      false,
    );
    const spec = loadSpec(values.spec ? resolve(values.spec) : join(PACKAGE_ROOT, "spec"), PACKAGE_ROOT);
    if (values.fuzz !== undefined) {
      const runs = intOption(values.fuzz, "fuzz", 100, 1, 10_000_000);
      const seed = intOption(values.seed, "seed", 1, 0, 0x7fffffff);
      const base = { impl: values.impl!, model: spec.model, specHash: spec.hash, timeoutMs: intOption(values.timeout, "timeout", 10_000, 1, 3_600_000), allowSpecMismatch: values["allow-spec-mismatch"]!, runner: { name: "hsx-kit", version: GENERATOR_VERSION } };
      try {
        const cand = await connectSession(base);
        const ref = await connectSession({ ...base, impl: "reference" });
        const levels = values["fuzz-level"] ? [values["fuzz-level"]] : (["isa", "mailbox"] as const).filter((l) => cand.hello.levels.includes(l));
        let diverged = false;
        for (const level of levels) {
          if (level !== "isa" && level !== "mailbox") throw new UsageError(`--fuzz-level must be isa or mailbox, not ${level}`);
          const profile = level === "mailbox" ? (values["fuzz-profile"] ?? (cand.hello.profiles.includes("desktop") ? "desktop" : cand.hello.profiles[0]!)) : null;
          const d = await fuzz(level, runs, seed, profile, ref.session, cand.session, { features: cand.hello.features, restart: async () => (await connectSession(base)).session });
          if (!d) {
            io.out(`fuzz ${level}: ${runs} random sequences, no divergence (seed ${seed})\n`);
            continue;
          }
          diverged = true;
          const file = writeDivergence(d, values["fuzz-out"] ?? join(PACKAGE_ROOT, "conformance", "vectors", "fuzz"), await referenceResults(level, profile, d.ops, ref.session));
          io.out(`fuzz ${level}: DIVERGENCE at step ${d.at} (${d.ops[d.at]!.op}) of a ${d.ops.length}-step sequence (seed ${seed})\n  reference: ${JSON.stringify(d.reference)}\n  candidate: ${JSON.stringify(d.candidate)}\n  written: ${file}\n`);
        }
        for (const s of [cand, ref]) {
          await s.session.bye().catch(() => undefined);
          await s.session.endpoint.close();
        }
        return diverged ? EXIT.FAILED : EXIT.OK;
      } catch (e) {
        if (e instanceof HarnessError) {
          io.err(`hsx-kit certify: ${e.message}\n`);
          return EXIT.USAGE;
        }
        throw e;
      }
    }
    const suiteDir = values.vectors ? resolve(values.vectors) : join(PACKAGE_ROOT, "conformance", "vectors");
    const { vectors, problems } = loadVectors([suiteDir], PACKAGE_ROOT);
    if (problems.length) {
      for (const p of problems) io.err(`${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}\n`);
      io.err(`hsx-kit certify: ${problems.length} problem(s) in the vector files\n`);
      return EXIT.USAGE;
    }
    let selected;
    try {
      selected = selectVectors(vectors, values.filter ?? []);
    } catch (e) {
      if (e instanceof FilterError) throw new UsageError(e.message);
      throw e;
    }
    if (!selected.length) throw new UsageError("the filter selects no vector");
    const impl = values.impl!;
    // Everything that decides how one vector runs, so the line re-runs it alone as it ran here.
    const rerunPrefix = [
      `hsx-kit certify --impl ${impl === "reference" ? "reference" : JSON.stringify(impl)}`,
      ...(values.vectors ? [`--vectors ${JSON.stringify(values.vectors)}`] : []),
      ...(values.spec ? [`--spec ${JSON.stringify(values.spec)}`] : []),
      ...(values.expectations ? [`--expectations ${JSON.stringify(values.expectations)}`] : []),
      ...(values.timeout ? [`--timeout ${values.timeout}`] : []),
      ...(values["allow-spec-mismatch"] ? ["--allow-spec-mismatch"] : []),
    ].join(" ");
    const progress = new Progress((s) => io.out(s), io.tty && !values.quiet);
    try {
      const expectations = values.expectations ? loadExpectations(values.expectations, new Set(vectors.map((v) => v.id))) : null;
      const report = await certify({
        impl,
        model: spec.model,
        specHash: spec.hash,
        vectors: selected,
        expectations,
        jobs: intOption(values.jobs, "jobs", 1, 1, 64),
        timeoutMs: intOption(values.timeout, "timeout", 10_000, 1, 3_600_000),
        allowSpecMismatch: values["allow-spec-mismatch"]!,
        runner: { name: "hsx-kit", version: GENERATOR_VERSION },
        rerunPrefix,
        onResult: (r, done, total) => progress.update(r, done, total),
      });
      const cov = computeCoverage(spec.model, selected, new Set(report.results.filter((r) => r.result === "PASS").map((r) => r.id)));
      report.coverage = { gate: cov.gate, covered: cov.covered, total: cov.total, missing: cov.missing, kinds: cov.kinds };
      io.out(summarize(report, { partial: (values.filter ?? []).length > 0 }));
      const written = writeReports(report, cov.byItem, { dir: values.report, json: values.json, junit: values.junit, markdown: values.markdown, html: values.html });
      for (const p of written) io.out(`report: ${p}\n`);
      return report.verdict === "certified" ? EXIT.OK : EXIT.FAILED;
    } catch (e) {
      if (e instanceof HarnessError || e instanceof ExpectationsError) {
        io.err(`hsx-kit certify: ${e.message}\n`);
        return EXIT.USAGE;
      }
      throw e;
    }
  },
};

// The whole suite against one implementation, with the spec-coverage gate: what
// `hsx-kit all` (npm start), `hsx-kit coverage` and the gate test all need.
import { join } from "node:path";
import type { Model } from "../../codegen/model/types.js";
import type { CertificationReport } from "../../generated/ts/types/report.js";
import { computeCoverage, type CoverageResult } from "./coverage.js";
import { certify } from "./run.js";
import { loadVectors, type Vector, type VectorProblem } from "./vectors.js";

export interface SuiteRun {
  vectors: Vector[];
  /** Vector files that did not load; a suite with problems certifies nothing. */
  problems: VectorProblem[];
  report: CertificationReport | null;
  coverage: CoverageResult | null;
}

export interface SuiteOptions {
  impl: string;
  model: Model;
  specHash: string;
  /** Repository root holding conformance/vectors. */
  root: string;
  runner: { name: string; version: string };
}

/** Loads every vector under ROOT/conformance/vectors, certifies IMPL on all of them (no expectations) and computes coverage from the passes. */
export async function certifySuite(o: SuiteOptions): Promise<SuiteRun> {
  const { vectors, problems } = loadVectors([join(o.root, "conformance", "vectors")], o.root);
  if (problems.length) return { vectors, problems, report: null, coverage: null };
  const report = await certify({
    impl: o.impl,
    model: o.model,
    specHash: o.specHash,
    vectors,
    expectations: null,
    jobs: 1,
    timeoutMs: 10_000,
    allowSpecMismatch: false,
    runner: o.runner,
    rerunPrefix: "hsx-kit certify",
  });
  const passed = new Set(report.results.filter((r) => r.result === "PASS").map((r) => r.id));
  return { vectors, problems, report, coverage: computeCoverage(o.model, vectors, passed) };
}

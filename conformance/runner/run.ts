import type { Model } from "../../codegen/model/types.js";
import type { CertificationReport, ReportResult } from "../../generated/ts/types/report.js";
import { PROTOCOL_VERSION } from "../../generated/ts/index.js";
import { InProcessEndpoint } from "../adapters/inprocess.js";
import { ProcessEndpoint } from "../adapters/process.js";
import { TransportError, type Endpoint, type HelloResult } from "../adapters/protocol.js";
import { ReferenceAdapter } from "../adapters/reference/index.js";
import { ExecContext, runVector, type ResultName, type VectorOutcome } from "./execute.js";
import { ExpectationsError, type Expectation, type ExpectationSet } from "./expectations.js";
import { Session } from "./session.js";
import type { Vector } from "./vectors.js";

export interface CertifyOptions {
  /** "reference" or an adapter command line. */
  impl: string;
  model: Model;
  specHash: string;
  vectors: readonly Vector[];
  expectations: ExpectationSet | null;
  jobs: number;
  timeoutMs: number;
  allowSpecMismatch: boolean;
  runner: { name: string; version: string };
  /** How to re-run one vector (the id is appended). */
  rerunPrefix: string;
  cwd?: string;
  onResult?: (r: ReportResult, done: number, total: number) => void;
}

/** The run could not certify anything: the adapter did not start, refused the handshake, ... */
export class HarnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HarnessError";
  }
}

const HELLO_TIMEOUT_MS = 15_000;

export function makeEndpoint(impl: string, cwd?: string): Endpoint {
  return impl === "reference" ? new InProcessEndpoint(new ReferenceAdapter()) : new ProcessEndpoint(impl, { cwd });
}

export type ConnectOptions = Pick<CertifyOptions, "impl" | "specHash" | "timeoutMs" | "allowSpecMismatch" | "runner" | "cwd">;

/** Start an adapter and check its handshake (conformance.rule.HANDSHAKE). */
export async function connectSession(opts: ConnectOptions): Promise<{ session: Session; hello: HelloResult }> {
  const endpoint = makeEndpoint(opts.impl, opts.cwd);
  const session = new Session(endpoint, opts.timeoutMs);
  session.budget(HELLO_TIMEOUT_MS);
  let o;
  try {
    o = await session.hello(opts.specHash, `${opts.runner.name} ${opts.runner.version}`, PROTOCOL_VERSION);
  } catch (e) {
    await endpoint.close();
    const detail = e instanceof TransportError && e.stderr ? `\n--- adapter stderr ---\n${e.stderr.trimEnd()}` : "";
    throw new HarnessError(`handshake with ${endpoint.description} failed: ${(e as Error).message}${detail}`);
  } finally {
    session.clear();
  }
  if (o.kind !== "ok") {
    await endpoint.close();
    throw new HarnessError(`${endpoint.description} refused the handshake: ${o.kind === "error" ? o.message : o.reason}`);
  }
  const hello = o.value;
  if (hello.protocol !== PROTOCOL_VERSION) {
    await endpoint.close();
    throw new HarnessError(`${endpoint.description} speaks protocol ${hello.protocol}; this runner speaks ${PROTOCOL_VERSION}`);
  }
  if (hello.spec_hash !== opts.specHash && !opts.allowSpecMismatch) {
    await endpoint.close();
    throw new HarnessError(
      `${hello.implementation.name} ${hello.implementation.version} was built from spec ${hello.spec_hash.slice(0, 12)}, the vectors come from ${opts.specHash.slice(0, 12)}; rebuild it from the current spec or pass --allow-spec-mismatch`,
    );
  }
  return { session, hello };
}

function applyExpectation(out: VectorOutcome, exp: Expectation | undefined): { result: ResultName; message: string | null } {
  if (!exp || exp.expect !== "fail") return out;
  if (out.result === "PASS") return { result: "XPASS", message: `passed, but the expectations file says it fails (${exp.reason}); remove the entry` };
  if (out.result === "FAIL" || out.result === "ERROR" || out.result === "TIMEOUT") return { result: "XFAIL", message: out.message };
  return out;
}

/** Run the suite with `jobs` adapters in parallel; results come back in suite order. */
export async function certify(opts: CertifyOptions): Promise<CertificationReport> {
  const ctx = new ExecContext(opts.model);
  const t0 = performance.now();
  const results: (ReportResult | undefined)[] = new Array(opts.vectors.length);
  let next = 0;
  let done = 0;
  const first = await connectSession(opts);
  const hello = first.hello;
  if (opts.expectations && opts.expectations.implementation !== hello.implementation.name) {
    await first.session.endpoint.close();
    throw new ExpectationsError(`${opts.expectations.file} is for "${opts.expectations.implementation}", but the adapter is "${hello.implementation.name}"`);
  }
  const expectations: ReadonlyMap<string, Expectation> = opts.expectations?.entries ?? new Map();
  const sessions: { session: Session; hello: HelloResult }[] = [first];
  for (let i = 1; i < Math.max(1, Math.min(opts.jobs, opts.vectors.length)); i++) sessions.push(await connectSession(opts));

  const worker = async (slot: number): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= opts.vectors.length) return;
      const v = opts.vectors[index]!;
      const exp = expectations.get(v.id);
      const started = performance.now();
      let out: VectorOutcome;
      if (exp?.expect === "skip") out = { result: "UNSUPPORTED", message: `skipped by the expectations file: ${exp.reason}`, failure: null };
      else {
        const s = sessions[slot]!;
        s.session.budget(opts.timeoutMs);
        try {
          out = await runVector(s.session, v, s.hello, ctx);
        } catch (e) {
          if (!(e instanceof TransportError)) throw e;
          const stderr = e.stderr ? ` [adapter stderr: ${e.stderr.trim().split("\n").slice(-3).join(" | ")}]` : "";
          out = { result: e.kind === "timeout" ? "TIMEOUT" : "ERROR", message: `${e.message}${stderr}`, failure: null };
          await s.session.endpoint.close();
          sessions[slot] = await connectSession(opts); // restart and go on
        } finally {
          s.session.clear();
        }
      }
      const applied = applyExpectation(out, exp);
      const r: ReportResult = {
        id: v.id,
        level: v.level as ReportResult["level"],
        file: v.file,
        result: applied.result,
        duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
        message: applied.message,
        failure: out.failure,
        expectation: exp?.reason ?? null,
        rerun: `${opts.rerunPrefix} --filter id:${v.id}`,
      };
      results[index] = r;
      done++;
      opts.onResult?.(r, done, opts.vectors.length);
    }
  };
  try {
    await Promise.all(sessions.map((_, slot) => worker(slot)));
  } finally {
    for (const s of sessions) {
      await s.session.bye().catch(() => undefined);
      await s.session.endpoint.close();
    }
  }
  const list = results as ReportResult[];
  const count = (r: ResultName) => list.filter((x) => x.result === r).length;
  const totals = {
    vectors: list.length,
    pass: count("PASS"),
    fail: count("FAIL"),
    error: count("ERROR"),
    unsupported: count("UNSUPPORTED"),
    xfail: count("XFAIL"),
    xpass: count("XPASS"),
    timeout: count("TIMEOUT"),
  };
  const bad = totals.fail + totals.error + totals.xpass + totals.timeout;
  return {
    format: 1,
    runner: opts.runner,
    implementation: hello.implementation,
    adapter: {
      command: opts.impl,
      protocol: hello.protocol,
      spec_hash: hello.spec_hash,
      spec_mismatch_allowed: opts.allowSpecMismatch && hello.spec_hash !== opts.specHash,
      levels: hello.levels,
      profiles: hello.profiles,
      features: hello.features,
    },
    spec: { name: opts.model.name, version: opts.model.version, hash: opts.specHash },
    verdict: bad === 0 && totals.pass > 0 ? "certified" : "failed",
    totals,
    duration_ms: Math.round(performance.now() - t0),
    results: list,
    coverage: null,
  };
}

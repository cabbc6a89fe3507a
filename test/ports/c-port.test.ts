// The C port of the mailbox manager (ports/c), through its conformance adapter:
// built here with gcc (plain -O2, sanitized, and sanitized with the opt-in send staging), each
// build certified at the mailbox level with no expectation entry, then differentially
// tested against the reference with `certify --fuzz` (fixed seed): its generator opens
// handles first and mixes in zero-copy calls, stats and snapshot, as the adapter
// declares those features.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../codegen/load.js";
import { fuzz } from "../../conformance/runner/fuzz.js";
import { connectSession } from "../../conformance/runner/run.js";
import type { ProfileName } from "../../generated/ts/index.js";
import { REPO_ROOT, runCli, scratchDir, SPEC_DIR } from "../helpers.js";

const PORT = join(REPO_ROOT, "ports", "c");
const BUILDS = {
  plain: join(PORT, "build", "hsx-mbx-adapter"),
  sanitized: join(PORT, "build", "hsx-mbx-adapter-asan"),
  "sanitized, send staging": join(PORT, "build", "hsx-mbx-adapter-staging"),
} as const;
const PROFILES: readonly ProfileName[] = ["embedded", "cortex_m", "desktop"];
const SEED = Number(process.env.HSX_PORT_SEED ?? 20261122);
/** HSX_PORT_RUNS=N runs every fuzz case N sequences long (a longer run; see ports/c/README.md). */
const RUNS = process.env.HSX_PORT_RUNS === undefined ? null : Number(process.env.HSX_PORT_RUNS);

const scratch = scratchDir("hsx-c-port-");
afterAll(() => scratch.cleanup());

beforeAll(() => {
  const r = spawnSync("make", ["-s", "-j2", "-C", PORT, "adapter", "asan", "staging"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building ports/c failed (make exit ${r.status}):\n${r.stderr}${r.stdout}`);
}, 300_000);

interface Totals {
  vectors: number;
  pass: number;
  fail: number;
  error: number;
  unsupported: number;
  xfail: number;
  xpass: number;
  timeout: number;
}

describe("certification at the mailbox level", () => {
  for (const [name, bin] of Object.entries(BUILDS)) {
    it(`the ${name} build certifies every mailbox vector, with no expectation entry`, async () => {
      const json = join(scratch.dir, `${name.replace(/\W+/g, "-")}.json`);
      const r = await runCli(["certify", "--impl", bin, "--filter", "level:mailbox", "--quiet", "--json", json]);
      expect(r.stdout).toContain("verdict: CERTIFIED");
      expect(r.code).toBe(0);
      const report = JSON.parse(readFileSync(json, "utf8")) as { totals: Totals; adapter: { profiles: string[]; features: string[]; levels: string[] } };
      expect(report.adapter.levels).toEqual(["mailbox"]);
      expect(report.adapter.profiles).toEqual(PROFILES);
      expect(report.adapter.features).toEqual(expect.arrayContaining(["events", "stats", "zero_copy"]));
      const t = report.totals;
      expect(t.vectors).toBeGreaterThan(200);
      expect({ ...t, pass: 0, vectors: 0 }).toEqual({ vectors: 0, pass: 0, fail: 0, error: 0, unsupported: 0, xfail: 0, xpass: 0, timeout: 0 });
      expect(t.pass).toBe(t.vectors);
    }, 120_000);
  }
});

describe("differential fuzzing against the reference (certify --fuzz, fixed seed)", () => {
  const cases: { build: keyof typeof BUILDS; profile: ProfileName; runs: number }[] = [
    { build: "plain", profile: "embedded", runs: 1000 },
    { build: "plain", profile: "cortex_m", runs: 1000 },
    { build: "plain", profile: "desktop", runs: 1000 },
    { build: "sanitized", profile: "embedded", runs: 300 },
    { build: "sanitized", profile: "desktop", runs: 150 },
    { build: "sanitized, send staging", profile: "cortex_m", runs: 300 },
  ];
  for (const c of cases) {
    const runs = RUNS ?? c.runs;
    it(`${c.build} build, ${c.profile}: no divergence in ${runs} sequences (seed ${SEED})`, async () => {
      const r = await runCli(["certify", "--impl", BUILDS[c.build], "--fuzz", String(runs), "--seed", String(SEED), "--fuzz-level", "mailbox", "--fuzz-profile", c.profile, "--fuzz-out", scratch.dir]);
      expect(r.stdout).toContain(`fuzz mailbox: ${runs} random sequences, no divergence (seed ${SEED})`);
      expect(r.code).toBe(0);
    }, 3_600_000);
  }

  it("the sequences reach the OK paths of sends, receives, waits and every zero-copy call on the port", async () => {
    const spec = loadSpec(SPEC_DIR);
    const base = { specHash: spec.hash, timeoutMs: 20_000, allowSpecMismatch: false, runner: { name: "hsx-kit test", version: "0" } };
    const cand = await connectSession({ ...base, impl: BUILDS.plain });
    const ref = await connectSession({ ...base, impl: "reference" });
    const ok = new Map<string, number>();
    try {
      const d = await fuzz("mailbox", 200, SEED, "embedded", ref.session, cand.session, {
        features: cand.hello.features,
        onStep: (o, r) => {
          const v = (r as { kind: string; value: { status?: number | null; completions?: { op: string; status: number }[] } }).value;
          if (v.status === 0) ok.set(o.op, (ok.get(o.op) ?? 0) + 1);
          for (const c of v.completions ?? []) if (c.status === 0) ok.set(`completion ${c.op}`, (ok.get(`completion ${c.op}`) ?? 0) + 1);
        },
      });
      expect(d).toBeNull();
    } finally {
      for (const s of [cand, ref]) {
        await s.session.bye().catch(() => undefined);
        await s.session.endpoint.close();
      }
    }
    for (const op of ["mbx.send", "mbx.recv", "completion recv", "mbx.peek", "mbx.tap", "mbx.close", "mbx.zc_acquire", "mbx.zc_write", "mbx.zc_send", "mbx.zc_recv", "mbx.zc_release"]) expect(ok.get(op), op).toBeGreaterThan(0);
  }, 600_000);
});

describe("adapter protocol edges", () => {
  function talk(lines: readonly string[]): string[] {
    const r = spawnSync(BUILDS.sanitized, [], { input: lines.join("\n") + "\n", encoding: "utf8" });
    expect(r.status).toBe(0);
    return r.stdout.trim().split("\n");
  }

  it("answers every request with one line echoing seq: errors, unsupported levels and profiles, garbage", () => {
    const out = talk([
      "not json",
      '{"seq":2,"cmd":"new","level":"isa","profile":null,"config":{}}',
      '{"seq":3,"cmd":"new","level":"mailbox","profile":"nope","config":{}}',
      '{"seq":4,"cmd":"new","level":"mailbox","profile":"embedded","config":{}}',
      '{"seq":5,"cmd":"call","instance":1,"op":"isa.run","args":{"max_steps":1}}',
      '{"seq":6,"cmd":"call","instance":1,"op":"mbx.open","args":{"pid":1}}',
      '{"seq":7,"cmd":"call","instance":9,"op":"mbx.stats","args":{}}',
      '{"seq":8,"cmd":"call","instance":1,"op":"mbx.open","args":{"pid":1,"target":"app:\\u00e9\\"q","flags":0}}',
      '{"seq":9,"cmd":"call","instance":1,"op":"mbx.open","args":{"pid":1,"target":"app:\\u0100","flags":0}}',
      '{"seq":10,"cmd":"frobnicate"}',
      '{"seq":11,"cmd":"bye"}',
      '{"seq":12,"cmd":"hello"}',
    ]);
    const replies = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(replies.map((r) => r.seq)).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(replies[0]).toHaveProperty("error");
    expect(replies[1]).toHaveProperty("unsupported");
    expect(replies[2]).toHaveProperty("unsupported");
    expect(replies[3]).toEqual({ seq: 4, ok: { instance: 1 } });
    expect(replies[4]).toHaveProperty("unsupported");
    expect(replies[5]).toHaveProperty("error");
    expect(replies[6]).toHaveProperty("error");
    // é is a byte but not a name byte; U+0100 is not a byte: both INVALID_TARGET (8), as in the reference.
    expect((replies[7] as { ok: { result: { status: number } } }).ok.result.status).toBe(8);
    expect((replies[8] as { ok: { result: { status: number } } }).ok.result.status).toBe(8);
    expect(replies[9]).toHaveProperty("error");
    expect(replies[10]).toEqual({ seq: 11, ok: {} });
  });
});

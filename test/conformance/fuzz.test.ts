import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse } from "yaml";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../../codegen/load.js";
import { fuzz, mailboxOps, type FuzzOp } from "../../conformance/runner/fuzz.js";
import { connectSession } from "../../conformance/runner/run.js";
import type { Session } from "../../conformance/runner/session.js";
import { REPO_ROOT, runCli, scratchDir, SPEC_DIR } from "../helpers.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const FAKES = join(REPO_ROOT, "dist/conformance/fakes");
const broken = (bug: string) => `node ${join(FAKES, "broken-reference.js")} --bug ${bug}`;
const faux = (args: string) => `node ${join(FAKES, "faux-adapter.js")} ${args}`;

describe("differential fuzzing (certify --fuzz)", () => {
  it("finds no divergence between the reference and itself (fixed seed)", async () => {
    const r = await runCli(["certify", "--fuzz", "60", "--seed", "20261122"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("fuzz isa: 60 random sequences, no divergence");
    expect(r.stdout).toContain("fuzz mailbox: 60 random sequences, no divergence");
  });

  /** certify --fuzz against a broken adapter: the divergence found, its sequence length, and the vector written. */
  async function findsAndShrinks(impl: string, op: string, maxSteps: number, profile = "desktop", features: string[] = ["events"]): Promise<void> {
    const s = scratchDir();
    cleanup = s.cleanup;
    const r = await runCli(["certify", "--fuzz", "100", "--seed", "3", "--impl", impl, "--fuzz-level", "mailbox", "--fuzz-profile", profile, "--fuzz-out", s.dir]);
    expect(r.code).toBe(1);
    const m = new RegExp(`DIVERGENCE at step (\\d+) \\(${op.replace(".", "\\.")}\\) of a (\\d+)-step sequence`).exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![2])).toBeLessThanOrEqual(maxSteps);
    expect(Number(m![1])).toBe(Number(m![2]) - 1);
    const files = readdirSync(s.dir);
    expect(files).toHaveLength(1);
    // Under the profile it ran with, requiring the features its steps and expectations need.
    const vector = (parse(readFileSync(join(s.dir, files[0]!), "utf8")) as { vectors: { profile?: string; requires?: { features: string[] } }[] }).vectors[0]!;
    expect(vector.profile).toBe(profile);
    expect(vector.requires?.features).toEqual(features);
    // The vector holds concrete handles and buffers (no generator references) and tells the bug apart.
    expect((await runCli(["certify", "--quiet", "--vectors", s.dir])).code).toBe(0);
    expect((await runCli(["certify", "--quiet", "--vectors", s.dir, "--impl", impl])).code).toBe(1);
  }

  it("shrinks a planted bug to a short sequence and writes it as a vector the reference passes and the bug fails", async () => {
    await findsAndShrinks(broken("silent-hint"), "mbx.send", 3);
  });

  it("finds a bug behind a completed wait (no mailbox_recv after mailbox_wake), which needs an open handle, a waiting receive and a send", async () => {
    await findsAndShrinks(broken("no-recv-event"), "mbx.send", 6);
  });

  it("finds a zero-copy bug (zc_recv reports channel 0) and shrinks it", async () => {
    await findsAndShrinks(broken("zc-recv-channel"), "mbx.zc_recv", 6, "embedded", ["events", "zero_copy"]);
  });

  it("reports an adapter that crashes or hangs as a divergence at that step, restarting it to shrink the sequence", async () => {
    const s = scratchDir();
    cleanup = s.cleanup;
    const crash = await runCli(["certify", "--fuzz", "50", "--seed", "3", "--impl", faux("--crash-on mbx.zc_send"), "--fuzz-level", "mailbox", "--fuzz-out", join(s.dir, "crash")]);
    expect(crash.code).toBe(1);
    expect(crash.stdout).toContain("DIVERGENCE at step 0 (mbx.zc_send) of a 1-step sequence");
    expect(crash.stdout).toMatch(/candidate: \{"kind":"error","message":"crash: the adapter exited with code 3/);
    const hang = await runCli(["certify", "--fuzz", "50", "--seed", "3", "--timeout", "300", "--impl", faux("--hang-on mbx.tap"), "--fuzz-level", "mailbox", "--fuzz-out", join(s.dir, "hang")]);
    expect(hang.code).toBe(1);
    expect(hang.stdout).toContain("DIVERGENCE at step 0 (mbx.tap) of a 1-step sequence");
    expect(hang.stdout).toContain('"message":"timeout: ');
  });

  it("issues only the operations the adapter's features cover, and compares events only with feature events", async () => {
    // Declaring no feature: zero-copy calls and stats would be unsupported, and events are always empty.
    const none = await runCli(["certify", "--fuzz", "60", "--seed", "3", "--impl", faux("--features none"), "--fuzz-level", "mailbox"]);
    expect(none.stdout).toContain("fuzz mailbox: 60 random sequences, no divergence");
    expect(none.code).toBe(0);
    const noEvents = await runCli(["certify", "--fuzz", "60", "--seed", "3", "--impl", faux("--features zero_copy,stats"), "--fuzz-level", "mailbox"]);
    expect(noEvents.code).toBe(0);
  });
});

describe("the mailbox generator", () => {
  const spec = loadSpec(SPEC_DIR);
  const sessions: Session[] = [];
  const open = async (): Promise<Session> => {
    const c = await connectSession({ impl: "reference", specHash: spec.hash, timeoutMs: 10_000, allowSpecMismatch: false, runner: { name: "hsx-kit test", version: "0" } });
    sessions.push(c.session);
    return c.session;
  };
  let ref: Session;
  let cand: Session;
  beforeAll(async () => {
    ref = await open();
    cand = await open();
  });
  afterAll(async () => {
    for (const s of sessions) await s.endpoint.close();
  });

  /** Statuses the reference answered, as "op STATUS" counts ("op" for results without a status; "op WAIT" for a wait). */
  async function tally(profile: string, features: readonly string[], runs = 150): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    const d = await fuzz("mailbox", runs, 20261122, profile, ref, cand, {
      features,
      onStep: (o: FuzzOp, r: unknown) => {
        const res = r as { kind: string; value: Record<string, unknown> & { completions?: { op: string; status: number }[] } };
        expect(res.kind).toBe("ok");
        const v = res.value;
        add(!("status" in v) ? o.op : v.status === null ? `${o.op} WAIT` : `${o.op} ${v.status as number}`);
        for (const c of v.completions ?? []) add(`completion ${c.op} ${c.status}`);
      },
    });
    expect(d).toBeNull();
    return counts;
  }
  const share = (t: Map<string, number>, op: string, status: number): number => {
    let all = 0;
    for (const [k, n] of t) if (k.startsWith(`${op} `)) all += n;
    return (t.get(`${op} ${status}`) ?? 0) / all;
  };

  it("reaches OK sends, receives and completed waits, and covers every zero-copy call with feature zero_copy", async () => {
    const t = await tally("embedded", ["events", "stats", "zero_copy"]);
    // Most calls name a handle the sequence opened: sends mostly succeed, receives find data or wait.
    expect(share(t, "mbx.send", 0)).toBeGreaterThan(0.4);
    expect(share(t, "mbx.send", 2)).toBeLessThan(0.35);
    expect(share(t, "mbx.recv", 0)).toBeGreaterThan(0.1);
    expect(t.get("mbx.recv WAIT")).toBeGreaterThan(0);
    expect(t.get("completion recv 0")).toBeGreaterThan(0);
    expect(t.get("completion recv 7")).toBeGreaterThan(0);
    expect(t.get("mbx.send 1")).toBeGreaterThan(0);
    for (const op of ["mbx.open", "mbx.bind", "mbx.peek", "mbx.tap", "mbx.close", "mbx.zc_acquire", "mbx.zc_write", "mbx.zc_send", "mbx.zc_recv", "mbx.zc_release"]) expect(t.get(`${op} 0`), op).toBeGreaterThan(0);
    expect(share(t, "mbx.zc_send", 0)).toBeGreaterThan(0.1);
    expect(t.get("mbx.stats")).toBeGreaterThan(0);
    expect(t.get("mbx.snapshot")).toBeGreaterThan(0);
    // Invalid handles, pids and buffers are still mixed in.
    for (const k of ["mbx.send 2", "mbx.recv 2", "mbx.zc_release 11", "mbx.open 8"]) expect(t.get(k), k).toBeGreaterThan(0);
  });

  it("issues no zero-copy call without feature zero_copy and no stats or snapshot without feature stats", async () => {
    const t = await tally("cortex_m", ["events"], 60);
    const ops = new Set([...t.keys()].map((k) => k.split(" ")[0]!));
    expect([...ops].filter((o) => o.startsWith("mbx.zc_") || o === "mbx.stats" || o === "mbx.snapshot")).toEqual([]);
    expect(share(t, "mbx.send", 0)).toBeGreaterThan(0.4);
  });

  it("is deterministic for a seed", () => {
    const sample = () => fc.sample(mailboxOps({ profile: "desktop", features: ["events", "stats", "zero_copy"] }), { seed: 7, numRuns: 20 });
    expect(sample()).toEqual(sample());
  });
});

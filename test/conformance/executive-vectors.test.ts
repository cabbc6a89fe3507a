/**
 * Executive conformance vectors (conformance/vectors/executive): every file well formed,
 * stable exec.<area>.<slug> ids unique across the suite, claims that exist and that the
 * steps bear out, the events feature declared exactly when events are compared; the
 * allowed-transition table asked pair by pair; every SVC function (planned ones too) and
 * every module number without a module issued by some image; the gated executive items
 * (transitions, SVC functions, executive events, max_tasks, task_stack_bytes and
 * event_buffer_entries of each profile) covered; and the reference certified on every
 * file with no expectation entries, the vectors that pin no profile under every profile.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSpec } from "../../codegen/load.js";
import { fromHex } from "../../conformance/adapters/hex.js";
import { computeCoverage } from "../../conformance/runner/coverage.js";
import { prepareArgs } from "../../conformance/runner/prepare.js";
import { certify } from "../../conformance/runner/run.js";
import { loadVectors, type Vector } from "../../conformance/runner/vectors.js";
import type { CertificationReport } from "../../generated/ts/types/report.js";
import { readHxe } from "../../src/hxe/index.js";
import { REPO_ROOT, runCli, SPEC_DIR, scratchDir } from "../helpers.js";

const FOLDER = "conformance/vectors/executive";
const PROFILES = ["desktop", "cortex_m", "embedded"] as const;

/** File stem -> fewest vectors it must keep (vectors are never removed, only added). */
const FILES: Record<string, number> = {
  transitions: 9,
  states: 26,
  svc: 21,
  stdio: 13,
  waits: 13,
  scheduling: 18,
  events: 18,
  loading: 17,
  control: 6,
  profiles: 9,
  history: 5,
};

/** File stem -> the areas of its ids: exec.<area>.<slug>. */
const AREAS: Record<string, readonly string[]> = {
  transitions: ["transition"],
  states: ["state"],
  svc: ["svc"],
  stdio: ["stdio"],
  waits: ["wait"],
  scheduling: ["sched"],
  events: ["event"],
  loading: ["load"],
  control: ["control"],
  profiles: ["profile"],
  history: ["history"],
};

const fileOf = (stem: string) => `${FOLDER}/${stem}.yaml`;

/** The reference's name in its handshake. */
const REFERENCE = "hsx-kit reference";

let specCache: ReturnType<typeof loadSpec> | undefined;
const spec = () => (specCache ??= loadSpec(SPEC_DIR, REPO_ROOT));

interface Loaded {
  vectors: Vector[];
  byFile: Map<string, Vector[]>;
  problems: unknown[];
}
let cached: Loaded | undefined;
function load(): Loaded {
  if (cached) return cached;
  const { vectors, problems } = loadVectors(
    Object.keys(FILES).map((n) => join(REPO_ROOT, fileOf(n))),
    REPO_ROOT,
  );
  const byFile = new Map<string, Vector[]>();
  for (const v of vectors) byFile.set(v.file, [...(byFile.get(v.file) ?? []), v]);
  return (cached = { vectors, byFile, problems });
}

/** The SVC immediates (module << 8 | function) in the code of every image a vector loads. */
function svcWords(v: Vector): Set<number> {
  const out = new Set<number>();
  for (const s of v.steps) {
    if (s.op !== "exec.load") continue;
    let image: Uint8Array;
    try {
      image = fromHex(prepareArgs(s.op, s.args, v.id).image);
    } catch {
      continue; // not assembled here: a broken vector fails elsewhere
    }
    let code: Uint8Array;
    try {
      code = readHxe(image).code;
    } catch {
      continue; // an image the loader refuses (IMAGE vectors)
    }
    for (let i = 0; i + 4 <= code.length; i += 4) {
      const w = ((code[i]! << 24) | (code[i + 1]! << 16) | (code[i + 2]! << 8) | code[i + 3]!) >>> 0;
      if (w >>> 24 === 0x30) out.add(w & 0xfff);
    }
  }
  return out;
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

describe("executive vectors: well formed", () => {
  it("every file loads and matches the vector-file schema", () => {
    expect(load().problems).toEqual([]);
  });

  it("each file keeps its vectors, all at level executive, with stable exec.<area>.<slug> ids unique across the whole suite", () => {
    const { vectors, byFile } = load();
    for (const [name, min] of Object.entries(FILES)) {
      const vs = byFile.get(fileOf(name)) ?? [];
      expect(vs.length, name).toBeGreaterThanOrEqual(min);
      for (const v of vs) {
        expect(v.level, v.id).toBe("executive");
        const m = /^exec\.([a-z]+)\.[a-z0-9_]+([.-][a-z0-9_]+)*$/.exec(v.id);
        expect(m, v.id).not.toBeNull();
        expect(AREAS[name], v.id).toContain(m![1]);
      }
    }
    expect(vectors.length).toBeGreaterThanOrEqual(Object.values(FILES).reduce((a, b) => a + b, 0));
    const suite = loadVectors([join(REPO_ROOT, "conformance", "vectors")], REPO_ROOT);
    const mine = new Set(vectors.map((v) => v.id));
    const ours = suite.problems.filter((p) => p.file.startsWith(`${FOLDER}/`) || [...mine].some((id) => p.message.includes(id)));
    expect(ours).toEqual([]);
    expect(suite.vectors.filter((v) => mine.has(v.id)).length).toBe(vectors.length);
    expect(suite.vectors.filter((v) => v.file.startsWith(`${FOLDER}/`)).length).toBe(vectors.length);
  });

  it("every vector names only spec items that exist, once each, and every gated claim is borne out by its steps", () => {
    const s = spec();
    const known = new Set([...s.model.items.map((i) => i.id), ...s.positions.keys()]);
    for (const v of load().vectors) {
      expect(v.spec.length, v.id).toBeGreaterThan(0);
      expect(v.spec.filter((id) => !known.has(id)), v.id).toEqual([]);
      expect(new Set(v.spec).size, v.id).toBe(v.spec.length);
    }
    const { vectors } = load();
    const cov = computeCoverage(s.model, vectors, new Set(vectors.map((v) => v.id)));
    expect(cov.unverified).toEqual([]);
  });

  it("a vector requires the events feature exactly when it compares events or reads the event history", () => {
    for (const v of load().vectors) {
      const usesEvents = v.steps.some((s) => s.op === "exec.history" || (s.expect !== null && JSON.stringify(s.expect).includes('"events"')));
      expect(v.features.includes("events"), v.id).toBe(usesEvents);
    }
  });

  it("every vector names each SVC function its images issue", () => {
    const { model } = spec();
    for (const v of load().vectors) {
      for (const imm of svcWords(v)) {
        const m = model.svc.modules.find((x) => x.number === imm >> 8);
        const f = m?.functions.find((x) => x.number === (imm & 0xff));
        if (m && f) expect(v.spec, `${v.id} issues SVC ${m.name}.${f.name}`).toContain(`svc.fn.${m.name}.${f.name}`);
      }
    }
  });
});

describe("executive vectors: what they cover", () => {
  it("every pair of the allowed-transition table (NONE and every state, to every state) is asked with exec.transition, with the spec's answer", () => {
    const { model } = spec();
    const states = Object.keys(model.executive.transitions.allowed);
    const rows: [string, string[]][] = [["NONE", model.executive.transitions.initial], ...Object.entries(model.executive.transitions.allowed)];
    const asked = new Map<string, unknown>();
    for (const v of load().vectors) {
      for (const s of v.steps) {
        if (s.op === "exec.transition" && s.expect) asked.set(`${String(s.args.from)}>${String(s.args.to)}`, s.expect.allowed);
      }
    }
    for (const [from, allowed] of rows) {
      for (const to of states) expect(asked.get(`${from}>${to}`), `${from} -> ${to}`).toBe(allowed.includes(to));
    }
  });

  it("every SVC function, planned ones included, and every module number with no module is issued by some image", () => {
    const { model } = spec();
    const issued = new Set<number>();
    for (const v of load().vectors) for (const imm of svcWords(v)) issued.add(imm);
    for (const m of model.svc.modules) {
      for (const f of m.functions) expect(issued.has((m.number << 8) | f.number), `${m.name}.${f.name}`).toBe(true);
    }
    for (const r of model.svc.reservedModules) {
      for (let n = r.from; n <= r.to; n++) expect([...issued].some((imm) => imm >> 8 === n), `module ${n}`).toBe(true);
    }
  });

  it("the gated executive items are covered: every transition, every implemented SVC function, every executive event, max_tasks, task_stack_bytes and event_buffer_entries of every profile", () => {
    const { model } = spec();
    const { vectors } = load();
    const cov = computeCoverage(model, vectors, new Set(vectors.map((v) => v.id)));
    const want = [
      ...model.items.filter((i) => i.kind === "transition" || i.kind === "svc_function").filter((i) => i.status === "implemented").map((i) => i.id),
      ...model.events.events.filter((e) => !e.name.startsWith("mailbox_")).filter((e) => model.items.find((i) => i.id === `event.${e.name}`)?.status === "implemented").map((e) => `event.${e.name}`),
      ...PROFILES.flatMap((p) => [`profile.${p}.max_tasks`, `profile.${p}.task_stack_bytes`, `profile.${p}.event_buffer_entries`]),
    ];
    expect(want.length).toBeGreaterThan(60);
    expect(want.filter((id) => (cov.byItem.get(id) ?? []).length === 0)).toEqual([]);
  });

  it("the profile vectors follow the spec's limits: max_tasks loads succeed before TASK_LIMIT, and the stack ends at TASK_STACK_TOP - task_stack_bytes", () => {
    const { model } = spec();
    const byId = new Map(load().vectors.map((v) => [v.id, v]));
    const top = Number(model.constants.find((c) => c.name === "TASK_STACK_TOP")?.value ?? 0xfffc);
    for (const p of model.profiles.profiles) {
      const tasks = byId.get(`exec.profile.${p.name}.max-tasks`);
      expect(tasks?.profile, p.name).toBe(p.name);
      const loads = tasks!.steps.filter((s) => s.op === "exec.load");
      const firstRefusal = loads.findIndex((s) => s.expect?.error === "TASK_LIMIT");
      expect(firstRefusal, p.name).toBe(p.limits.max_tasks);
      expect(loads.slice(0, firstRefusal).every((s) => s.expect?.error === null)).toBe(true);

      const stack = byId.get(`exec.profile.${p.name}.stack-limit`);
      expect(stack?.profile, p.name).toBe(p.name);
      const read = stack!.steps.find((s) => s.op === "exec.read" && s.expect?.sp !== undefined);
      expect(read?.expect?.sp, p.name).toBe(top - p.limits.task_stack_bytes!);
    }
  });
});

describe("executive vectors: the reference passes them", () => {
  it("hsx-kit certify --filter file:... certifies the reference on every executive file, with no expectation entries", async () => {
    const s = scratchDir("hsx-kit-executive-vectors-");
    cleanups.push(s.cleanup);
    const json = join(s.dir, "report.json");
    const filters = Object.keys(FILES).flatMap((n) => ["--filter", `file:${fileOf(n)}`]);
    const r = await runCli(["certify", "--quiet", "--json", json, ...filters]);
    expect(r.stderr).toBe("");
    const report = JSON.parse(readFileSync(json, "utf8")) as CertificationReport;
    expect(report.implementation.name).toBe(REFERENCE);
    expect(report.results.filter((x) => x.result !== "PASS").map((x) => `${x.id}: ${x.result} ${x.message ?? ""}`)).toEqual([]);
    for (const [name, min] of Object.entries(FILES)) {
      expect(report.results.filter((x) => x.file === fileOf(name)).length, name).toBeGreaterThanOrEqual(min);
    }
    expect(report.verdict).toBe("certified");
    expect(r.code).toBe(0);
  });

  it("vectors that pin no profile pass under every profile (they stay within the smallest limits)", async () => {
    const s = spec();
    const unpinned = load().vectors.filter((v) => v.profile === null);
    expect(unpinned.length).toBeGreaterThanOrEqual(120);
    for (const profile of PROFILES) {
      const report = await certify({
        impl: "reference",
        model: s.model,
        specHash: s.hash,
        vectors: unpinned.map((v) => ({ ...v, profile })),
        expectations: null,
        jobs: 1,
        timeoutMs: 10_000,
        allowSpecMismatch: false,
        runner: { name: "executive-vectors.test", version: "0" },
        rerunPrefix: "hsx-kit certify",
      });
      const wrong = report.results.filter((x) => x.result !== "PASS");
      expect(wrong.map((x) => `${profile} ${x.id}: ${x.result} ${x.message ?? ""}`)).toEqual([]);
    }
  });
});

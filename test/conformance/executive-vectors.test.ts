/**
 * Executive conformance vectors (conformance/vectors/executive). The checks every group
 * shares (well formed, stable exec.<area>.<slug> ids, claims borne out, SVC functions and
 * features declared, the reference certified with no expectation entries, unpinned
 * vectors under every profile) live in vector-suite.ts. Here: the allowed-transition
 * table asked pair by pair; every SVC function (planned ones too) and every module
 * number without a module issued by some image; the gated executive items (transitions,
 * SVC functions, executive events, max_tasks, task_stack_bytes and event_buffer_entries
 * of each profile) covered; and the profile vectors following the spec's limits.
 */
import { describe, expect, it } from "vitest";
import { describeVectorGroup, PROFILES, svcWords } from "./vector-suite.js";

const suite = describeVectorGroup({
  name: "all files",
  folder: "executive",
  files: {
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
  },
  areas: {
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
  },
  minUnpinned: 120,
});
const spec = suite.spec;
const load = suite.load;

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
    const cov = suite.coverage();
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

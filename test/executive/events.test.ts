// The event stream (spec/events.yaml): envelopes that validate, seq from 1 without
// gaps, ts on the executive clock, the history ring, and executive.rule.DETERMINISM.
import { describe, expect, it } from "vitest";
import { EVENT_INFO, PROFILES, type EventTypeName } from "../../generated/ts/index.js";
import { validateHsxEvent, validateMailboxSnapshot, validateMailboxStats } from "../../generated/validators/index.js";
import { Executive, type ExecEvent } from "../../src/executive/index.js";
import { example, ExecFixture, jsonl, sha256 } from "./fixture.js";

/** Every example at once, in one executive, plus a fault, a BRK and a kill. */
function workload(f: ExecFixture): void {
  for (const rel of ["fanout/fast.mvasm", "fanout/slow.mvasm", "fanout/sensor.mvasm", "pipe/consumer.mvasm", "pipe/producer.mvasm", "tap/monitor.mvasm", "tap/worker.mvasm"]) {
    f.load(example(rel));
  }
  f.loadSource("    LDI R0, 3\n    SVC 6, 0\n    BRK 2\n    LDI R1, 0\n    DIV R0, R0, R1");
  f.run(200);
  f.exec.input(1, new Uint8Array([1, 2]));
  f.run();
  f.exec.control(8, "resume");
  f.run();
}

describe("events", () => {
  it("every event of a busy run validates, with seq from 1 and ts never decreasing (ExecFixture checks each)", () => {
    const f = new ExecFixture();
    workload(f);
    const types = new Set(f.events.map((e) => e.type));
    const implemented = (Object.keys(EVENT_INFO) as EventTypeName[]).filter((t) => EVENT_INFO[t].status === "implemented");
    for (const t of ["task_state", "scheduler", "sleep_request", "sleep_complete", "vm_error", "debug_stop", "mailbox_send", "mailbox_recv", "mailbox_wait", "mailbox_wake", "mailbox_overrun"]) {
      expect(types, t).toContain(t);
      expect(implemented).toContain(t);
    }
    expect(f.events[0]!.seq).toBe(1);
  });

  it("executive.rule.DETERMINISM: the same images run twice give byte-identical event streams", () => {
    const streams = [0, 1].map(() => {
      const f = new ExecFixture();
      workload(f);
      return jsonl(f.events);
    });
    expect(sha256(streams[0]!)).toBe(sha256(streams[1]!));
    expect(streams[0]!.length).toBeGreaterThan(10_000);
  });

  it("the history ring keeps the last event_buffer_entries events", () => {
    const f = ExecFixture.profile("embedded");
    f.load(example("sleep/tick.mvasm"));
    f.load(example("sleep/tock.mvasm"));
    f.run();
    const cap = PROFILES.embedded.limits.event_buffer_entries;
    expect(f.events.length).toBeGreaterThan(cap);
    const history = f.exec.history();
    expect(history.length).toBe(cap);
    expect(history).toEqual(f.events.slice(-cap));
  });

  it("a listener that unsubscribes hears nothing more", () => {
    const x = new Executive();
    const heard: string[] = [];
    const off = x.onEvent((e) => heard.push(e.type));
    x.load(example("sleep/tick.mvasm"));
    off();
    x.run(1_000_000);
    expect(heard).toEqual(["task_state"]);
    expect(x.history().length).toBeGreaterThan(1); // the history ring still keeps them
    expect(x.profile).toBe("desktop");
  });

  it("events: false publishes nothing and keeps no history", () => {
    const x = new Executive({ events: false });
    x.load(example("sleep/tick.mvasm"));
    expect(x.run(1_000_000).reason).toBe("done");
    expect(x.history()).toEqual([]);
  });

  it("mailboxSnapshot reports the manager's stats and snapshot, valid against their schemas", () => {
    const f = new ExecFixture();
    f.load(example("pipe/consumer.mvasm"));
    const m = f.exec.mailboxSnapshot();
    expect(validateMailboxStats(m.stats)).toBe(true);
    expect(validateMailboxSnapshot(m.descriptors)).toBe(true);
    expect(m.descriptors.map((d) => d.target)).toContain("app:pipe");
  });

  it("mailbox events are the manager's, wrapped in the envelope with the task's pid", () => {
    const f = new ExecFixture();
    f.load(example("pipe/consumer.mvasm"));
    f.load(example("pipe/producer.mvasm"));
    f.run();
    const send = f.ofType("mailbox_send").find((e) => e.data.channel === 7)!;
    expect(send.pid).toBe(2);
    expect(Object.keys(send)).toEqual(["seq", "ts", "type", "pid", "data"]);
    const wake = f.events.findIndex((e: ExecEvent) => e.type === "mailbox_wake");
    expect(f.events[wake + 1]!.type).toBe("mailbox_recv"); // R-MBX-EVENTS: wake, then recv
    expect(f.events[wake + 2]).toMatchObject({ type: "task_state", data: { new_state: "ready", reason: "mailbox_wake" } });
    expect(validateHsxEvent(send)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { loadSpec } from "../../codegen/load.js";
import { Captures, compare, enumValue, Guides, resolveArgs, UnboundCapture, UnknownEnumName } from "../../conformance/runner/compare.js";
import { ExecContext } from "../../conformance/runner/execute.js";
import { FilterError, selectVectors } from "../../conformance/runner/select.js";
import type { Vector } from "../../conformance/runner/vectors.js";
import { SPEC_DIR } from "../helpers.js";

const { model } = loadSpec(SPEC_DIR);
const ctx = new ExecContext(model);
const guides = new Guides(model);
const recv = ctx.op("mbx.recv");

function cmp(expected: unknown, actual: unknown, caps = new Captures()) {
  return compare(expected, actual, recv.result, "$", caps, guides);
}

describe("comparison of expectations with results", () => {
  it("compares only the fields the vector lists", () => {
    expect(cmp({ length: 2 }, { status: 0, length: 2, flags: 9 })).toBeNull();
    expect(cmp({ length: 3 }, { length: 2 })).toEqual({ path: "$.length", expected: 3, actual: 2 });
  });

  it("compares enum names by value, and names the value in the difference", () => {
    expect(cmp({ status: "NO_DATA" }, { status: 3 })).toBeNull();
    expect(cmp({ status: "TIMEOUT" }, { status: 3 })).toMatchObject({ path: "$.status", note: "TIMEOUT = 7" });
    expect(cmp({ flags: "STDOUT|OVERRUN" }, { flags: 9 })).toBeNull();
    expect(cmp({ status: "NOPE" }, { status: 3 })?.note).toContain("not a value of mbx_status");
    const modes = model.enums.find((e) => e.name === "mbx_mode")!;
    expect(enumValue(modes, "FANOUT|FANOUT_DROP")).toBe(0x18);
    const statuses = model.enums.find((e) => e.name === "mbx_status")!;
    expect(enumValue(statuses, "OK|TIMEOUT")).toBeNull();
  });

  it("captures on first use and checks afterwards", () => {
    const caps = new Captures();
    expect(cmp({ src_pid: "$p" }, { src_pid: 4 }, caps)).toBeNull();
    expect(cmp({ src_pid: "$p" }, { src_pid: 4 }, caps)).toBeNull();
    expect(cmp({ src_pid: "$p" }, { src_pid: 5 }, caps)).toMatchObject({ expected: 4, actual: 5 });
  });

  it("compares arrays whole, or as an ordered subsequence with $include", () => {
    const events = [{ type: "mailbox_send", pid: 1 }, { type: "mailbox_wake", pid: 2, data: { status: 0 } }, { type: "mailbox_recv", pid: 2 }];
    expect(cmp({ events: [{ type: "mailbox_send" }] }, { events })).toMatchObject({ path: "$.events.length", expected: 1, actual: 3 });
    expect(cmp({ events: { $include: [{ type: "mailbox_wake", data: { status: "OK" } }, { type: "mailbox_recv" }] } }, { events })).toBeNull();
    expect(cmp({ events: { $include: [{ type: "mailbox_recv" }, { type: "mailbox_wake" }] } }, { events })?.note).toContain("no item");
    expect(cmp({ events: [] }, { events: [] })).toBeNull();
  });

  it("treats null as null and reports a missing field as undefined", () => {
    expect(cmp({ wait: null }, { wait: null })).toBeNull();
    expect(cmp({ wait: null }, { wait: 3 })).toMatchObject({ expected: null, actual: 3 });
    expect(cmp({ data: "aa" }, {})).toMatchObject({ path: "$.data", expected: "aa", actual: undefined });
  });

  it("resolves captures and enum names in arguments, and refuses unbound ones", () => {
    const caps = new Captures();
    caps.vars.set("$h", 3);
    const open = ctx.op("mbx.open").def;
    expect(resolveArgs({ pid: 1, target: "app:x", flags: "RDONLY" }, open.args, caps, guides)).toEqual({ pid: 1, target: "app:x", flags: 1 });
    const send = ctx.op("mbx.send").def;
    expect(resolveArgs({ handle: "$h", flags: "STDERR" }, send.args, caps, guides)).toEqual({ handle: 3, flags: 2 });
    expect(() => resolveArgs({ handle: "$nope" }, send.args, caps, guides)).toThrow(UnboundCapture);
    expect(resolveArgs({ target: "$$abc" }, open.args, caps, guides)).toEqual({ target: "$abc" });
    expect(cmp({ data: "$$x" }, { data: "$x" })).toBeNull();
    expect(() => resolveArgs({ flags: "LOUD" }, send.args, caps, guides)).toThrow(UnknownEnumName);
  });
});

describe("vector selection", () => {
  const v = (id: string, level: string, tags: string[] = [], spec: string[] = []): Vector => ({ id, title: id, spec, level, profile: null, features: [], tags, steps: [], file: `conformance/vectors/${level}/x.yaml` });
  const all = [v("isa.ADD.a1.b1", "isa", ["generated"]), v("mbx.fanout.drop", "mailbox", [], ["mailbox.rule.FANOUT_DROP"]), v("mbx.single.fifo", "mailbox")];
  it("selects by id glob, level, tag, spec and file; terms of one filter must all hold", () => {
    expect(selectVectors(all, ["mbx.*"]).map((x) => x.id)).toEqual(["mbx.fanout.drop", "mbx.single.fifo"]);
    expect(selectVectors(all, ["level:isa"]).map((x) => x.id)).toEqual(["isa.ADD.a1.b1"]);
    expect(selectVectors(all, ["tag:generated", "id:mbx.single.*"]).map((x) => x.id)).toEqual(["isa.ADD.a1.b1", "mbx.single.fifo"]);
    expect(selectVectors(all, ["level:mailbox,spec:*FANOUT*"]).map((x) => x.id)).toEqual(["mbx.fanout.drop"]);
    expect(selectVectors(all, ["file:*/isa/*"]).length).toBe(1);
    expect(selectVectors(all, []).length).toBe(3);
    expect(() => selectVectors(all, ["id:"])).toThrow(FilterError);
  });

  it("rejects a term with a mistyped kind instead of selecting nothing, and suggests the right form", () => {
    expect(() => selectVectors(all, ["level=mailbox"])).toThrow(/unknown filter term "level=mailbox".*did you mean level:mailbox\?/);
    expect(() => selectVectors(all, ["LEVEL:isa"])).toThrow(/did you mean level:isa\?/);
    expect(() => selectVectors(all, ["owner:me"])).toThrow(/terms are id:GLOB, level:NAME/);
  });
});

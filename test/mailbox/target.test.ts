import { describe, expect, it } from "vitest";
import { MAILBOX, MbxMode, MbxNamespace, MbxStatus } from "../../generated/ts/index.js";
import { Fixture } from "./fixture.js";

/** Open target as pid and return (namespace, name, owner, canonical target) of its descriptor. */
function resolve(target: string, pid = 3): { ns: number; name: string; owner: number | null; target: string } {
  const fx = new Fixture();
  const h = fx.api.open(pid, target, MbxMode.WRONLY);
  expect(h.status).toBe(MbxStatus.OK);
  const [d] = fx.snapshot();
  return { ns: d!.namespace, name: d!.name, owner: d!.owner_pid, target: d!.target };
}

describe("mailbox.rule.TARGET_PARSE", () => {
  it("reads each prefix; a string without a known prefix is an svc: name", () => {
    expect(resolve("pid:7")).toEqual({ ns: MbxNamespace.PID, name: "", owner: 7, target: "pid:7" });
    expect(resolve("svc:log")).toEqual({ ns: MbxNamespace.SVC, name: "log", owner: 3, target: "svc:log@3" });
    expect(resolve("app:log")).toEqual({ ns: MbxNamespace.APP, name: "log", owner: null, target: "app:log" });
    expect(resolve("shared:log")).toEqual({ ns: MbxNamespace.SHARED, name: "log", owner: null, target: "shared:log" });
    expect(resolve("log")).toEqual({ ns: MbxNamespace.SVC, name: "log", owner: 3, target: "svc:log@3" });
    expect(resolve("PID:5")).toEqual({ ns: MbxNamespace.SVC, name: "PID:5", owner: 3, target: "svc:PID:5@3" });
  });

  it("pid: alone is the caller's inbox; pid:N takes a decimal", () => {
    expect(resolve("pid:", 9).target).toBe("pid:9");
    expect(resolve("pid:007").target).toBe("pid:7");
    expect(resolve("pid:0").target).toBe("pid:0");
    expect(resolve("pid:65535").target).toBe("pid:65535");
  });

  it("an owner suffix @N names the owner; an empty N is the default owner", () => {
    expect(resolve("svc:log@9").target).toBe("svc:log@9");
    expect(resolve("svc:log@").target).toBe("svc:log@3");
    expect(resolve("log@12").target).toBe("svc:log@12");
    expect(resolve("app:log@4")).toEqual({ ns: MbxNamespace.APP, name: "log", owner: 4, target: "app:log@4" });
    expect(resolve("app:log@").target).toBe("app:log");
    expect(resolve("app:log@65535").owner).toBe(65535);
  });

  it("shared: drops anything after '@'", () => {
    expect(resolve("shared:bus@whatever")).toEqual({ ns: MbxNamespace.SHARED, name: "bus", owner: null, target: "shared:bus" });
    expect(resolve("shared:bus@@\x01")).toMatchObject({ target: "shared:bus" });
  });

  it("the same target string resolves per caller for caller-owned forms", () => {
    const fx = new Fixture();
    fx.open(1, "svc:x");
    fx.open(2, "svc:x");
    fx.open(1, "pid:");
    fx.open(2, "pid:");
    expect(fx.snapshot().map((d) => d.target)).toEqual(["svc:x@1", "svc:x@2", "pid:1", "pid:2"]);
  });

  it("names are compared case-sensitively", () => {
    const fx = new Fixture();
    fx.open(1, "app:Bus");
    fx.open(1, "app:bus");
    fx.open(1, "app:bus");
    expect(fx.snapshot().map((d) => d.target)).toEqual(["app:Bus", "app:bus"]);
  });
});

describe("mailbox.rule.TARGET_OWNER", () => {
  it("a descriptor is identified by (namespace, name, owner)", () => {
    const fx = new Fixture();
    const d1 = fx.bind(1, "svc:stdio.out");
    expect(fx.bind(0, "svc:stdio.out@1")).toBe(d1); // the host reaches pid 1's stdout
    expect(fx.bind(2, "svc:stdio.out")).not.toBe(d1); // pid 2 has its own
    const app = fx.bind(1, "app:demo");
    expect(fx.bind(2, "app:demo")).toBe(app); // app: is global
    expect(fx.bind(2, "app:demo@3")).not.toBe(app);
    expect(fx.bind(1, "shared:demo")).toBe(fx.bind(2, "shared:demo@9"));
    expect(fx.snapshot().map((d) => [d.target, d.owner_pid])).toEqual([
      ["svc:stdio.out@1", 1],
      ["svc:stdio.out@2", 2],
      ["app:demo", null],
      ["app:demo@3", 3],
      ["shared:demo", null],
    ]);
  });
});

describe("mailbox.rule.TARGET_INVALID", () => {
  const longest = `shared:${"n".repeat(MAILBOX.MAX_NAME_BYTES)}@${"x".repeat(MAILBOX.MAX_TARGET_BYTES - 8 - MAILBOX.MAX_NAME_BYTES)}`;
  const bad: [string, unknown][] = [
    ["empty", ""],
    ["longer than MAX_TARGET_BYTES", `${longest}x`],
    ["empty svc: name", "svc:"],
    ["empty app: name", "app:"],
    ["empty shared: name", "shared:"],
    ["empty bare name", "@5"],
    ["name longer than MAX_NAME_BYTES", `app:${"n".repeat(MAILBOX.MAX_NAME_BYTES + 1)}`],
    ["space in name", "app:a b"],
    ["control byte in name", "app:a\x07"],
    ["DEL in name", "app:a\x7f"],
    ["non-ASCII byte in name", "app:caf\xe9"],
    ["not a byte string", "app:\u0100"],
    ["pid not decimal", "pid:abc"],
    ["negative pid", "pid:-1"],
    ["pid above 65535", "pid:65536"],
    ["pid with an owner suffix", "pid:1@2"],
    ["owner not decimal", "app:x@abc"],
    ["negative owner", "svc:x@-1"],
    ["owner above 65535", "app:x@70000"],
    ["two suffixes", "svc:x@1@2"],
    ["not a string", 42],
    ["null", null],
  ];

  it("the longest target and name are valid", () => {
    expect(longest.length).toBe(MAILBOX.MAX_TARGET_BYTES);
    expect(resolve(longest).name.length).toBe(MAILBOX.MAX_NAME_BYTES);
  });

  it.each(bad)("%s is INVALID_TARGET for OPEN and BIND and changes nothing", (_why, target) => {
    const fx = new Fixture();
    const before = JSON.stringify([fx.stats(), fx.snapshot()]);
    expect(fx.m.open(1, target as string, 0)).toBe(MbxStatus.INVALID_TARGET);
    expect(fx.m.bind(1, target as string, 0, 0)).toBe(MbxStatus.INVALID_TARGET);
    expect(JSON.stringify([fx.stats(), fx.snapshot()])).toBe(before);
    expect(fx.ofType("mailbox_error").map((e) => e.data.status)).toEqual([MbxStatus.INVALID_TARGET, MbxStatus.INVALID_TARGET]);
  });

  it("a malformed target cached once stays malformed; the parse cache is bounded", () => {
    const fx = new Fixture();
    for (let i = 0; i < 5000; i++) expect(fx.m.open(1, `pid:x${i}`, 0)).toBe(MbxStatus.INVALID_TARGET);
    for (let i = 0; i < 70; i++) fx.open(i, "svc:same");
    expect(fx.m.open(1, "pid:x1", 0)).toBe(MbxStatus.INVALID_TARGET);
    expect(fx.stats().active_descriptors).toBe(70);
  });
});

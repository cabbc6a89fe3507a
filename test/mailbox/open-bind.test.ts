import { describe, expect, it } from "vitest";
import { MAILBOX, MbxMode, MbxStatus, PROFILES } from "../../generated/ts/index.js";
import { Fixture, filled } from "./fixture.js";

const { RDONLY, WRONLY, RDWR, FANOUT, FANOUT_BLOCK, FANOUT_DROP, TAP } = MbxMode;

describe("mailbox.rule.OPEN_CREATES", () => {
  it("creates a missing descriptor with the profile default capacity and mode 0", () => {
    for (const profile of ["desktop", "cortex_m", "embedded"] as const) {
      const fx = new Fixture(profile);
      expect(fx.open(1, "app:new")).toBe(1);
      expect(fx.desc("app:new")).toMatchObject({ capacity: PROFILES[profile].limits.default_capacity, mode_mask: 0, handles: 1, holders: [] });
    }
  });

  it("opens existing descriptors without changing them; handles count up per pid", () => {
    const fx = new Fixture();
    const id = fx.bind(1, "app:x", 128, FANOUT);
    expect([fx.open(1, "app:x"), fx.open(1, "app:x"), fx.open(2, "app:x")]).toEqual([1, 2, 1]);
    expect(fx.desc("app:x")).toMatchObject({ descriptor_id: id, capacity: 128, mode_mask: FANOUT, handles: 3 });
  });
});

describe("mailbox.rule.OPEN_ATOMIC", () => {
  it("an OPEN refused by the handle quota leaves no descriptor behind", () => {
    const fx = new Fixture("embedded");
    const quota = PROFILES.embedded.limits.handles_per_pid;
    for (let i = 0; i < quota; i++) fx.open(1, "app:a");
    const before = JSON.stringify(fx.snapshot());
    expect(fx.m.open(1, "app:fresh", 0)).toBe(MbxStatus.HANDLE_QUOTA);
    expect(JSON.stringify(fx.snapshot())).toBe(before);
  });

  it("an OPEN refused for access leaves no descriptor behind", () => {
    const fx = new Fixture();
    expect(fx.m.open(3, "pid:5", RDONLY)).toBe(MbxStatus.ACCESS_DENIED);
    expect(fx.snapshot()).toEqual([]);
  });
});

describe("mailbox.rule.ACCESS", () => {
  it("flags & 3 give the access, 0 meaning RDWR; other bits are ignored", () => {
    const fx = new Fixture();
    const rw0 = fx.open(1, "app:a", 0);
    const ro = fx.open(1, "app:a", RDONLY);
    const wo = fx.open(1, "app:a", WRONLY);
    const rw = fx.open(1, "app:a", RDWR);
    const roExtra = fx.open(1, "app:a", 0xff00 | RDONLY);
    const rwExtra = fx.open(1, "app:a", 0xfffc);
    for (const h of [rw0, wo, rw, rwExtra, wo]) expect(fx.send(1, h, "m")).toBe(MbxStatus.OK);
    for (const h of [ro, roExtra]) expect(fx.send(1, h, "m")).toBe(MbxStatus.ACCESS_DENIED);
    const buf = new Uint8Array(8);
    for (const h of [rw0, ro, rw, roExtra, rwExtra]) expect(fx.m.recv(1, h, buf, 0, 8, 0)).toBe(MbxStatus.OK);
    expect(fx.m.recv(1, wo, buf, 0, 8, 0)).toBe(MbxStatus.ACCESS_DENIED);
    expect(fx.m.tap(1, wo, true)).toBe(MbxStatus.ACCESS_DENIED);
    expect(fx.ofType("mailbox_error").map((e) => [e.data.fn, e.data.status, e.data.handle])).toEqual([
      [2, MbxStatus.ACCESS_DENIED, ro],
      [2, MbxStatus.ACCESS_DENIED, roExtra],
      [3, MbxStatus.ACCESS_DENIED, wo],
      [5, MbxStatus.ACCESS_DENIED, wo],
    ]);
  });
});

describe("mailbox.rule.PID_ISOLATION", () => {
  it("another task may only write to pid:N", () => {
    const fx = new Fixture();
    const h = fx.open(3, "pid:5", 0);
    expect(fx.send(3, h, "hi")).toBe(MbxStatus.OK);
    expect(fx.m.recv(3, h, new Uint8Array(4), 0, 4, 0)).toBe(MbxStatus.ACCESS_DENIED);
    expect(fx.m.open(3, "pid:5", RDONLY)).toBe(MbxStatus.ACCESS_DENIED);
    expect(fx.m.open(3, "pid:5", RDWR)).toBe(MbxStatus.ACCESS_DENIED);
    expect(fx.open(3, "pid:5", WRONLY)).toBe(2);
    expect(fx.m.bind(3, "pid:5", 0, 0)).toBe(MbxStatus.ACCESS_DENIED);
  });

  it("task N and the host (pid 0) have full access to pid:N", () => {
    const fx = new Fixture();
    const own = fx.open(5, "pid:");
    expect(fx.open(5, "pid:5", RDONLY)).toBe(2);
    const host = fx.open(0, "pid:5", RDWR);
    expect(fx.bind(5, "pid:5")).toBe(fx.bind(0, "pid:5"));
    expect(fx.send(0, host, "from host")).toBe(MbxStatus.OK);
    expect(fx.recvText(5, own).text).toBe("from host");
  });
});

describe("mailbox.rule.BIND", () => {
  it("creates with the given capacity (0 = profile default) and mode; the caller holds it; no handle", () => {
    const fx = new Fixture("cortex_m");
    const a = fx.bind(4, "app:a", 0, 0);
    const b = fx.bind(4, "app:b", 200, FANOUT | FANOUT_BLOCK);
    expect(b).toBe(a + 1);
    expect(fx.desc("app:a")).toMatchObject({ descriptor_id: a, capacity: PROFILES.cortex_m.limits.default_capacity, mode_mask: 0, holders: [4], handles: 0 });
    expect(fx.desc("app:b")).toMatchObject({ capacity: 200, mode_mask: FANOUT | FANOUT_BLOCK, holders: [4] });
    expect(fx.stats().handles_total).toBe(0);
  });

  it("capacity must be 0 or MSG_HEADER_BYTES..max_capacity; mode only assigned bits", () => {
    for (const profile of ["desktop", "cortex_m", "embedded"] as const) {
      const fx = new Fixture(profile);
      const max = PROFILES[profile].limits.max_capacity;
      expect(fx.m.bind(1, "app:a", MAILBOX.MSG_HEADER_BYTES - 1, 0)).toBe(MbxStatus.INVALID_ARGUMENT);
      expect(fx.m.bind(1, "app:a", max + 1, 0)).toBe(MbxStatus.INVALID_ARGUMENT);
      expect(fx.m.bind(1, "app:a", 0, 0x40)).toBe(MbxStatus.INVALID_ARGUMENT);
      expect(fx.m.bind(1, "app:a", 0, 0x8000)).toBe(MbxStatus.INVALID_ARGUMENT);
      expect(fx.snapshot()).toEqual([]);
      expect(fx.m.bind(1, "app:a", MAILBOX.MSG_HEADER_BYTES, 0)).toBe(MbxStatus.OK);
      expect(fx.m.bind(1, "app:b", max, RDWR | TAP | FANOUT | FANOUT_DROP | FANOUT_BLOCK)).toBe(MbxStatus.OK);
    }
  });

  it("holders are kept once per pid, sorted", () => {
    const fx = new Fixture();
    for (const pid of [7, 2, 7, 5, 2]) fx.bind(pid, "app:h");
    expect(fx.desc("app:h").holders).toEqual([2, 5, 7]);
  });
});

describe("mailbox.rule.BIND_RECONFIGURE", () => {
  it("a nonzero capacity replaces it, keeping every queued message; 0 keeps it", () => {
    const fx = new Fixture();
    fx.bind(1, "app:q", 64);
    const h = fx.open(1, "app:q");
    for (const m of ["one", "two", "three"]) expect(fx.send(1, h, m)).toBe(MbxStatus.OK);
    const used = fx.desc("app:q").bytes_used;
    fx.bind(1, "app:q", used);
    expect(fx.desc("app:q")).toMatchObject({ capacity: used, bytes_used: used, queue_depth: 3 });
    fx.bind(1, "app:q", 0);
    expect(fx.desc("app:q").capacity).toBe(used);
    fx.bind(1, "app:q", 200);
    expect(["one", "two", "three"].map(() => fx.recvText(1, h).text)).toEqual(["one", "two", "three"]);
  });

  it("a capacity below bytes_used is INVALID_ARGUMENT and changes nothing", () => {
    const fx = new Fixture();
    fx.bind(1, "app:q", 64);
    const h = fx.open(1, "app:q");
    fx.send(1, h, "0123456789");
    const before = JSON.stringify(fx.snapshot());
    expect(fx.m.bind(2, "app:q", 17, FANOUT)).toBe(MbxStatus.INVALID_ARGUMENT);
    expect(JSON.stringify(fx.snapshot())).toBe(before);
  });

  it("messages survive a resize while they wrap around the end of the ring", () => {
    const fx = new Fixture();
    fx.bind(1, "app:w", 40);
    const h = fx.open(1, "app:w");
    // 3 x 12 bytes, consume 2, then 2 more: the queue now wraps.
    for (const m of ["aaaa", "bbbb", "cccc"]) fx.send(1, h, m);
    fx.recvText(1, h);
    fx.recvText(1, h);
    for (const m of ["dddd", "eeee"]) expect(fx.send(1, h, m)).toBe(MbxStatus.OK);
    fx.bind(1, "app:w", 36);
    expect(fx.send(1, h, "ffff")).toBe(MbxStatus.WOULDBLOCK);
    fx.bind(1, "app:w", 48);
    expect(fx.send(1, h, "ffff")).toBe(MbxStatus.OK);
    expect(["cccc", "dddd", "eeee", "ffff"].map(() => fx.recvText(1, h).text)).toEqual(["cccc", "dddd", "eeee", "ffff"]);
  });

  it("fan-out cursors follow a resize", () => {
    const fx = new Fixture();
    fx.bind(1, "app:f", 40, FANOUT);
    const w = fx.open(1, "app:f", WRONLY);
    const a = fx.open(2, "app:f", RDONLY);
    const b = fx.open(3, "app:f", RDONLY);
    for (const m of ["aaaa", "bbbb", "cccc"]) fx.send(1, w, m);
    expect(fx.recvText(2, a).text).toBe("aaaa");
    expect(fx.recvText(3, b).text).toBe("aaaa");
    expect(fx.recvText(2, a).text).toBe("bbbb");
    expect(fx.send(1, w, "dddd")).toBe(MbxStatus.OK); // reclaimed aaaa, now wraps
    expect(fx.recvText(2, a).text).toBe("cccc");
    expect(fx.recvText(2, a).text).toBe("dddd"); // a has consumed everything
    fx.bind(1, "app:f", 60);
    fx.send(1, w, "eeee");
    expect(["bbbb", "cccc", "dddd", "eeee"].map(() => fx.recvText(3, b).text)).toEqual(["bbbb", "cccc", "dddd", "eeee"]);
    expect(fx.recvText(2, a).text).toBe("eeee");
    expect(fx.desc("app:f").queue_depth).toBe(0);
  });

  it("a nonzero mode replaces the mode; 0 keeps it; the same mode changes nothing (R-MBX-REBIND)", () => {
    const fx = new Fixture();
    fx.bind(1, "app:f", 64, FANOUT);
    const w = fx.open(1, "app:f", WRONLY);
    const r = fx.open(2, "app:f", RDONLY);
    const lag = fx.open(3, "app:f", RDONLY);
    for (const m of ["m1", "m2", "m3"]) fx.send(1, w, m);
    expect(fx.recvText(2, r).text).toBe("m1");
    const before = JSON.stringify(fx.snapshot());
    fx.bind(1, "app:f", 0, FANOUT);
    fx.bind(1, "app:f", 0, 0);
    expect(JSON.stringify(fx.snapshot())).toBe(before);
    expect(fx.recvText(2, r).text).toBe("m2");
    expect(fx.recvText(3, lag).text).toBe("m1");
    fx.bind(1, "app:f", 0, FANOUT | FANOUT_BLOCK);
    expect(fx.desc("app:f").mode_mask).toBe(FANOUT | FANOUT_BLOCK);
    expect(fx.recvText(3, lag).text).toBe("m2"); // cursors kept while FANOUT stays on
  });

  it("turning FANOUT on makes every queued message unread for every reader", () => {
    const fx = new Fixture();
    const w = fx.open(1, "app:s", WRONLY);
    const a = fx.open(2, "app:s", RDONLY);
    const b = fx.open(3, "app:s", RDONLY);
    for (const m of ["x", "y"]) fx.send(1, w, m);
    fx.bind(1, "app:s", 0, FANOUT);
    expect([fx.recvText(2, a).text, fx.recvText(2, a).text, fx.recvText(3, b).text, fx.recvText(3, b).text]).toEqual(["x", "y", "x", "y"]);
    expect(fx.desc("app:s").queue_depth).toBe(0);
  });

  it("turning FANOUT off hands queued messages to any waiting reader", () => {
    const fx = new Fixture();
    fx.bind(1, "app:s", 0, FANOUT);
    const w = fx.open(1, "app:s", WRONLY);
    const a = fx.open(2, "app:s", RDONLY);
    const b = fx.open(3, "app:s", RDONLY);
    fx.send(1, w, "m");
    expect(fx.recvText(2, a).text).toBe("m");
    expect(fx.m.recv(2, a, new Uint8Array(8), 0, 8, 100)).toBe(-1); // a waits; b still lags
    fx.bind(1, "app:s", 0, RDWR);
    expect(fx.m.takeCompletions()).toMatchObject([{ pid: 2, status: MbxStatus.OK, length: 1 }]);
    expect(fx.desc("app:s").queue_depth).toBe(0);
    expect(fx.m.recv(3, b, new Uint8Array(8), 0, 8, 0)).toBe(MbxStatus.NO_DATA);
  });

  it("switching FANOUT_BLOCK to FANOUT_DROP admits waiting senders, dropping the oldest", () => {
    const fx = new Fixture();
    fx.bind(1, "app:b", 24, FANOUT | FANOUT_BLOCK);
    const w = fx.open(1, "app:b", WRONLY);
    const r = fx.open(2, "app:b", RDONLY);
    expect(fx.send(1, w, filled(16))).toBe(MbxStatus.OK);
    expect(fx.send(1, w, filled(16, 0x62), 0, 0, 50)).toBe(-1);
    fx.take();
    fx.bind(1, "app:b", 0, FANOUT | FANOUT_DROP);
    expect(fx.types()).toEqual(["mailbox_wake", "mailbox_overrun", "mailbox_send"]);
    expect(fx.m.takeCompletions()).toMatchObject([{ pid: 1, op: "send", status: MbxStatus.OK, length: 16 }]);
    const got = fx.recvText(2, r);
    expect([got.text, got.flags]).toEqual(["b".repeat(16), 0x08]);
  });
});

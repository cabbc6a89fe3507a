// mailbox.rule.ZERO_COPY, clause by clause: acquire, send_buffer, recv_buffer, release,
// taskExit, plus the buffers a queue pins and the pool's accounting in stats().
import { describe, expect, it } from "vitest";
import { MAILBOX, MbxFlag, MbxFn, MbxMode, MbxStatus, PROFILES, type ProfileName } from "../../generated/ts/index.js";
import { ZC_FN_NONE } from "../../src/mailbox/zerocopy.js";
import { Fixture, bytes, filled, text } from "./fixture.js";

const { RDONLY, WRONLY, FANOUT, FANOUT_DROP, FANOUT_BLOCK } = MbxMode;
const HDR = MAILBOX.MSG_HEADER_BYTES;
const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** Acquire a buffer that must be given, write `body` at its start, return its id. */
function filledBuffer(fx: Fixture, pid: number, body: string | Uint8Array, size = 0): number {
  const r = fx.api.zcAcquire(pid, size);
  expect(r.status).toBe(MbxStatus.OK);
  expect(fx.api.zcWrite(pid, r.buffer, typeof body === "string" ? bytes(body) : body).status).toBe(MbxStatus.OK);
  return r.buffer;
}

/** free + held by the given pids + pinned by queued messages == zc_buffers. */
function conserved(fx: Fixture, pids: readonly number[]): { free: number; held: number; queued: number } {
  const s = fx.stats();
  const held = pids.reduce((a, p) => a + fx.m.zcHeld(p), 0);
  expect(s.zc_buffers_free! + held + fx.m.zcQueued).toBe(s.zc_buffers);
  return { free: s.zc_buffers_free!, held, queued: fx.m.zcQueued };
}

describe("mailbox.rule.ZERO_COPY", () => {
  describe("acquire(pid, size)", () => {
    it.each(PROFILE_NAMES)("%s: gives the pid a zeroed buffer of zc_buffer_bytes for any size up to zc_buffer_bytes", (profile) => {
      const fx = new Fixture(profile);
      const l = PROFILES[profile].limits;
      for (const size of [0, 1, l.zc_buffer_bytes]) {
        const r = fx.api.zcAcquire(3, size);
        expect(r.status).toBe(MbxStatus.OK);
        expect(r.buffer).toBeGreaterThan(0);
        const mem = fx.m.zcBytes(3, r.buffer)!;
        expect(mem.length).toBe(l.zc_buffer_bytes);
        expect(mem.every((x) => x === 0)).toBe(true);
        expect(fx.m.zcBytes(4, r.buffer)).toBeNull(); // only the holder sees it
      }
      expect(fx.take()).toEqual([]); // acquiring emits nothing
      expect(fx.stats()).toMatchObject({ zc_buffers: l.zc_buffers, zc_buffers_free: l.zc_buffers - 3 });
      expect(fx.m.zcHeld(3)).toBe(3);
    });

    it.each(PROFILE_NAMES)("%s: a size beyond zc_buffer_bytes is INVALID_ARGUMENT (mailbox_error, no buffer taken)", (profile) => {
      const fx = new Fixture(profile);
      const l = PROFILES[profile].limits;
      expect(fx.api.zcAcquire(1, l.zc_buffer_bytes + 1)).toEqual({ status: MbxStatus.INVALID_ARGUMENT, buffer: 0 });
      expect(fx.take()).toMatchObject([{ type: "mailbox_error", pid: 1, data: { fn: ZC_FN_NONE, status: MbxStatus.INVALID_ARGUMENT, handle: null } }]);
      expect(fx.stats().zc_buffers_free).toBe(l.zc_buffers);
    });

    it.each(PROFILE_NAMES)("%s: with the pool empty, NO_BUFFER after mailbox_exhausted buffer_pool_full; a release makes one available again", (profile) => {
      const fx = new Fixture(profile);
      const n = PROFILES[profile].limits.zc_buffers;
      const ids = new Set<number>();
      for (let i = 0; i < n; i++) ids.add(fx.api.zcAcquire(1 + (i % 3), 8).buffer);
      expect(ids.size).toBe(n); // distinct ids
      expect(fx.stats().zc_buffers_free).toBe(0);
      fx.take();
      expect(fx.api.zcAcquire(5, 8)).toEqual({ status: MbxStatus.NO_BUFFER, buffer: 0 });
      expect(fx.take()).toEqual([
        { type: "mailbox_exhausted", pid: 5, data: { reason: "buffer_pool_full", limit: n, in_use: n, target: null } },
        { type: "mailbox_error", pid: 5, data: { fn: ZC_FN_NONE, status: MbxStatus.NO_BUFFER, handle: null, detail: expect.any(String) } },
      ]);
      expect(fx.api.zcRelease(1, [...ids][0]!).status).toBe(MbxStatus.OK);
      const again = fx.api.zcAcquire(5, 8);
      expect(again.status).toBe(MbxStatus.OK);
      expect(ids.has(again.buffer)).toBe(false); // ids are not reused at once, so a stale id is detected
      expect(fx.stats().zc_buffers_free).toBe(0);
    });

    it("ids count upward and are reused only after the 16-bit space wraps, skipping ids in use", () => {
      const fx = new Fixture("embedded", false);
      expect(fx.api.zcAcquire(1, 0).buffer).toBe(1);
      for (let id = 2; id <= 0xffff; id++) {
        const b = fx.api.zcAcquire(2, 0).buffer;
        expect(b).toBe(id);
        expect(fx.api.zcRelease(2, b).status).toBe(MbxStatus.OK);
      }
      expect(fx.api.zcAcquire(2, 0).buffer).toBe(2); // wrapped past id 1, which pid 1 still holds
    });
  });

  describe("send_buffer(pid, handle, buffer, length, flags, channel)", () => {
    it("queues the buffer's first length bytes; the receiver gets them and the buffer returns to the pool once consumed", () => {
      const fx = new Fixture("embedded");
      const tx = fx.open(1, "app:q", WRONLY);
      const rx = fx.open(2, "app:q", RDONLY);
      const b = filledBuffer(fx, 1, "hello, world");
      fx.take();
      expect(fx.api.zcSend(1, tx, b, 5, { flags: MbxFlag.STDOUT, channel: 3 })).toEqual({ status: MbxStatus.OK, length: 5 });
      expect(fx.take()).toEqual([{ type: "mailbox_send", pid: 1, data: { descriptor: 1, handle: tx, length: 5, flags: MbxFlag.STDOUT, channel: 3, src_pid: 1 } }]);
      expect(fx.desc("app:q")).toMatchObject({ bytes_used: 5 + HDR, queue_depth: 1, high_water: 5 + HDR, next_seq: 1 });
      // The buffer now belongs to the queue: the sender holds it no more.
      expect(fx.m.zcBytes(1, b)).toBeNull();
      expect(conserved(fx, [1, 2])).toEqual({ free: 3, held: 0, queued: 1 });
      const r = fx.recvText(2, rx);
      expect(r).toEqual({ status: MbxStatus.OK, text: "hello", flags: MbxFlag.STDOUT });
      expect(conserved(fx, [1, 2])).toEqual({ free: 4, held: 0, queued: 0 });
    });

    it("acts exactly as a send with timeout 0: same statuses, costs, events, fan-out drops and tap copies", () => {
      // Twin managers run the same traffic, one with send(), one with send_buffer().
      const run = (zero: boolean) => {
        const fx = new Fixture("cortex_m");
        fx.bind(0, "app:s", 40);
        fx.bind(0, "shared:d", 40, FANOUT | FANOUT_DROP);
        fx.bind(0, "shared:b", 40, FANOUT | FANOUT_BLOCK);
        const out: unknown[] = [];
        const targets = ["app:s", "shared:d", "shared:b"];
        const tx = targets.map((t) => fx.open(1, t, WRONLY));
        const rx = targets.map((t) => fx.open(2, t, RDONLY));
        const taps = targets.map((t) => {
          const h = fx.open(3, t, RDONLY);
          fx.m.tap(3, h, true);
          return h;
        });
        const send = (i: number, body: Uint8Array, flags: number): number => {
          if (!zero) return fx.m.send(1, tx[i]!, body, 0, body.length, flags, i, 0);
          const b = filledBuffer(fx, 1, body);
          const st = fx.m.zcSend(1, tx[i]!, b, body.length, flags, i);
          if (st !== MbxStatus.OK) fx.m.zcRelease(1, b);
          return st;
        };
        fx.take();
        for (let k = 0; k < 9; k++) {
          for (let i = 0; i < 3; i++) out.push(send(i, filled(4 + 3 * k, 0x30 + k), k & 1 ? MbxFlag.OVERRUN : 0), fx.take());
          if (k % 3 === 2) for (let i = 0; i < 3; i++) out.push(fx.recvText(2, rx[i]!), fx.recvText(3, taps[i]!), fx.take());
        }
        out.push(send(0, filled(33), 0), fx.take()); // MSG_TOO_LARGE
        out.push(send(0, new Uint8Array(0), MbxFlag.OOB), fx.take()); // a hint
        out.push(fx.snapshot(), { ...fx.stats(), zc_buffers_free: 0 });
        for (let i = 0; i < 3; i++) for (let n = 0; n < 8; n++) out.push(fx.recvText(2, rx[i]!), fx.recvText(3, taps[i]!));
        return out;
      };
      expect(run(true)).toEqual(run(false));
    });

    it("with timeout 0 semantics it never waits: a full single-reader queue is WOULDBLOCK with mailbox_backpressure, and the buffer stays with the pid", () => {
      const fx = new Fixture("embedded");
      fx.bind(0, "app:q", 24);
      const tx = fx.open(1, "app:q", WRONLY);
      expect(fx.send(1, tx, filled(10))).toBe(MbxStatus.OK);
      const b = filledBuffer(fx, 1, "abcdefgh");
      fx.take();
      expect(fx.m.zcSend(1, tx, b, 8, 0, 0)).toBe(MbxStatus.WOULDBLOCK);
      expect(fx.take()).toEqual([
        { type: "mailbox_backpressure", pid: 1, data: { descriptor: 1, policy: "single", capacity: 24, bytes_used: 18, requested: 16, tap_pid: null, tap_handle: null, limit: null } },
      ]);
      expect(fx.m.waitOf(1)).toBeNull();
      expect(text(fx.m.zcBytes(1, b)!.subarray(0, 8))).toBe("abcdefgh");
      expect(conserved(fx, [1])).toEqual({ free: 3, held: 1, queued: 0 });
    });

    it("WOULDBLOCK while senders wait (FIFO admission), and under FANOUT_BLOCK with policy fanout_block", () => {
      const fx = new Fixture("desktop");
      fx.bind(0, "shared:b", 24, FANOUT | FANOUT_BLOCK);
      const tx = fx.open(1, "shared:b", WRONLY);
      fx.open(2, "shared:b", RDONLY);
      expect(fx.send(1, tx, filled(10))).toBe(MbxStatus.OK);
      const b = filledBuffer(fx, 1, "x");
      fx.take();
      expect(fx.m.zcSend(1, tx, b, 10, 0, 0)).toBe(MbxStatus.WOULDBLOCK);
      expect(fx.ofType("mailbox_backpressure")[0]!.data.policy).toBe("fanout_block");
      // A waiting sender: even a message that would fit does not overtake it.
      fx.bind(0, "app:s", 32);
      const s1 = fx.open(3, "app:s", WRONLY);
      const s2 = fx.open(4, "app:s", WRONLY);
      fx.send(3, s1, filled(10));
      expect(fx.send(3, s1, filled(10), 0, 0, 100)).toBe(-1);
      const c = filledBuffer(fx, 4, "y");
      expect(fx.m.zcSend(4, s2, c, 1, 0, 0)).toBe(MbxStatus.WOULDBLOCK);
      expect(fx.m.zcHeld(4)).toBe(1);
    });

    it("checks in the manager's order: pid, handle, access, buffer and length, flags and channel, MSG_TOO_LARGE, then the queue; a refusal leaves the buffer with the pid", () => {
      const fx = new Fixture("embedded");
      fx.bind(0, "app:q", 16);
      const w = fx.open(1, "app:q", WRONLY);
      const r = fx.open(1, "app:q", RDONLY);
      const b = filledBuffer(fx, 1, "z");
      const other = filledBuffer(fx, 2, "o");
      fx.take();
      const cases: [number, () => number, number][] = [
        [MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(-1, 99, 999, 999, -1, -1), MbxFn.SEND],
        [MbxStatus.INVALID_HANDLE, () => fx.m.zcSend(1, 99, 999, 999, -1, -1), MbxFn.SEND],
        [MbxStatus.ACCESS_DENIED, () => fx.m.zcSend(1, r, 999, 999, -1, -1), MbxFn.SEND],
        [MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(1, w, other, 9, -1, -1), MbxFn.SEND], // another pid's buffer
        [MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(1, w, b, 65, 0, 0), MbxFn.SEND], // beyond the buffer
        [MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(1, w, b, 9, 0x10000, 0), MbxFn.SEND],
        [MbxStatus.INVALID_ARGUMENT, () => fx.m.zcSend(1, w, b, 9, 0, -1), MbxFn.SEND],
        [MbxStatus.MSG_TOO_LARGE, () => fx.m.zcSend(1, w, b, 9, 0, 0), MbxFn.SEND],
      ];
      for (const [status, call, fn] of cases) {
        expect(call()).toBe(status);
        expect(fx.take()).toMatchObject([{ type: "mailbox_error", data: { fn, status } }]);
        expect(fx.m.zcBytes(1, b)![0]).toBe("z".charCodeAt(0));
      }
      expect(fx.m.zcSend(1, w, b, 8, 0, 0)).toBe(MbxStatus.OK); // 8 + 8 fits 16 exactly
      expect(conserved(fx, [1, 2])).toEqual({ free: 2, held: 1, queued: 1 });
    });

    it("MailboxApi.zcSend sends flags 0 and channel 0 unless told otherwise", () => {
      const fx = new Fixture("embedded");
      const h = fx.open(1, "app:d");
      expect(fx.api.zcSend(1, h, filledBuffer(fx, 1, "d"), 1)).toEqual({ status: MbxStatus.OK, length: 1 });
      expect(fx.api.zcRecv(1, h)).toMatchObject({ status: MbxStatus.OK, flags: 0, channel: 0, data: bytes("d") });
    });

    it("a zero-length send_buffer is a wake hint: never queued, the buffer goes straight back to the pool", () => {
      const fx = new Fixture("embedded");
      const tx = fx.open(1, "app:h", WRONLY);
      const rx = fx.open(2, "app:h", RDONLY);
      expect(fx.m.recv(2, rx, new Uint8Array(4), 0, 4, MAILBOX.TIMEOUT_INFINITE)).toBe(-1);
      const b = filledBuffer(fx, 1, "ignored");
      fx.take();
      expect(fx.api.zcSend(1, tx, b, 0, { flags: MbxFlag.OOB, channel: 4 })).toEqual({ status: MbxStatus.OK, length: 0 });
      expect(fx.m.takeCompletions()).toMatchObject([{ pid: 2, status: MbxStatus.OK, length: 0, flags: MbxFlag.OOB, channel: 4, srcPid: 1 }]);
      expect(fx.desc("app:h").queue_depth).toBe(0);
      expect(conserved(fx, [1, 2])).toEqual({ free: 4, held: 0, queued: 0 });
    });

    it("completes a waiting copying receiver at once, and the buffer is back in the pool", () => {
      const fx = new Fixture("embedded");
      const tx = fx.open(1, "app:w", WRONLY);
      const rx = fx.open(2, "app:w", RDONLY);
      const dst = new Uint8Array(8);
      expect(fx.m.recv(2, rx, dst, 0, 8, 50)).toBe(-1);
      const b = filledBuffer(fx, 1, "wake!");
      fx.take();
      expect(fx.m.zcSend(1, tx, b, 5, 0, 0)).toBe(MbxStatus.OK);
      expect(fx.types()).toEqual(["mailbox_send", "mailbox_wake", "mailbox_recv"]);
      expect(fx.m.takeCompletions()).toMatchObject([{ pid: 2, status: MbxStatus.OK, length: 5, srcPid: 1 }]);
      expect(text(dst.subarray(0, 5))).toBe("wake!");
      expect(conserved(fx, [1, 2])).toEqual({ free: 4, held: 0, queued: 0 });
    });
  });

  describe("on success the buffer belongs to the queue until every reader has consumed or lost the message", () => {
    it("fan-out: it returns to the pool only after the last reader consumed the message", () => {
      const fx = new Fixture("cortex_m");
      fx.bind(0, "shared:f", 64, FANOUT);
      const tx = fx.open(1, "shared:f", WRONLY);
      const r1 = fx.open(2, "shared:f", RDONLY);
      const r2 = fx.open(3, "shared:f", RDONLY);
      const b = filledBuffer(fx, 1, "fan");
      expect(fx.m.zcSend(1, tx, b, 3, 0, 0)).toBe(MbxStatus.OK);
      expect(fx.recvText(2, r1).text).toBe("fan");
      expect(conserved(fx, [1, 2, 3]).queued).toBe(1);
      expect(fx.recvText(3, r2).text).toBe("fan");
      expect(conserved(fx, [1, 2, 3])).toEqual({ free: 16, held: 0, queued: 0 });
    });

    it("fan-out: a reader that closes (or exits) stops holding it", () => {
      const fx = new Fixture("cortex_m");
      fx.bind(0, "shared:f", 64, FANOUT);
      const tx = fx.open(1, "shared:f", WRONLY);
      const r1 = fx.open(2, "shared:f", RDONLY);
      fx.open(3, "shared:f", RDONLY);
      expect(fx.m.zcSend(1, tx, filledBuffer(fx, 1, "abc"), 3, 0, 0)).toBe(MbxStatus.OK);
      expect(fx.recvText(2, r1).text).toBe("abc");
      fx.m.taskExit(3);
      expect(conserved(fx, [1, 2, 3])).toEqual({ free: 16, held: 0, queued: 0 });
    });

    it("fan-out with no reader at all: the message and its buffer stay queued", () => {
      const fx = new Fixture("embedded");
      fx.bind(0, "shared:n", 64, FANOUT);
      const tx = fx.open(1, "shared:n", WRONLY);
      expect(fx.m.zcSend(1, tx, filledBuffer(fx, 1, "kept"), 4, 0, 0)).toBe(MbxStatus.OK);
      expect(conserved(fx, [1])).toEqual({ free: 3, held: 0, queued: 1 });
      const late = fx.open(2, "shared:n", RDONLY); // a new reader starts after it: reclaimed
      expect(fx.m.zcRecv(2, late)).toBe(MbxStatus.NO_DATA);
      expect(conserved(fx, [1, 2])).toEqual({ free: 4, held: 0, queued: 0 });
    });

    it("FANOUT_DROP: a dropped message is lost by its readers (mailbox_overrun, OVERRUN) and its buffer returns to the pool", () => {
      const fx = new Fixture("embedded");
      fx.bind(0, "shared:d", 32, FANOUT | FANOUT_DROP);
      const tx = fx.open(1, "shared:d", WRONLY);
      const rx = fx.open(2, "shared:d", RDONLY);
      expect(fx.m.zcSend(1, tx, filledBuffer(fx, 1, "old-old-"), 8, 0, 0)).toBe(MbxStatus.OK);
      expect(fx.m.zcSend(1, tx, filledBuffer(fx, 1, "mid-mid-"), 8, 0, 0)).toBe(MbxStatus.OK);
      expect(conserved(fx, [1, 2]).queued).toBe(2);
      fx.take();
      expect(fx.m.zcSend(1, tx, filledBuffer(fx, 1, "new-new-"), 8, 0, 0)).toBe(MbxStatus.OK);
      expect(fx.types()).toEqual(["mailbox_overrun", "mailbox_send"]);
      expect(conserved(fx, [1, 2])).toEqual({ free: 2, held: 0, queued: 2 });
      const r = fx.api.zcRecv(2, rx);
      expect(r).toMatchObject({ status: MbxStatus.OK, length: 8, flags: MbxFlag.OVERRUN });
      expect(text(r.data)).toBe("mid-mid-");
      fx.m.zcRelease(2, r.buffer);
      expect(text(fx.api.zcRecv(2, rx).data)).toBe("new-new-");
      expect(conserved(fx, [1, 2])).toEqual({ free: 3, held: 1, queued: 0 });
    });

    it("taps get copies and never hold the buffer", () => {
      const fx = new Fixture("embedded");
      const tx = fx.open(1, "app:t", WRONLY);
      const rx = fx.open(2, "app:t", RDONLY);
      const tap = fx.open(3, "app:t", RDONLY);
      fx.m.tap(3, tap, true);
      expect(fx.m.zcSend(1, tx, filledBuffer(fx, 1, "copy me"), 7, 0, 0)).toBe(MbxStatus.OK);
      expect(fx.recvText(2, rx).text).toBe("copy me");
      expect(conserved(fx, [1, 2, 3])).toEqual({ free: 4, held: 0, queued: 0 });
      expect(fx.recvText(3, tap).text).toBe("copy me");
    });

    it("messages keep their payload across BIND resizes and a switch to FANOUT", () => {
      const fx = new Fixture("desktop");
      fx.bind(0, "app:r", 40);
      const tx = fx.open(1, "app:r", WRONLY);
      const rx = fx.open(2, "app:r", RDONLY);
      fx.send(1, tx, filled(12, 0x41));
      expect(fx.recvText(2, rx).status).toBe(MbxStatus.OK); // moves head and tail off 0
      fx.send(1, tx, "copy");
      expect(fx.m.zcSend(1, tx, filledBuffer(fx, 1, "zero-copy"), 9, 0, 0)).toBe(MbxStatus.OK); // wraps
      fx.bind(0, "app:r", 100);
      fx.bind(0, "app:r", 0, FANOUT);
      expect(conserved(fx, [1, 2]).queued).toBe(1);
      expect(fx.recvText(2, rx).text).toBe("copy");
      expect(fx.recvText(2, rx).text).toBe("zero-copy");
      expect(conserved(fx, [1, 2])).toEqual({ free: 64, held: 0, queued: 0 });
    });

    it("a pinned buffer is freed with its descriptor", () => {
      const fx = new Fixture("embedded");
      const tx = fx.open(1, "app:gone", WRONLY);
      expect(fx.m.zcSend(1, tx, filledBuffer(fx, 1, "bye"), 3, 0, 0)).toBe(MbxStatus.OK);
      expect(fx.m.zcSend(1, tx, filledBuffer(fx, 1, "bye"), 3, 0, 0)).toBe(MbxStatus.OK);
      expect(conserved(fx, [1])).toEqual({ free: 2, held: 0, queued: 2 });
      expect(fx.m.close(1, tx)).toBe(MbxStatus.OK);
      expect(fx.snapshot()).toEqual([]);
      expect(conserved(fx, [1])).toEqual({ free: 4, held: 0, queued: 0 });
    });
  });

  describe("recv_buffer(pid, handle)", () => {
    it("single-reader, sent by send_buffer: hands over the very buffer, no copy and no extra buffer", () => {
      const fx = new Fixture("embedded");
      const tx = fx.open(1, "app:q", WRONLY);
      const rx = fx.open(2, "app:q", RDONLY);
      const b = filledBuffer(fx, 1, "handover+tail");
      const mem = fx.m.zcBytes(1, b)!;
      fx.m.zcSend(1, tx, b, 8, MbxFlag.STDERR, 6);
      fx.take();
      expect(fx.m.zcRecv(2, rx)).toBe(MbxStatus.OK);
      expect({ ...fx.m.out }).toMatchObject({ buffer: b, length: 8, flags: MbxFlag.STDERR, channel: 6, srcPid: 1 });
      expect(fx.m.zcBytes(2, b)).toBe(mem); // the same memory, tail included
      expect(text(mem)).toMatch(/^handover\+tail/);
      expect(fx.take()).toEqual([{ type: "mailbox_recv", pid: 2, data: { descriptor: 1, handle: rx, length: 8, flags: MbxFlag.STDERR, channel: 6, src_pid: 1 } }]);
      expect(conserved(fx, [1, 2])).toEqual({ free: 3, held: 1, queued: 0 });
      expect(fx.desc("app:q")).toMatchObject({ queue_depth: 0, bytes_used: 0 });
    });

    it("a message sent by copy, a fan-out message and a tap copy are copied into a new zeroed buffer", () => {
      const fx = new Fixture("cortex_m");
      fx.bind(0, "shared:f", 64, FANOUT);
      const ftx = fx.open(1, "shared:f", WRONLY);
      const frx = fx.open(2, "shared:f", RDONLY);
      const stx = fx.open(1, "app:s", WRONLY);
      const srx = fx.open(2, "app:s", RDONLY);
      const tap = fx.open(3, "app:s", RDONLY);
      fx.m.tap(3, tap, true);
      const fb = filledBuffer(fx, 1, "fan-out");
      fx.m.zcSend(1, ftx, fb, 3, 0, 0);
      fx.send(1, stx, "copied");
      const sb = filledBuffer(fx, 1, "zc-single");
      fx.m.zcSend(1, stx, sb, 9, 0, 0);
      const got: [number, string, number][] = [];
      for (const [pid, h] of [[2, frx], [2, srx], [3, tap], [3, tap]] as const) {
        const r = fx.api.zcRecv(pid, h);
        expect(r.status).toBe(MbxStatus.OK);
        expect(fx.m.zcBytes(pid, r.buffer)!.subarray(r.length).every((x) => x === 0)).toBe(true);
        got.push([r.buffer, text(r.data), r.srcPid]);
      }
      expect(got.map((g) => g[1])).toEqual(["fan", "copied", "copied", "zc-single"]);
      expect(got.map((g) => g[0])).not.toContain(fb);
      expect(got.map((g) => g[0])).not.toContain(sb); // the tap copied; the single-reader message is still queued
      const handed = fx.api.zcRecv(2, srx);
      expect(handed.buffer).toBe(sb);
      expect(conserved(fx, [1, 2, 3])).toEqual({ free: 16 - 5, held: 5, queued: 0 });
    });

    it("copies at most zc_buffer_bytes and consumes the whole message, as a recv with max_len zc_buffer_bytes", () => {
      const fx = new Fixture("desktop");
      const l = PROFILES.desktop.limits;
      fx.bind(0, "app:big", l.zc_buffer_bytes + 64);
      const tx = fx.open(1, "app:big", WRONLY);
      const rx = fx.open(2, "app:big", RDONLY);
      const body = Uint8Array.from({ length: l.zc_buffer_bytes + 10 }, (_, i) => i & 0xff);
      expect(fx.m.send(1, tx, body, 0, body.length, 0, 0, 0)).toBe(MbxStatus.OK);
      const r = fx.api.zcRecv(2, rx);
      expect(r.status).toBe(MbxStatus.OK);
      expect(r.length).toBe(l.zc_buffer_bytes);
      expect(r.data).toEqual(body.subarray(0, l.zc_buffer_bytes));
      expect(fx.desc("app:big").queue_depth).toBe(0);
    });

    it("NO_BUFFER when a copy needs a buffer and none is free: mailbox_exhausted then mailbox_error, and the message stays queued", () => {
      const fx = new Fixture("embedded");
      const tx = fx.open(1, "app:q", WRONLY);
      const rx = fx.open(2, "app:q", RDONLY);
      fx.send(1, tx, "waiting");
      const held = [0, 1, 2, 3].map(() => fx.api.zcAcquire(5, 0).buffer);
      fx.take();
      const before = JSON.stringify([fx.snapshot(), fx.stats()]);
      expect(fx.m.zcRecv(2, rx)).toBe(MbxStatus.NO_BUFFER);
      expect(fx.take()).toEqual([
        { type: "mailbox_exhausted", pid: 2, data: { reason: "buffer_pool_full", limit: 4, in_use: 4, target: null } },
        { type: "mailbox_error", pid: 2, data: { fn: MbxFn.RECV, status: MbxStatus.NO_BUFFER, handle: rx, detail: expect.any(String) } },
      ]);
      expect(JSON.stringify([fx.snapshot(), fx.stats()])).toBe(before);
      fx.m.zcRelease(5, held[2]!);
      expect(fx.api.zcRecv(2, rx)).toMatchObject({ status: MbxStatus.OK, data: bytes("waiting") });
    });

    it("a handover needs no free buffer", () => {
      const fx = new Fixture("embedded");
      const tx = fx.open(1, "app:q", WRONLY);
      const rx = fx.open(2, "app:q", RDONLY);
      const b = filledBuffer(fx, 1, "mine");
      fx.m.zcSend(1, tx, b, 4, 0, 0);
      for (let i = 0; i < 3; i++) fx.api.zcAcquire(5, 0);
      expect(fx.stats().zc_buffers_free).toBe(0);
      expect(fx.api.zcRecv(2, rx)).toMatchObject({ status: MbxStatus.OK, buffer: b, data: bytes("mine") });
    });

    it("never waits: NO_DATA with no event when there is nothing, even with a wait already pending", () => {
      const fx = new Fixture("embedded");
      const rx = fx.open(2, "app:e", RDONLY);
      const other = fx.open(2, "app:o", RDONLY);
      expect(fx.m.recv(2, other, new Uint8Array(4), 0, 4, MAILBOX.TIMEOUT_INFINITE)).toBe(-1);
      fx.take();
      expect(fx.api.zcRecv(2, rx)).toMatchObject({ status: MbxStatus.NO_DATA, buffer: 0, length: 0 });
      expect(fx.take()).toEqual([]);
      expect(fx.m.waitOf(2)?.handle).toBe(other);
      expect(fx.stats().zc_buffers_free).toBe(4);
    });

    it("checks pid, handle and read access like recv (fn RECV); a write-only handle is ACCESS_DENIED", () => {
      const fx = new Fixture("embedded");
      const tx = fx.open(1, "app:q", WRONLY);
      fx.send(1, tx, "x");
      fx.take();
      expect(fx.m.zcRecv(0x10000, tx)).toBe(MbxStatus.INVALID_ARGUMENT);
      expect(fx.m.zcRecv(1, tx + 7)).toBe(MbxStatus.INVALID_HANDLE);
      expect(fx.m.zcRecv(1, tx)).toBe(MbxStatus.ACCESS_DENIED);
      expect(fx.take().map((e) => [e.type, (e.data as { fn: number }).fn, (e.data as { status: number }).status])).toEqual([
        ["mailbox_error", MbxFn.RECV, MbxStatus.INVALID_ARGUMENT],
        ["mailbox_error", MbxFn.RECV, MbxStatus.INVALID_HANDLE],
        ["mailbox_error", MbxFn.RECV, MbxStatus.ACCESS_DENIED],
      ]);
    });

    it("frees room like recv: a waiting sender is admitted", () => {
      const fx = new Fixture("embedded");
      fx.bind(0, "app:q", 24);
      const tx = fx.open(1, "app:q", WRONLY);
      const rx = fx.open(2, "app:q", RDONLY);
      fx.send(1, tx, filled(10));
      expect(fx.send(1, tx, filled(10), 0, 0, 100)).toBe(-1);
      fx.take();
      expect(fx.m.zcRecv(2, rx)).toBe(MbxStatus.OK);
      expect(fx.types()).toEqual(["mailbox_recv", "mailbox_wake", "mailbox_send"]);
      expect(fx.m.takeCompletions()).toMatchObject([{ pid: 1, op: "send", status: MbxStatus.OK, length: 10 }]);
    });

    it("reports its own message even when the room it frees admits a sender whose message completes another receiver", () => {
      // Found by the model-based test: the wake loop reused the take results.
      const fx = new Fixture("desktop");
      fx.bind(0, "shared:c", 24, FANOUT | FANOUT_BLOCK);
      const a = fx.open(2, "shared:c");
      const c = fx.open(3, "shared:c");
      expect(fx.m.zcSend(2, a, filledBuffer(fx, 2, "A"), 1, 0, 5)).toBe(MbxStatus.OK);
      expect(fx.recvText(2, a).text).toBe("A"); // pid 2 reads it; pid 3 still holds it
      const dst = new Uint8Array(8);
      expect(fx.m.recv(2, a, dst, 0, 8, MAILBOX.TIMEOUT_INFINITE)).toBe(-1);
      expect(fx.send(3, c, "12345678", 0, 9, 1)).toBe(-1); // 9 + 16 > 24: waits for pid 3 itself
      const r = fx.api.zcRecv(3, c);
      expect(r).toMatchObject({ status: MbxStatus.OK, length: 1, channel: 5, srcPid: 2, data: bytes("A") });
      expect(fx.m.takeCompletions()).toMatchObject([
        { pid: 3, op: "send", status: MbxStatus.OK, length: 8 },
        { pid: 2, op: "recv", status: MbxStatus.OK, length: 8, channel: 9, srcPid: 3 },
      ]);
      expect(text(dst)).toBe("12345678");
    });

    it("fan-out: a handle that sent becomes a reader again when it receives by recv_buffer", () => {
      const fx = new Fixture("desktop");
      fx.bind(0, "shared:f", 64, FANOUT);
      const a = fx.open(1, "shared:f");
      const b = fx.open(2, "shared:f", RDONLY);
      const other = fx.open(3, "shared:f", WRONLY);
      fx.send(3, other, "first");
      fx.send(1, a, "mine"); // a stops being a reader
      expect(fx.desc("shared:f").readers.map((r) => r.pid)).toEqual([2]);
      expect(text(fx.api.zcRecv(1, a).data)).toBe("first");
      expect(fx.desc("shared:f").readers.map((r) => r.pid)).toEqual([1, 2]);
      expect(text(fx.api.zcRecv(2, b).data)).toBe("first");
    });
  });

  describe("release(pid, buffer)", () => {
    it("returns a buffer the pid holds; a buffer it does not hold (another pid's, queued, released, unknown) is INVALID_ARGUMENT", () => {
      const fx = new Fixture("cortex_m");
      const tx = fx.open(1, "app:q", WRONLY);
      const mine = filledBuffer(fx, 1, "m");
      const theirs = filledBuffer(fx, 2, "t");
      const queued = filledBuffer(fx, 1, "q");
      fx.m.zcSend(1, tx, queued, 1, 0, 0);
      fx.take();
      for (const id of [theirs, queued, 0, 999, 0xffff]) {
        expect(fx.api.zcRelease(1, id).status).toBe(MbxStatus.INVALID_ARGUMENT);
        expect(fx.take()).toMatchObject([{ type: "mailbox_error", pid: 1, data: { fn: ZC_FN_NONE, status: MbxStatus.INVALID_ARGUMENT, handle: null } }]);
      }
      expect(fx.api.zcRelease(1, mine).status).toBe(MbxStatus.OK);
      expect(fx.take()).toEqual([]);
      expect(fx.api.zcRelease(1, mine).status).toBe(MbxStatus.INVALID_ARGUMENT); // twice
      expect(fx.api.zcWrite(1, mine, bytes("x")).status).toBe(MbxStatus.INVALID_ARGUMENT);
      expect(conserved(fx, [1, 2])).toEqual({ free: 14, held: 1, queued: 1 });
    });
  });

  describe("taskExit releases every buffer the pid holds", () => {
    it("held buffers go back; buffers its queued messages pin stay with the queue while the descriptor lives", () => {
      const fx = new Fixture("embedded");
      fx.bind(3, "app:keep");
      const tx = fx.open(1, "app:keep", WRONLY);
      fx.api.zcAcquire(1, 0);
      fx.api.zcAcquire(1, 0);
      fx.m.zcSend(1, tx, filledBuffer(fx, 1, "stays"), 5, 0, 0);
      expect(conserved(fx, [1])).toEqual({ free: 1, held: 2, queued: 1 });
      fx.m.taskExit(1);
      expect(conserved(fx, [1])).toEqual({ free: 3, held: 0, queued: 1 });
      const rx = fx.open(2, "app:keep", RDONLY);
      expect(text(fx.api.zcRecv(2, rx).data)).toBe("stays");
      fx.m.taskExit(2);
      fx.m.taskExit(3);
      expect(conserved(fx, [1, 2, 3])).toEqual({ free: 4, held: 0, queued: 0 });
    });

    it("a pid with buffers but no handle is released too; when its exit frees a descriptor, the buffers queued there return as well", () => {
      const fx = new Fixture("embedded");
      fx.api.zcAcquire(7, 0);
      fx.m.taskExit(7);
      expect(fx.stats().zc_buffers_free).toBe(4);
      const tx = fx.open(1, "pid:1");
      fx.m.zcSend(1, tx, filledBuffer(fx, 1, "to self"), 7, 0, 0);
      fx.api.zcAcquire(1, 0);
      fx.m.taskExit(1);
      expect(fx.snapshot()).toEqual([]);
      expect(conserved(fx, [1])).toEqual({ free: 4, held: 0, queued: 0 });
    });
  });
});

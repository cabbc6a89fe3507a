// Delivery ledger harness (see ledger.test.ts): random traffic on a
// single-reader, a FANOUT_DROP and a FANOUT_BLOCK descriptor, with readers and taps
// coming and going, waits and timeouts. Every payload carries a unique tag, so a ledger
// built from what readers receive and from the overrun events shows that
//  - fan-out: every message accepted after a reader joined reaches it exactly once or
//    is reported lost (one mailbox_overrun), in order, with OVERRUN exactly on the
//    first message after each loss;
//  - single-reader: every accepted message is received exactly once overall, in order;
//  - taps: copies arrive in order, each gap flagged with OVERRUN, and copies received
//    plus copies lost account for every message queued while the tap was on.
// Writers also send by send_buffer and readers receive by recv_buffer, keeping some
// buffers for a while, so buffers run out (NO_BUFFER) and queued messages pin them;
// after every operation no buffer is lost: free + held + pinned == zc_buffers.
import fc from "fast-check";
import { expect } from "vitest";
import { MAILBOX, MbxFlag, MbxMode, MbxStatus, type ProfileName } from "../../generated/ts/index.js";
import { MBX_PENDING, type MailboxEvent } from "../../src/mailbox/index.js";
import { Fixture } from "./fixture.js";

const { RDONLY, WRONLY, FANOUT, FANOUT_DROP, FANOUT_BLOCK } = MbxMode;
const INFINITE = MAILBOX.TIMEOUT_INFINITE;
const DESCS = [
  { target: "app:single", mode: 0 },
  { target: "shared:drop", mode: FANOUT | FANOUT_DROP },
  { target: "shared:block", mode: FANOUT | FANOUT_BLOCK },
] as const;
const WRITERS = [1, 2, 3];
const READER_PIDS = [4, 5, 6, 7];

export type Op =
  | { k: "send"; w: number; d: number; len: number; timeout: number }
  | { k: "burst"; w: number; d: number; n: number }
  | { k: "hint"; w: number; d: number }
  | { k: "open"; pid: number; d: number; tap: boolean }
  | { k: "recv"; r: number; timeout: number }
  | { k: "close"; r: number }
  | { k: "exit"; pid: number }
  | { k: "advance"; ms: number }
  | { k: "zsend"; w: number; d: number; len: number }
  | { k: "zrecv"; r: number; keep: boolean }
  | { k: "zfree" };

interface Reader {
  pid: number;
  handle: number;
  d: number;
  tap: boolean;
  open: boolean;
  joinSeq: number;
  /** (seq, flags) of each message received, in order. */
  got: [number, number][];
  lost: number[];
  tapRateDrops: number;
}

const tagOf = (b: Uint8Array): number => b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24);

export class World {
  readonly fx: Fixture;
  /** Tags of accepted messages per descriptor, by sequence number. */
  readonly accepted: number[][] = DESCS.map(() => []);
  readonly seqOfTag = new Map<number, number>();
  readonly readers: Reader[] = [];
  /** Single-reader deliveries in time order (seq). */
  readonly singleOrder: number[] = [];
  private readonly writerHandles: number[][] = [];
  private readonly descIds: number[] = [];
  private tag = 1;
  private current: { pid: number; handle: number; tag: number } | null = null;
  private readonly pendingTag = new Map<number, number>();
  private readonly buffers = new Map<number, [Reader, Uint8Array]>();
  /** Zero-copy buffers readers kept: [pid, buffer]. */
  private kept: [number, number][] = [];

  constructor(profile: ProfileName) {
    this.fx = new Fixture(profile);
    for (const d of DESCS) this.descIds.push(this.fx.bind(0, d.target, 48, d.mode));
    for (const w of WRITERS) this.writerHandles.push(DESCS.map((d) => this.fx.open(w, d.target, WRONLY)));
    this.fx.take();
  }

  private descIndex(id: number): number {
    return this.descIds.indexOf(id);
  }

  /** Attribute the events of the last call. */
  private absorb(): void {
    for (const e of this.fx.take()) this.absorbOne(e);
  }

  private absorbOne(e: MailboxEvent): void {
    if (e.type === "mailbox_send" && e.data.length > 0) {
      const c = this.current;
      let tag: number;
      if (c !== null && c.pid === e.pid && c.handle === e.data.handle) {
        tag = c.tag;
        this.current = null;
      } else {
        tag = this.pendingTag.get(e.pid!)!;
        this.pendingTag.delete(e.pid!);
      }
      const list = this.accepted[this.descIndex(e.data.descriptor)]!;
      this.seqOfTag.set(tag, list.length);
      list.push(tag);
    } else if (e.type === "mailbox_overrun") {
      const r = this.readers.find((x) => x.open && x.pid === e.pid && x.handle === e.data.handle)!;
      r.lost.push(e.data.dropped_seq);
    } else if (e.type === "mailbox_backpressure" && e.data.policy === "tap_rate_limit") {
      this.readers.find((x) => x.open && x.pid === e.data.tap_pid && x.handle === e.data.tap_handle)!.tapRateDrops++;
    }
  }

  private received(r: Reader, buf: Uint8Array, length: number, flags: number): void {
    if (length === 0) return; // a wake hint
    const seq = this.seqOfTag.get(tagOf(buf))!;
    r.got.push([seq, flags]);
    if (r.d === 0 && !r.tap) this.singleOrder.push(seq);
  }

  private completions(): void {
    for (const c of this.fx.m.takeCompletions()) {
      if (c.op === "send") {
        if (c.status !== MbxStatus.OK) this.pendingTag.delete(c.pid);
        continue;
      }
      const entry = this.buffers.get(c.waitId);
      this.buffers.delete(c.waitId);
      if (entry !== undefined && c.status === MbxStatus.OK) this.received(entry[0], entry[1], c.length, c.flags);
    }
  }

  run(op: Op): void {
    const { fx } = this;
    switch (op.k) {
      case "send": {
        const pid = WRITERS[op.w]!;
        const handle = this.writerHandles[op.w]![op.d]!;
        const tag = this.tag++;
        const data = new Uint8Array(op.len);
        data.set([tag & 0xff, (tag >> 8) & 0xff, (tag >> 16) & 0xff, tag >>> 24]);
        this.current = { pid, handle, tag };
        const st = fx.m.send(pid, handle, data, 0, data.length, 0x10, 0, op.timeout);
        if (st === MBX_PENDING) this.pendingTag.set(pid, tag);
        this.absorb();
        this.current = null;
        break;
      }
      case "burst":
        for (let i = 0; i < op.n; i++) this.run({ k: "send", w: op.w, d: op.d, len: 4, timeout: 0 });
        break;
      case "hint":
        fx.m.send(WRITERS[op.w]!, this.writerHandles[op.w]![op.d]!, new Uint8Array(0), 0, 0, 0, 0, 0);
        this.absorb();
        break;
      case "open": {
        const st = fx.m.open(op.pid, DESCS[op.d]!.target, RDONLY);
        if (st !== MbxStatus.OK) break;
        const handle = fx.m.out.handle;
        // A reader joins at next_seq as OPEN found it; opening may then admit waiting
        // senders (reclamation), whose messages come after its cursor.
        let joinSeq = this.accepted[op.d]!.length;
        this.absorb();
        if (op.tap) {
          joinSeq = this.accepted[op.d]!.length; // a tap copies what is queued after TAP
          if (fx.m.tap(op.pid, handle, true) !== MbxStatus.OK) {
            fx.m.close(op.pid, handle);
            this.absorb();
            break;
          }
        }
        this.readers.push({ pid: op.pid, handle, d: op.d, tap: op.tap, open: true, joinSeq, got: [], lost: [], tapRateDrops: 0 });
        this.absorb();
        break;
      }
      case "recv": {
        const r = this.readers.filter((x) => x.open)[op.r];
        if (r === undefined) break;
        const buf = new Uint8Array(64);
        const st = fx.m.recv(r.pid, r.handle, buf, 0, 64, op.timeout);
        if (st === MbxStatus.OK) this.received(r, buf, fx.m.out.length, fx.m.out.flags);
        if (st === MBX_PENDING) this.buffers.set(fx.m.out.waitId, [r, buf]);
        this.absorb();
        break;
      }
      case "close": {
        const r = this.readers.filter((x) => x.open)[op.r];
        if (r === undefined) break;
        fx.m.close(r.pid, r.handle);
        this.absorb();
        r.open = false;
        break;
      }
      case "exit":
        fx.m.taskExit(op.pid);
        this.absorb();
        for (const r of this.readers) if (r.pid === op.pid) r.open = false;
        for (const [id, [r]] of this.buffers) if (r.pid === op.pid) this.buffers.delete(id);
        break;
      case "advance":
        fx.advanceMs(op.ms);
        fx.m.expire();
        this.absorb();
        break;
      case "zsend": {
        // send_buffer queues exactly as a send with timeout 0 (mailbox.rule.ZERO_COPY).
        const pid = WRITERS[op.w]!;
        const handle = this.writerHandles[op.w]![op.d]!;
        if (fx.m.zcAcquire(pid, op.len) !== MbxStatus.OK) {
          this.absorb();
          break;
        }
        const buffer = fx.m.out.buffer;
        const tag = this.tag++;
        fx.m.zcBytes(pid, buffer)!.set([tag & 0xff, (tag >> 8) & 0xff, (tag >> 16) & 0xff, tag >>> 24]);
        this.current = { pid, handle, tag };
        if (fx.m.zcSend(pid, handle, buffer, op.len, 0x10, 0) !== MbxStatus.OK) {
          expect(fx.m.zcRelease(pid, buffer)).toBe(MbxStatus.OK); // a refused send leaves it with the pid
        }
        this.absorb();
        this.current = null;
        break;
      }
      case "zrecv": {
        const r = this.readers.filter((x) => x.open)[op.r];
        if (r === undefined) break;
        if (fx.m.zcRecv(r.pid, r.handle) === MbxStatus.OK) {
          const buffer = fx.m.out.buffer;
          this.received(r, fx.m.zcBytes(r.pid, buffer)!, fx.m.out.length, fx.m.out.flags);
          if (op.keep) this.kept.push([r.pid, buffer]);
          else expect(fx.m.zcRelease(r.pid, buffer)).toBe(MbxStatus.OK);
        }
        this.absorb();
        break;
      }
      case "zfree":
        for (const [pid, buffer] of this.kept) fx.m.zcRelease(pid, buffer); // may be gone with an exited pid
        this.kept = [];
        this.absorb();
        break;
    }
    this.completions();
    this.checkBuffers();
  }

  /** No buffer is ever lost: free + held + pinned == zc_buffers (mailbox.rule.ZERO_COPY). */
  checkBuffers(): void {
    const s = this.fx.stats();
    const held = [0, ...WRITERS, ...READER_PIDS].reduce((a, p) => a + this.fx.m.zcHeld(p), 0);
    expect(s.zc_buffers_free! + held + this.fx.m.zcQueued).toBe(s.zc_buffers);
  }

  /** Every task exits (the writers, the readers and pid 0 that bound the descriptors). */
  exitAll(): void {
    for (const p of [0, ...WRITERS, ...READER_PIDS]) this.fx.m.taskExit(p);
    this.fx.take();
    this.fx.m.takeCompletions();
  }

  /** Poll every open reader dry; receiving frees room that admits waiting senders, so repeat until quiet. */
  drain(): void {
    for (let moved = true; moved; ) {
      moved = false;
      for (const r of this.readers.filter((x) => x.open)) {
        for (;;) {
          const buf = new Uint8Array(64);
          if (this.fx.m.recv(r.pid, r.handle, buf, 0, 64, 0) !== MbxStatus.OK) break;
          moved = true;
          this.received(r, buf, this.fx.m.out.length, this.fx.m.out.flags);
          this.absorb();
          this.completions();
        }
      }
    }
    this.absorb();
  }
}

export function checkFanoutReader(w: World, r: Reader): void {
  const seqs = r.got.map(([s]) => s);
  for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!); // FIFO
  const all = [...seqs, ...r.lost].sort((a, b) => a - b);
  expect(new Set(all).size).toBe(all.length); // exactly once: received or lost, never both
  all.forEach((s, i) => expect(s).toBe(r.joinSeq + i)); // nothing skipped silently
  if (r.open) expect(all.length).toBe(w.accepted[r.d]!.length - r.joinSeq);
  let prev = r.joinSeq - 1;
  for (const [s, flags] of r.got) {
    const gap = r.lost.some((l) => l > prev && l < s);
    expect((flags & MbxFlag.OVERRUN) !== 0).toBe(gap);
    prev = s;
  }
}

export function checkTap(w: World, r: Reader): void {
  let prev = r.joinSeq - 1;
  for (const [s, flags] of r.got) {
    expect(s).toBeGreaterThan(prev);
    expect((flags & MbxFlag.OVERRUN) !== 0).toBe(s !== prev + 1);
    prev = s;
  }
  if (r.open) expect(r.got.length + r.lost.length + r.tapRateDrops).toBe(w.accepted[r.d]!.length - r.joinSeq);
}

export const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant("send" as const), w: fc.nat(2), d: fc.nat(2), len: fc.integer({ min: 4, max: 30 }), timeout: fc.constantFrom(0, 0, 5, INFINITE) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("burst" as const), w: fc.nat(2), d: fc.nat(2), n: fc.integer({ min: 2, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("hint" as const), w: fc.nat(2), d: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("open" as const), pid: fc.constantFrom(...READER_PIDS), d: fc.nat(2), tap: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constant("recv" as const), r: fc.nat(8), timeout: fc.constantFrom(0, 0, 5, INFINITE) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("close" as const), r: fc.nat(8) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("exit" as const), pid: fc.constantFrom(...READER_PIDS) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("zsend" as const), w: fc.nat(2), d: fc.nat(2), len: fc.integer({ min: 4, max: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("zrecv" as const), r: fc.nat(8), keep: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("zfree" as const) }) },
);


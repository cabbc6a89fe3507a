// Tap buffers (mailbox.rule.TAPS, mailbox.rule.TAP_OVERRUN, mailbox.rule.TAP_RATE).
//
// A tap is best effort: a copy that does not fit evicts the oldest copies, a copy
// over the rate limit is dropped, and neither ever blocks or delays anybody. The
// OVERRUN flag is stored on the first copy after a gap, so the tap sees it exactly
// there (the prototype put it on whatever copy it read next, which could predate
// the gap).
import { MAILBOX, MbxFlag } from "../../generated/ts/index.js";
import type { EventSink } from "./events.js";
import { MessageRing } from "./ring.js";

const HDR = MAILBOX.MSG_HEADER_BYTES;
const WINDOW_US = MAILBOX.TAP_RATE_WINDOW_MS * 1000;

export class TapBuffer {
  ring: MessageRing;
  /** Sequence numbers of the buffered copies (for tap_overflow events), parallel to the ring. */
  private seqs: Float64Array;
  private seqHead = 0;
  /** Copies lost since the tap was enabled. */
  drops = 0;
  /** A rate-limit drop happened: the next accepted copy carries OVERRUN. */
  private gap = false;
  private windowStart = -1;
  private windowCount = 0;

  constructor(capacity: number) {
    this.ring = new MessageRing(capacity);
    this.seqs = new Float64Array(Math.floor(capacity / HDR) + 1);
  }

  /**
   * Offer a copy of a just-queued message. Returns the number of copies lost (0 or
   * more evictions, or 1 rate-limit drop) so the manager can count tap_drops.
   */
  offer(
    sink: EventSink,
    senderPid: number,
    tapPid: number,
    tapHandle: number,
    descriptor: number,
    seq: number,
    len: number,
    flags: number,
    chan: number,
    data: Uint8Array,
    off: number,
    now: number,
    rateLimit: number,
  ): number {
    const cost = len + HDR;
    const ring = this.ring;
    if (rateLimit > 0) {
      // mailbox.rule.TAP_RATE: a window opens at the first copy after the previous one ended.
      if (this.windowStart < 0 || now >= this.windowStart + WINDOW_US) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (this.windowCount >= rateLimit) {
        this.drops++;
        this.gap = true;
        if (sink.active) {
          sink.backpressure(senderPid, descriptor, "tap_rate_limit", ring.cap, ring.used, cost, tapPid, tapHandle, rateLimit);
        }
        return 1;
      }
      this.windowCount++;
    }
    let lost = 0;
    while (!ring.fits(cost)) {
      // mailbox.rule.TAP_OVERRUN: evict the oldest copy, one mailbox_overrun each.
      const droppedSeq = this.seqs[this.seqHead]!;
      ring.popHead();
      this.seqHead = this.seqHead + 1 === this.seqs.length ? 0 : this.seqHead + 1;
      lost++;
      if (sink.active) {
        sink.overrun(tapPid, descriptor, tapHandle, "tap_overflow", ring.hSrc, droppedSeq, ring.hLen, ring.hFlags, ring.hChan, ring.count);
      }
    }
    let stored = flags;
    if (lost > 0) {
      this.drops += lost;
      // The gap lies before the oldest remaining copy, or before this one if none is left.
      if (ring.count > 0) ring.orFlags(ring.head, MbxFlag.OVERRUN);
      else stored |= MbxFlag.OVERRUN;
    }
    if (this.gap) {
      stored |= MbxFlag.OVERRUN;
      this.gap = false;
    }
    this.seqs[(this.seqHead + ring.count) % this.seqs.length] = seq;
    ring.push(len, stored, senderPid, chan, data, off);
    return lost;
  }

  /** Consume the oldest copy, leaving its header loaded in ring.h*. */
  shift(): void {
    this.ring.popHead();
    this.seqHead = this.seqHead + 1 === this.seqs.length ? 0 : this.seqHead + 1;
  }

  /**
   * Follow a descriptor capacity change. SPEC-GAP: the spec sizes a tap buffer at TAP
   * time only; we keep it equal to the descriptor's capacity so every queued message
   * fits, evicting the oldest copies (tap_overflow) when it shrinks.
   */
  resize(sink: EventSink, tapPid: number, tapHandle: number, descriptor: number, capacity: number): number {
    const ring = this.ring;
    let lost = 0;
    while (ring.used > capacity) {
      const droppedSeq = this.seqs[this.seqHead]!;
      this.shift();
      lost++;
      if (sink.active) {
        sink.overrun(tapPid, descriptor, tapHandle, "tap_overflow", ring.hSrc, droppedSeq, ring.hLen, ring.hFlags, ring.hChan, ring.count);
      }
    }
    if (lost > 0) {
      this.drops += lost;
      if (ring.count > 0) ring.orFlags(ring.head, MbxFlag.OVERRUN);
      else this.gap = true;
    }
    const seqs = new Float64Array(Math.floor(capacity / HDR) + 1);
    for (let i = 0; i < ring.count; i++) seqs[i] = this.seqs[(this.seqHead + i) % this.seqs.length]!;
    this.seqs = seqs;
    this.seqHead = 0;
    ring.resize(capacity);
    return lost;
  }
}

// Fan-out cursors, reclamation and drops (mailbox.rule.FANOUT_READERS,
// mailbox.rule.FANOUT_RECLAIM, mailbox.rule.FANOUT_DROP).
//
// Each handle keeps lastSeq (the last message it consumed or lost) and, while
// lastSeq >= headSeq, nextOff: the ring offset of message lastSeq + 1 (or the tail
// when it has consumed everything queued). Queued messages never move in the ring,
// so the offset stays right until resize(), which remaps it. A handle whose lastSeq
// is below headSeq reads the head: messages were reclaimed while it was not a reader.
import { MbxFlag } from "../../generated/ts/index.js";
import type { Descriptor, Handle } from "./descriptor.js";
import type { EventSink } from "./events.js";

/** Ring offset of the message h would receive next, or -1 when it has none. */
export function cursorOffset(d: Descriptor, h: Handle): number {
  const ring = d.ring;
  if (h.lastSeq < d.nextSeq - ring.count) return ring.count > 0 ? ring.head : -1;
  return h.lastSeq + 1 < d.nextSeq ? h.nextOff : -1;
}

/** Place h after everything queued, as a newly opened reader (next_seq - 1). */
export function catchUp(d: Descriptor, h: Handle): void {
  h.lastSeq = d.nextSeq - 1;
  h.nextOff = d.ring.tail;
  h.overrun = false;
}

/** Turning FANOUT on makes every queued message unread for every reader (mailbox.rule.BIND_RECONFIGURE). */
export function resetCursors(d: Descriptor): void {
  const head = d.headSeq;
  for (const h of d.handles) {
    h.lastSeq = head - 1;
    h.overrun = false;
  }
}

/** Remap cursors after MessageRing.resize() moved the messages to offset 0. */
export function remapCursors(d: Descriptor, oldHead: number, oldCap: number): void {
  const head = d.headSeq;
  for (const h of d.handles) {
    if (h.lastSeq < head) continue;
    h.nextOff = h.lastSeq + 1 >= d.nextSeq ? d.ring.tail : (h.nextOff - oldHead + oldCap) % oldCap;
  }
}

/**
 * Pop every queued message all readers have consumed (mailbox.rule.FANOUT_RECLAIM).
 * Taps and non-readers do not count; with no reader at all nothing is reclaimed.
 * Returns the number of messages reclaimed.
 */
export function reclaim(d: Descriptor): number {
  const ring = d.ring;
  if (ring.count === 0) return 0;
  const head = d.nextSeq - ring.count;
  let min = Infinity;
  for (const h of d.handles) {
    if (!h.canRead || h.tap !== null || h.sent) continue;
    if (h.lastSeq < head) return 0;
    if (h.lastSeq < min) min = h.lastSeq;
  }
  if (min === Infinity) return 0;
  const n = Math.min(min - head + 1, ring.count);
  for (let i = 0; i < n; i++) d.popHead();
  return n;
}

/**
 * Drop the oldest message to make room (mailbox.rule.FANOUT_DROP): each reader that
 * had not consumed it gets a mailbox_overrun and OVERRUN on its next receive. Cursors
 * do not move (mailbox.rule.FANOUT_READERS); a cursor below head_seq reads the head.
 */
export function dropOldest(d: Descriptor, sink: EventSink): void {
  const ring = d.ring;
  const seq = d.nextSeq - ring.count;
  d.popHead();
  for (const h of d.handles) {
    if (!h.isReader || h.lastSeq >= seq) continue;
    h.overrun = true;
    if (sink.active) {
      sink.overrun(h.pid, d.id, h.id, "fanout_drop", ring.hSrc, seq, ring.hLen, ring.hFlags, ring.hChan, ring.count);
    }
  }
}

/** OVERRUN for a reader's next message after it lost some (cleared once reported). */
export function takeOverrun(h: Handle): number {
  if (!h.overrun) return 0;
  h.overrun = false;
  return MbxFlag.OVERRUN;
}

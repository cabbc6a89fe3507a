// Zero-copy buffer pool (mailbox.rule.ZERO_COPY): zc_buffers buffers of
// zc_buffer_bytes each. A buffer is always in exactly one place:
//  - free (in the pool),
//  - held by one pid (acquired, received, or kept after a refused send), or
//  - queued: pinned by the one queued message whose payload it carries.
// A queued message's payload stays in its buffer (the ring reserves length + 8 bytes
// for it, the spec's cost, but only the header is written there); the buffer goes
// back to the pool when the message leaves the queue (consumed or lost by every
// reader, or freed with its descriptor), or to the receiver when recv_buffer hands it
// over.
//
// Pinned buffers form a FIFO per descriptor (ordered by sequence number, linked
// through the buffers themselves), so releasing them as messages leave the head costs
// one comparison and nothing is allocated.
import type { Descriptor } from "./descriptor.js";
import type { EventSink } from "./events.js";

const MAX_ID = 0xffff;

/**
 * mailbox_error `fn` of acquire and release, which have no SVC function number.
 * SPEC-GAP: the spec gives the zero-copy calls no function numbers; send_buffer and
 * recv_buffer report SEND and RECV (they act as those calls), the other two this.
 */
export const ZC_FN_NONE = 0xff;

export class ZcBuffer {
  /** Buffer id while out of the pool (u16, nonzero); 0 while free. */
  id = 0;
  /** Holding pid, or -1 (free or queued). */
  pid = -1;
  /** While queued: the descriptor and the sequence number of the message it carries. */
  desc: Descriptor | null = null;
  seq = -1;
  /** Next pinned buffer of the same descriptor (FIFO by seq), or the next free one. */
  next: ZcBuffer | null = null;
  private mem: Uint8Array | null = null;

  constructor(
    readonly pool: BufferPool,
    private readonly size: number,
  ) {}

  /** The buffer's memory (allocated on first use). */
  get bytes(): Uint8Array {
    return (this.mem ??= new Uint8Array(this.size));
  }

  /** Zero it for a new holder; a fresh buffer already is. */
  clear(): void {
    this.mem?.fill(0);
  }
}

export class BufferPool {
  /** zc_buffers of the profile. */
  readonly size: number;
  /** zc_buffer_bytes of the profile. */
  readonly bufferBytes: number;
  /** Buffers in the pool now. */
  free: number;
  private freeList: ZcBuffer | null = null;
  private readonly byId = new Map<number, ZcBuffer>();
  private readonly all: ZcBuffer[] = [];
  private nextId = 1;

  constructor(
    size: number,
    bufferBytes: number,
    private readonly sink: EventSink,
  ) {
    this.size = size;
    this.bufferBytes = bufferBytes;
    this.free = size;
    for (let i = size - 1; i >= 0; i--) {
      const b = new ZcBuffer(this, bufferBytes);
      b.next = this.freeList;
      this.freeList = b;
      this.all.push(b);
    }
  }

  /**
   * Give pid a zeroed buffer, or return null after mailbox_exhausted reason
   * buffer_pool_full (target null) when none is free (mailbox.rule.ZERO_COPY).
   * Ids count upward from 1 and skip ids in use, so a stale id is not aliased
   * until the 16-bit space wraps.
   */
  acquire(pid: number): ZcBuffer | null {
    const b = this.freeList;
    if (b === null) {
      if (this.sink.active) this.sink.exhausted(pid, "buffer_pool_full", this.size, this.size, null);
      return null;
    }
    this.freeList = b.next;
    b.next = null;
    this.free--;
    let id = this.nextId;
    while (this.byId.has(id)) id = id === MAX_ID ? 1 : id + 1;
    this.nextId = id === MAX_ID ? 1 : id + 1;
    b.id = id;
    b.pid = pid;
    b.clear();
    this.byId.set(id, b);
    return b;
  }

  /** The buffer with this id if pid holds it, else null (any value is accepted). */
  held(pid: number, id: unknown): ZcBuffer | null {
    if (typeof id !== "number") return null;
    const b = this.byId.get(id);
    return b !== undefined && b.pid === pid ? b : null;
  }

  /** Back to the pool. */
  release(b: ZcBuffer): void {
    this.byId.delete(b.id);
    b.id = 0;
    b.pid = -1;
    b.desc = null;
    b.seq = -1;
    b.next = this.freeList;
    this.freeList = b;
    this.free++;
  }

  /** A queued buffer handed over to a receiver: it keeps its id. */
  give(b: ZcBuffer, pid: number): void {
    b.pid = pid;
    b.desc = null;
    b.seq = -1;
    b.next = null;
  }

  /** Release every buffer pid holds (mailbox.rule.ZERO_COPY: taskExit). */
  releasePid(pid: number): void {
    if (this.free === this.size) return;
    for (const b of this.all) if (b.pid === pid) this.release(b);
  }

  /** Buffers held by pid (monitoring and tests). */
  heldBy(pid: number): number {
    let n = 0;
    for (const b of this.all) if (b.pid === pid) n++;
    return n;
  }

  /** Buffers pinned by queued messages. */
  get queued(): number {
    let n = 0;
    for (const b of this.all) if (b.desc !== null) n++;
    return n;
  }
}

/** Pin b to the message with sequence number seq just queued on d (the newest). */
export function pin(d: Descriptor, b: ZcBuffer, seq: number): void {
  b.pid = -1;
  b.desc = d;
  b.seq = seq;
  b.next = null;
  if (d.pinTail === null) d.pinHead = b;
  else d.pinTail.next = b;
  d.pinTail = b;
}

/** Unlink the oldest pinned buffer of d (the caller releases or hands it over). */
export function unpinHead(d: Descriptor): ZcBuffer {
  const b = d.pinHead!;
  d.pinHead = b.next;
  if (d.pinHead === null) d.pinTail = null;
  b.next = null;
  return b;
}

/** The buffer pinned by the queued message with sequence number seq, or null. */
export function pinnedAt(d: Descriptor, seq: number): ZcBuffer | null {
  for (let b = d.pinHead; b !== null && b.seq <= seq; b = b.next) if (b.seq === seq) return b;
  return null;
}

/** The descriptor is freed with its queue: every buffer it pins returns to the pool. */
export function releasePins(d: Descriptor): void {
  while (d.pinHead !== null) {
    const b = unpinHead(d);
    b.pool.release(b);
  }
}

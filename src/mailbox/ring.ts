// A byte ring of queued messages, each stored as an 8-byte hsx_mbx_msg_header_t
// (len, flags, src_pid, channel; u16 little-endian) followed by its payload.
//
// The ring is exactly `capacity` bytes and a message occupies exactly length + 8 of
// them, so occupancy is the spec's cost model byte for byte (mailbox.rule.CAPACITY)
// and the C port can keep the same layout. A message may wrap around the end of the
// buffer; offsets of queued messages never move except in resize(), so fan-out
// cursors can remember them.
import { MAILBOX } from "../../generated/ts/index.js";

const HDR = MAILBOX.MSG_HEADER_BYTES;

/**
 * Copy n bytes. Small copies (the common 16-byte message) go byte by byte, unrolled:
 * a subarray view costs an allocation and more time than the loop below ~48 bytes.
 */
export function copyBytes(src: Uint8Array, from: number, dst: Uint8Array, to: number, n: number): void {
  if (n > 48) {
    dst.set(src.subarray(from, from + n), to);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    dst[to + i] = src[from + i]!;
    dst[to + i + 1] = src[from + i + 1]!;
    dst[to + i + 2] = src[from + i + 2]!;
    dst[to + i + 3] = src[from + i + 3]!;
  }
  for (; i < n; i++) dst[to + i] = src[from + i]!;
}

export class MessageRing {
  buf: Uint8Array;
  cap: number;
  /** Offset of the oldest message's header. */
  head = 0;
  /** Offset where the next message's header goes. */
  tail = 0;
  /** Bytes occupied: sum of length + 8 over queued messages. */
  used = 0;
  /** Messages queued. */
  count = 0;

  // Header of the last message loaded with load(); reused to stay allocation-free.
  hLen = 0;
  hFlags = 0;
  hSrc = 0;
  hChan = 0;
  /** Offset of the loaded message's payload. */
  hData = 0;
  /** Offset of the message after the loaded one. */
  hNext = 0;

  constructor(cap: number) {
    this.cap = cap;
    this.buf = new Uint8Array(cap);
  }

  fits(cost: number): boolean {
    return this.used + cost <= this.cap;
  }

  /** Append a message; the caller has checked fits(length + 8). */
  push(len: number, flags: number, src: number, chan: number, data: Uint8Array, off: number): void {
    const buf = this.buf;
    const cap = this.cap;
    let p = this.tail;
    if (p + HDR <= cap) {
      buf[p] = len;
      buf[p + 1] = len >>> 8;
      buf[p + 2] = flags;
      buf[p + 3] = flags >>> 8;
      buf[p + 4] = src;
      buf[p + 5] = src >>> 8;
      buf[p + 6] = chan;
      buf[p + 7] = chan >>> 8;
      p += HDR;
      if (p === cap) p = 0;
    } else {
      p = this.putU16(this.putU16(this.putU16(this.putU16(p, len), flags), src), chan);
    }
    const first = cap - p;
    if (len <= first) {
      copyBytes(data, off, buf, p, len);
      p += len;
      if (p === cap) p = 0;
    } else {
      copyBytes(data, off, buf, p, first);
      copyBytes(data, off + first, buf, 0, len - first);
      p = len - first;
    }
    this.tail = p;
    this.used += len + HDR;
    this.count++;
  }

  /**
   * Append a message whose payload lives elsewhere (a zero-copy buffer): the header is
   * written and len payload bytes are reserved, so the message costs len + 8 like any
   * other (mailbox.rule.ZERO_COPY). The caller has checked fits(len + 8).
   */
  reserve(len: number, flags: number, src: number, chan: number): void {
    let p = this.putU16(this.putU16(this.putU16(this.putU16(this.tail, len), flags), src), chan);
    p += len;
    if (p >= this.cap) p -= this.cap;
    this.tail = p;
    this.used += len + HDR;
    this.count++;
  }

  private putU16(p: number, v: number): number {
    const buf = this.buf;
    buf[p] = v;
    if (++p === this.cap) p = 0;
    buf[p] = v >>> 8;
    if (++p === this.cap) p = 0;
    return p;
  }

  private getU16(p: number): number {
    const q = p + 1 === this.cap ? 0 : p + 1;
    return this.buf[p]! | (this.buf[q]! << 8);
  }

  /** Load the header of the message at offset p into the h* fields. */
  load(p: number): void {
    const cap = this.cap;
    let len: number;
    let d: number;
    if (p + HDR <= cap) {
      const buf = this.buf;
      len = buf[p]! | (buf[p + 1]! << 8);
      this.hFlags = buf[p + 2]! | (buf[p + 3]! << 8);
      this.hSrc = buf[p + 4]! | (buf[p + 5]! << 8);
      this.hChan = buf[p + 6]! | (buf[p + 7]! << 8);
      d = p + HDR;
      if (d === cap) d = 0;
    } else {
      len = this.getU16(p);
      this.hFlags = this.getU16((p + 2) % cap);
      this.hSrc = this.getU16((p + 4) % cap);
      this.hChan = this.getU16((p + 6) % cap);
      d = (p + HDR) % cap;
    }
    this.hLen = len;
    this.hData = d;
    const n = d + len;
    this.hNext = n >= cap ? n - cap : n;
  }

  /** Copy n bytes of the loaded message's payload to dst. */
  copyOut(dst: Uint8Array, to: number, n: number): void {
    const d = this.hData;
    const first = this.cap - d;
    if (n <= first) {
      copyBytes(this.buf, d, dst, to, n);
    } else {
      copyBytes(this.buf, d, dst, to, first);
      copyBytes(this.buf, 0, dst, to + first, n - first);
    }
  }

  /** OR bits into the flags of the message at offset p (used to mark a tap gap). */
  orFlags(p: number, bits: number): void {
    const q = p + 2 >= this.cap ? p + 2 - this.cap : p + 2;
    this.load(p);
    this.putU16(q, this.hFlags | bits);
  }

  /** Drop the oldest message, leaving its header loaded. */
  popHead(): void {
    this.load(this.head);
    this.head = this.hNext;
    this.used -= this.hLen + HDR;
    this.count--;
  }

  /**
   * Change the capacity (new capacity >= used), moving the messages to the start of
   * a new buffer. Returns the old head so callers can remap offsets they hold:
   * new offset = (old - oldHead + oldCap) % oldCap.
   */
  resize(cap: number): number {
    const old = this.buf;
    const oldCap = this.cap;
    const oldHead = this.head;
    const buf = new Uint8Array(cap);
    const first = Math.min(this.used, oldCap - oldHead);
    buf.set(old.subarray(oldHead, oldHead + first), 0);
    if (first < this.used) buf.set(old.subarray(0, this.used - first), first);
    this.buf = buf;
    this.cap = cap;
    this.head = 0;
    this.tail = this.used === cap ? 0 : this.used;
    return oldHead;
  }
}

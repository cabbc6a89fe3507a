/**
 * Bounds-checked big-endian access for the HXE reader (hxe.rule.HEADER_BIG_ENDIAN).
 * A read past the buffer throws RangeError from DataView: the reader checks bounds
 * first, so such a throw is a reader bug, never an outcome for a bad image.
 */

export class Bytes {
  private readonly dv: DataView;
  constructor(readonly buf: Uint8Array) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get length(): number {
    return this.buf.length;
  }
  u8(at: number): number {
    return this.dv.getUint8(at);
  }
  u16(at: number): number {
    return this.dv.getUint16(at);
  }
  u32(at: number): number {
    return this.dv.getUint32(at);
  }
  /** buf[start..end) with both ends checked (subarray would clamp silently). */
  slice(start: number, end: number): Uint8Array {
    if (!(0 <= start && start <= end && end <= this.buf.length)) throw new RangeError(`slice ${start}..${end} outside ${this.buf.length} bytes`);
    return this.buf.subarray(start, end);
  }
}

/** A big-endian writer over a fixed-size buffer. */
export class ByteWriter {
  readonly buf: Uint8Array;
  private readonly dv: DataView;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.dv = new DataView(this.buf.buffer);
  }
  u8(at: number, v: number): void {
    this.dv.setUint8(at, v);
  }
  u16(at: number, v: number): void {
    this.dv.setUint16(at, v);
  }
  u32(at: number, v: number): void {
    this.dv.setUint32(at, v);
  }
  bytes(at: number, b: Uint8Array): void {
    this.buf.set(b, at);
  }
}

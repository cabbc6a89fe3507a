// The convenient face of the manager: each call returns a fresh result object. It is
// a thin layer over MailboxManager's allocation-free calls (status + reused `out`),
// for tests, tools and the conformance adapter; the executive uses the fast path.
import { MbxStatus } from "../../generated/ts/index.js";
import type { MailboxManager } from "./manager.js";
import type { CallStatus } from "./types.js";

export interface StatusResult {
  readonly status: MbxStatus;
}
export interface OpenResult extends StatusResult {
  /** The new handle (0 unless OK). */
  readonly handle: number;
}
export interface BindResult extends StatusResult {
  readonly descriptor: number;
}
export interface SendResult {
  readonly status: CallStatus;
  /** Bytes taken (OK only). */
  readonly length: number;
  /** The wait's id when status is MBX_PENDING, else 0. */
  readonly waitId: number;
}
export interface RecvResult {
  readonly status: CallStatus;
  readonly length: number;
  readonly flags: number;
  readonly channel: number;
  readonly srcPid: number;
  readonly waitId: number;
  /** The bytes received (OK only), a view of `buffer`. */
  readonly data: Uint8Array;
  /** The buffer the payload is written to, now or when a pending wait completes. */
  readonly buffer: Uint8Array;
}
export interface PeekResult extends StatusResult {
  readonly depth: number;
  readonly bytesUsed: number;
  readonly nextLen: number;
}
export interface BufferResult extends StatusResult {
  /** The buffer the pid now holds (0 unless OK). */
  readonly buffer: number;
}
export interface ZcSendResult extends StatusResult {
  /** Bytes queued (OK only). */
  readonly length: number;
}
export interface ZcRecvResult extends BufferResult {
  readonly length: number;
  readonly flags: number;
  readonly channel: number;
  readonly srcPid: number;
  /** A copy of the buffer's first `length` bytes (OK only). */
  readonly data: Uint8Array;
}
export interface SendOptions {
  readonly flags?: number;
  readonly channel?: number;
  /** 0 (default) answers WOULDBLOCK when full; 1..0xFFFE ms or 0xFFFF waits for room. */
  readonly timeoutMs?: number;
}

export class MailboxApi {
  constructor(readonly manager: MailboxManager) {}

  open(pid: number, target: string, flags = 0): OpenResult {
    const status = this.manager.open(pid, target, flags);
    return { status, handle: this.manager.out.handle };
  }

  bind(pid: number, target: string, capacity = 0, mode = 0): BindResult {
    const status = this.manager.bind(pid, target, capacity, mode);
    return { status, descriptor: this.manager.out.descriptor };
  }

  send(pid: number, handle: number, data: Uint8Array, options: SendOptions = {}): SendResult {
    const { flags = 0, channel = 0, timeoutMs = 0 } = options;
    const status = this.manager.send(pid, handle, data, 0, data.length, flags, channel, timeoutMs);
    const out = this.manager.out;
    return { status, length: out.length, waitId: out.waitId };
  }

  /** Receive into a new buffer of maxLen bytes (or into `buffer` when given). */
  recv(pid: number, handle: number, maxLen: number, timeoutMs = 0, buffer?: Uint8Array): RecvResult {
    const dst = buffer ?? new Uint8Array(maxLen);
    const status = this.manager.recv(pid, handle, dst, 0, maxLen, timeoutMs);
    const o = this.manager.out;
    const ok = status === 0;
    return {
      status,
      length: o.length,
      flags: o.flags,
      channel: o.channel,
      srcPid: o.srcPid,
      waitId: o.waitId,
      data: dst.subarray(0, ok ? o.length : 0),
      buffer: dst,
    };
  }

  peek(pid: number, handle: number): PeekResult {
    const status = this.manager.peek(pid, handle);
    const o = this.manager.out;
    return { status, depth: o.depth, bytesUsed: o.bytesUsed, nextLen: o.nextLen };
  }

  tap(pid: number, handle: number, enable: boolean | number): StatusResult {
    return { status: this.manager.tap(pid, handle, enable) };
  }

  close(pid: number, handle: number): StatusResult {
    return { status: this.manager.close(pid, handle) };
  }

  /** acquire (mailbox.rule.ZERO_COPY). */
  zcAcquire(pid: number, size: number): BufferResult {
    const status = this.manager.zcAcquire(pid, size);
    return { status, buffer: this.manager.out.buffer };
  }

  /**
   * Write `data` at the start of a buffer pid holds, as the task would: not a mailbox
   * call (no events); INVALID_ARGUMENT when pid holds no such buffer or data is longer.
   */
  zcWrite(pid: number, buffer: number, data: Uint8Array): StatusResult {
    const bytes = this.manager.zcBytes(pid, buffer);
    if (bytes === null || !(data instanceof Uint8Array) || data.length > bytes.length) return { status: MbxStatus.INVALID_ARGUMENT };
    bytes.set(data);
    return { status: MbxStatus.OK };
  }

  /** send_buffer of the buffer's first `length` bytes (default: all of it). */
  zcSend(pid: number, handle: number, buffer: number, length: number, options: { flags?: number; channel?: number } = {}): ZcSendResult {
    const status = this.manager.zcSend(pid, handle, buffer, length, options.flags ?? 0, options.channel ?? 0);
    return { status, length: this.manager.out.length };
  }

  /** recv_buffer. */
  zcRecv(pid: number, handle: number): ZcRecvResult {
    const m = this.manager;
    const status = m.zcRecv(pid, handle);
    const o = m.out;
    const bytes = status === MbxStatus.OK ? m.zcBytes(pid, o.buffer) : null;
    return {
      status,
      buffer: o.buffer,
      length: o.length,
      flags: o.flags,
      channel: o.channel,
      srcPid: o.srcPid,
      data: bytes === null ? new Uint8Array(0) : bytes.slice(0, o.length),
    };
  }

  /** release. */
  zcRelease(pid: number, buffer: number): StatusResult {
    return { status: this.manager.zcRelease(pid, buffer) };
  }
}

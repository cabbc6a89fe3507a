// Public types of the mailbox manager: options, call outputs, waits and completions.
import type { MbxStatus, ProfileName } from "../../generated/ts/index.js";
import type { MailboxEventListener } from "./events.js";

/**
 * Status of a call that had to wait: not an ABI status (negative, so it can never be
 * confused with a u16 mbx_status). The call's outcome arrives later as a Completion.
 */
export const MBX_PENDING = -1;
export type MbxPending = typeof MBX_PENDING;

/** What a manager call returns: an ABI status, or MBX_PENDING for a call that waits. */
export type CallStatus = MbxStatus | MbxPending;

/** The executive's clock: integer microseconds, never decreasing. */
export interface Clock {
  now(): number;
}

export interface MailboxManagerOptions {
  /** Resource profile (spec/profiles.yaml); fixes every limit. */
  readonly profile: ProfileName;
  readonly clock: Clock;
  /** Receives every mailbox event; without it no event object is ever built. */
  readonly onEvent?: MailboxEventListener;
}

export type WaitOp = "recv" | "send";

/**
 * Outputs of the last call, reused by every call so the fast path allocates nothing.
 * Only the fields of the call just made are meaningful; they are zero after an error.
 */
export interface CallOutputs {
  /** OPEN: the new handle. */
  handle: number;
  /** BIND: the descriptor id. */
  descriptor: number;
  /** SEND, zcSend: bytes taken. RECV, zcRecv: bytes received. */
  length: number;
  /** RECV, zcRecv: message flags (OVERRUN added after a gap). */
  flags: number;
  /** RECV, zcRecv: channel. */
  channel: number;
  /** RECV, zcRecv: sender pid. */
  srcPid: number;
  /** PEEK: messages queued (the tap buffer's on a tap). */
  depth: number;
  /** PEEK: bytes used (the tap buffer's on a tap). */
  bytesUsed: number;
  /** PEEK: length of the message the handle would receive next, 0 if none. */
  nextLen: number;
  /** MBX_PENDING: the id its Completion will carry. */
  waitId: number;
  /** zcAcquire, zcRecv: the zero-copy buffer the pid now holds. */
  buffer: number;
}

/** A wait that finished: with data or room (OK), TIMEOUT, or INVALID_HANDLE (handle closed). */
export interface Completion {
  readonly waitId: number;
  readonly pid: number;
  readonly handle: number;
  readonly descriptor: number;
  readonly op: WaitOp;
  readonly status: MbxStatus;
  /** recv: bytes written to the dst given at call time; send: bytes taken. */
  readonly length: number;
  readonly flags: number;
  readonly channel: number;
  readonly srcPid: number;
}

/** A pending wait, as waitOf() reports it. */
export interface WaitInfo {
  readonly waitId: number;
  readonly pid: number;
  readonly handle: number;
  readonly descriptor: number;
  readonly op: WaitOp;
  readonly timeoutMs: number;
  /** Microseconds on the clock; null for an infinite wait. */
  readonly deadline: number | null;
}

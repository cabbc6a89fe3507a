// Mailbox events (spec/events.yaml; mailbox.rule.EVENTS, mailbox.rule.EVENT_ORDER).
//
// The manager publishes {type, pid, data}; the executive wraps it in its envelope
// {seq, ts, type, pid, data}. Data objects are closed: exactly the fields of the
// type, nullable ones present as null (events.rule.EVENT_CLOSED). Callers check
// `active` before calling a builder, so no event object exists without a listener.
import type { MbxStatus } from "../../generated/ts/index.js";
import type {
  MailboxBackpressureData,
  MailboxErrorData,
  MailboxExhaustedData,
  MailboxOverrunData,
  MailboxRecvData,
  MailboxSendData,
  MailboxTimeoutData,
  MailboxWaitData,
  MailboxWakeData,
} from "../../generated/ts/types/event.js";
import type { WaitOp } from "./types.js";

interface EventOf<T extends string, D> {
  readonly type: T;
  /** The task the event is about (see spec/events.yaml), or null. */
  readonly pid: number | null;
  readonly data: D;
}

export type MailboxEvent =
  | EventOf<"mailbox_send", MailboxSendData>
  | EventOf<"mailbox_recv", MailboxRecvData>
  | EventOf<"mailbox_wait", MailboxWaitData>
  | EventOf<"mailbox_wake", MailboxWakeData>
  | EventOf<"mailbox_timeout", MailboxTimeoutData>
  | EventOf<"mailbox_error", MailboxErrorData>
  | EventOf<"mailbox_overrun", MailboxOverrunData>
  | EventOf<"mailbox_exhausted", MailboxExhaustedData>
  | EventOf<"mailbox_backpressure", MailboxBackpressureData>;

export type MailboxEventType = MailboxEvent["type"];
export type MailboxEventListener = (event: MailboxEvent) => void;
export type ExhaustedReason = MailboxExhaustedData["reason"];
export type BackpressurePolicy = MailboxBackpressureData["policy"];

/** A u16 as given, else null: invalid pids and handles are reported as null (and never throw). */
function u16OrNull(x: unknown): number | null {
  return typeof x === "number" && (x & 0xffff) === x ? x : null;
}

export class EventSink {
  readonly active: boolean;
  private readonly listener: MailboxEventListener | null;

  constructor(listener: MailboxEventListener | undefined) {
    this.listener = listener ?? null;
    this.active = listener !== undefined;
  }

  private emit(event: MailboxEvent): void {
    this.listener!(event);
  }

  send(pid: number, descriptor: number, handle: number, length: number, flags: number, channel: number): void {
    this.emit({ type: "mailbox_send", pid, data: { descriptor, handle, length, flags, channel, src_pid: pid } });
  }

  recv(pid: number, descriptor: number, handle: number, length: number, flags: number, channel: number, srcPid: number): void {
    this.emit({ type: "mailbox_recv", pid, data: { descriptor, handle, length, flags, channel, src_pid: srcPid } });
  }

  wait(pid: number, descriptor: number, handle: number, op: WaitOp, timeout: number, deadline: number | null): void {
    this.emit({ type: "mailbox_wait", pid, data: { descriptor, handle, op, timeout, deadline } });
  }

  wake(
    type: "mailbox_wake" | "mailbox_timeout",
    pid: number,
    descriptor: number,
    handle: number,
    op: WaitOp,
    status: MbxStatus,
    length: number,
    flags: number,
    channel: number,
    srcPid: number,
  ): void {
    const data = { descriptor, handle, op, status, length, flags, channel, src_pid: srcPid };
    this.emit(type === "mailbox_wake" ? { type, pid, data } : { type, pid, data });
  }

  error(pid: number, fn: number, status: MbxStatus, handle: number | null, detail: string): void {
    this.emit({ type: "mailbox_error", pid: u16OrNull(pid), data: { fn, status, handle: u16OrNull(handle), detail } });
  }

  overrun(
    pid: number,
    descriptor: number,
    handle: number,
    reason: MailboxOverrunData["reason"],
    senderPid: number,
    droppedSeq: number,
    droppedLength: number,
    droppedFlags: number,
    channel: number,
    queueDepth: number,
  ): void {
    this.emit({
      type: "mailbox_overrun",
      pid,
      data: {
        descriptor,
        handle,
        reason,
        sender_pid: senderPid,
        dropped_seq: droppedSeq,
        dropped_length: droppedLength,
        dropped_flags: droppedFlags,
        channel,
        queue_depth: queueDepth,
      },
    });
  }

  exhausted(pid: number, reason: ExhaustedReason, limit: number, inUse: number, target: string | null): void {
    this.emit({ type: "mailbox_exhausted", pid: u16OrNull(pid), data: { reason, limit, in_use: inUse, target } });
  }

  backpressure(
    pid: number,
    descriptor: number,
    policy: BackpressurePolicy,
    capacity: number,
    bytesUsed: number,
    requested: number,
    tapPid: number | null,
    tapHandle: number | null,
    limit: number | null,
  ): void {
    this.emit({
      type: "mailbox_backpressure",
      pid,
      data: { descriptor, policy, capacity, bytes_used: bytesUsed, requested, tap_pid: tapPid, tap_handle: tapHandle, limit },
    });
  }
}

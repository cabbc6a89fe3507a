import { MbxStatus, type ProfileName } from "../../../generated/ts/index.js";
import { MBX_PENDING, MailboxManager, type Completion, type MailboxEvent } from "../../../src/mailbox/index.js";
import { fromHex, toHex } from "../hex.js";
import { num, type Instance } from "./instance.js";

/** The mailbox level over the reference manager, with a clock the vectors advance. */
export class MailboxInstance implements Instance {
  private now = 0;
  private events: MailboxEvent[] = [];
  private readonly mgr: MailboxManager;
  /** Destination buffers of pending receives, by wait id, so completions can report the data. */
  private readonly recvBuffers = new Map<number, Uint8Array>();

  constructor(profile: ProfileName) {
    this.mgr = new MailboxManager({ profile, clock: { now: () => this.now }, onEvent: (e) => void this.events.push(e) });
  }

  call(op: string, args: Record<string, unknown>): Record<string, unknown> | null {
    const pid = num(args, "pid");
    const m = this.mgr;
    let result: Record<string, unknown>;
    switch (op) {
      case "mbx.bind": {
        const status = m.bind(pid, args.target as string, num(args, "capacity"), num(args, "mode"));
        result = { status, descriptor: status === 0 ? m.out.descriptor : null };
        break;
      }
      case "mbx.open": {
        const status = m.open(pid, args.target as string, num(args, "flags"));
        result = { status, handle: status === 0 ? m.out.handle : null };
        break;
      }
      case "mbx.send": {
        const data = fromHex(args.data);
        const status = m.send(pid, num(args, "handle"), data, 0, data.length, num(args, "flags"), num(args, "channel"), num(args, "timeout"));
        result = status === MBX_PENDING ? { status: null, sent: 0, wait: m.out.waitId } : { status, sent: status === 0 ? m.out.length : 0, wait: null };
        break;
      }
      case "mbx.recv": {
        const buf = new Uint8Array(num(args, "max_len"));
        const status = m.recv(pid, num(args, "handle"), buf, 0, buf.length, num(args, "timeout"));
        if (status === MBX_PENDING) {
          this.recvBuffers.set(m.out.waitId, buf);
          result = { status: null, length: 0, flags: 0, channel: 0, src_pid: 0, data: "", wait: m.out.waitId };
        } else {
          const o = m.out;
          const ok = status === 0;
          result = { status, length: ok ? o.length : 0, flags: ok ? o.flags : 0, channel: ok ? o.channel : 0, src_pid: ok ? o.srcPid : 0, data: ok ? toHex(buf.subarray(0, o.length)) : "", wait: null };
        }
        break;
      }
      case "mbx.peek": {
        const status = m.peek(pid, num(args, "handle"));
        const o = m.out;
        result = status === 0 ? { status, depth: o.depth, bytes_used: o.bytesUsed, next_len: o.nextLen } : { status, depth: 0, bytes_used: 0, next_len: 0 };
        break;
      }
      case "mbx.tap":
        result = { status: m.tap(pid, num(args, "handle"), args.enable as boolean) };
        break;
      case "mbx.close":
        result = { status: m.close(pid, num(args, "handle")) };
        break;
      // Zero-copy calls (feature zero_copy, mailbox.rule.ZERO_COPY).
      case "mbx.zc_acquire": {
        const status = m.zcAcquire(pid, num(args, "size"));
        result = { status, buffer: status === 0 ? m.out.buffer : null };
        break;
      }
      case "mbx.zc_write": {
        // The task writing its buffer: not a manager call, so no events.
        const data = fromHex(args.data);
        const bytes = m.zcBytes(pid, num(args, "buffer"));
        const ok = bytes !== null && data.length <= bytes.length;
        if (ok) bytes.set(data);
        result = { status: ok ? MbxStatus.OK : MbxStatus.INVALID_ARGUMENT };
        break;
      }
      case "mbx.zc_send":
        result = { status: m.zcSend(pid, num(args, "handle"), num(args, "buffer"), num(args, "length"), num(args, "flags"), num(args, "channel")) };
        break;
      case "mbx.zc_recv": {
        const status = m.zcRecv(pid, num(args, "handle"));
        const o = m.out;
        const bytes = status === 0 ? m.zcBytes(pid, o.buffer) : null;
        result =
          bytes !== null
            ? { status, buffer: o.buffer, length: o.length, flags: o.flags, channel: o.channel, src_pid: o.srcPid, data: toHex(bytes.subarray(0, o.length)) }
            : { status, buffer: null, length: 0, flags: 0, channel: 0, src_pid: 0, data: "" };
        break;
      }
      case "mbx.zc_release":
        result = { status: m.zcRelease(pid, num(args, "buffer")) };
        break;
      case "mbx.task_exit":
        m.taskExit(pid);
        result = {};
        break;
      case "mbx.advance":
        this.now += num(args, "us");
        m.expire();
        result = {};
        break;
      case "mbx.stats":
        result = { stats: m.stats() };
        break;
      case "mbx.snapshot":
        result = { descriptors: m.snapshot() };
        break;
      default:
        return null;
    }
    result.events = this.events.map((e) => ({ type: e.type, pid: e.pid, data: e.data }));
    result.completions = m.takeCompletions().map((c) => this.completion(c));
    this.events = [];
    return result;
  }

  private completion(c: Completion): Record<string, unknown> {
    const buf = this.recvBuffers.get(c.waitId);
    this.recvBuffers.delete(c.waitId);
    const data = c.op === "recv" && c.status === 0 && buf ? toHex(buf.subarray(0, c.length)) : "";
    return { wait: c.waitId, pid: c.pid, handle: c.handle, op: c.op, status: c.status, length: c.length, flags: c.flags, channel: c.channel, src_pid: c.srcPid, data };
  }
}

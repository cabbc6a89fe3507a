// SVC module MAILBOX (svc.modules MAILBOX, spec/mailbox.yaml): arguments in R1..R5,
// the status in R0 (R-SVC-ARGS); a call that has to wait parks the task in WAIT_MBX
// and is finished by Kernel.finishWait (executive.rule.WAIT_MBX).
import { MAILBOX, MbxFn, MbxStatus } from "../../../generated/ts/index.js";
import { MBX_PENDING } from "../../mailbox/index.js";
import { inBounds, readTarget, u16, writeRecvInfo } from "../guest.js";
import type { Kernel } from "../kernel.js";
import type { Task } from "../task.js";
import { enosys } from "./enosys.js";

const TIMEOUT_SHIFT = MAILBOX.SEND_TIMEOUT_SHIFT;

export function mailboxSvc(k: Kernel, t: Task, fn: number): void {
  const r = t.vm.regs;
  const mbx = k.mbx;
  const pid = t.pid;
  switch (fn) {
    case MbxFn.OPEN: {
      const st = mbx.open(pid, readTarget(t.mem, u16(r[1]!)), u16(r[2]!));
      r[0] = st;
      if (st === MbxStatus.OK) r[1] = mbx.out.handle;
      return;
    }
    case MbxFn.BIND: {
      const st = mbx.bind(pid, readTarget(t.mem, u16(r[1]!)), u16(r[2]!), u16(r[3]!));
      r[0] = st;
      if (st === MbxStatus.OK) r[1] = mbx.out.descriptor;
      return;
    }
    case MbxFn.SEND:
      return send(k, t);
    case MbxFn.RECV:
      return recv(k, t);
    case MbxFn.PEEK: {
      const st = mbx.peek(pid, u16(r[1]!));
      r[0] = st;
      if (st === MbxStatus.OK) {
        r[1] = mbx.out.depth;
        r[2] = mbx.out.bytesUsed;
        r[3] = mbx.out.nextLen;
      }
      return;
    }
    case MbxFn.TAP:
      r[0] = mbx.tap(pid, u16(r[1]!), u16(r[2]!));
      return;
    case MbxFn.CLOSE:
      r[0] = mbx.close(pid, u16(r[1]!));
      return;
    default:
      return enosys(t); // mailbox.rule.UNKNOWN_FUNCTION
  }
}

/** SEND: flags in R4's low half, the send timeout in its high half (R-MBX-SEND-TIMEOUT). */
function send(k: Kernel, t: Task): void {
  const r = t.vm.regs;
  t.mailboxStep++; // executive.rule.COUNTERS: before validation
  const ptr = u16(r[2]!);
  const len = inBounds(ptr, u16(r[3]!)); // svc.rule.BUFFER_BOUNDS
  const ft = r[4]!;
  const st = k.mbx.send(t.pid, u16(r[1]!), t.mem, ptr, len, ft & 0xffff, u16(r[5]!), ft >>> TIMEOUT_SHIFT);
  if (st === MBX_PENDING) return k.block(t, k.waitOf(t, "send", 0));
  r[0] = st;
  if (st === MbxStatus.OK) r[1] = k.mbx.out.length;
}

/** RECV into the task's memory; NO_DATA and OK write the info record (executive.rule.RECV_INFO). */
function recv(k: Kernel, t: Task): void {
  const r = t.vm.regs;
  t.mailboxStep++; // executive.rule.COUNTERS
  const buf = u16(r[2]!);
  const max = inBounds(buf, u16(r[3]!));
  const info = u16(r[5]!);
  const mbx = k.mbx;
  const st = mbx.recv(t.pid, u16(r[1]!), t.mem, buf, max, u16(r[4]!));
  if (st === MBX_PENDING) return k.block(t, k.waitOf(t, "recv", info));
  r[0] = st;
  if (st === MbxStatus.OK) {
    const o = mbx.out;
    r[1] = o.length;
    r[2] = o.flags;
    r[3] = o.channel;
    r[4] = o.srcPid;
    writeRecvInfo(t.mem, info, st, o.length, o.flags, o.channel, o.srcPid);
  } else if (st === MbxStatus.NO_DATA) {
    // executive.rule.RECV_INFO: an empty poll zeroes R1..R4 like the info record it writes.
    r[1] = r[2] = r[3] = r[4] = 0;
    writeRecvInfo(t.mem, info, st, 0, 0, 0, 0);
  }
}

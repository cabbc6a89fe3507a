// Stdio writes (svc FS.WRITE to fds 0/1/2, TASK.UART_WRITE; R-SVC-STDIO-WAKE): the
// bytes go to the task's stdio mailbox in chunks it can hold (capacity - 8), each a
// send that waits for room while the mailbox is full, like any other send.
import { EXECUTIVE, MAILBOX, MbxFlag, MbxStatus } from "../../generated/ts/index.js";
import { MBX_PENDING } from "../mailbox/index.js";
import { inBounds } from "./guest.js";
import type { Kernel } from "./kernel.js";
import type { Task } from "./task.js";

/** Write len bytes at ptr (cut at the top of memory) to fd; R0 becomes the bytes written. */
export function startWrite(k: Kernel, t: Task, fd: number, ptr: number, len: number): void {
  const n = inBounds(ptr, len); // svc.rule.BUFFER_BOUNDS
  const flags = fd === EXECUTIVE.STDOUT_FD ? MbxFlag.STDOUT : fd === EXECUTIVE.STDERR_FD ? MbxFlag.STDERR : 0;
  t.write = { fd, handle: t.fdHandles[fd]!, flags, at: ptr, end: ptr + n, written: 0 };
  if (!pumpWrite(k, t)) k.waiting(t);
}

/**
 * Send chunks until the write is done (true, R0 written) or a chunk has to wait for
 * room (false; the wait is parked and Kernel.finishWait calls this again).
 */
export function pumpWrite(k: Kernel, t: Task): boolean {
  const w = t.write!;
  while (w.at < w.end) {
    const chunk = Math.min(w.end - w.at, t.stdioChunk[w.fd]!);
    if (chunk <= 0) break;
    const st = k.mbx.send(t.pid, w.handle, t.mem, w.at, chunk, w.flags, 0, MAILBOX.TIMEOUT_INFINITE);
    if (st === MbxStatus.OK) {
      w.at += chunk;
      w.written += chunk;
      k.stdio.flush(); // the host reads right away, making room for the next chunk
    } else if (st === MBX_PENDING) {
      k.park(t, k.waitOf(t, "write", 0));
      return false;
    } else if (st !== MbxStatus.MSG_TOO_LARGE || !refreshChunk(k, t, w.fd)) {
      break; // the handle is gone (closed by the task): R0 says how much went out
    }
  }
  endWrite(t);
  return true;
}

export function endWrite(t: Task): void {
  t.vm.regs[0] = t.write!.written;
  t.write = null;
}

/** The stdio mailbox was re-bound smaller: learn its capacity. Whether the chunk shrank. */
function refreshChunk(k: Kernel, t: Task, fd: number): boolean {
  const d = k.mbx.snapshot().find((s) => s.descriptor_id === t.stdioDescriptors[fd]);
  const chunk = d === undefined ? 0 : Math.max(0, d.capacity - MAILBOX.MSG_HEADER_BYTES);
  const shrank = chunk < t.stdioChunk[fd]!;
  t.stdioChunk[fd] = chunk;
  return shrank && chunk > 0;
}

// SVC module FS (svc.modules FS): the stdio descriptors 0/1/2, routed to the task's
// stdio mailboxes (executive.rule.TASK_STDIO). The file system proper is planned.
import { EXECUTIVE, MAILBOX, MbxStatus, SvcFn } from "../../../generated/ts/index.js";
import { inBounds, u16 } from "../guest.js";
import type { Kernel } from "../kernel.js";
import type { Task } from "../task.js";
import { enosys } from "./enosys.js";
import { startWrite } from "../writes.js";

export function fsSvc(k: Kernel, t: Task, fn: number): void {
  const r = t.vm.regs;
  switch (fn) {
    case SvcFn.FS.READ: {
      // svc FS.READ: fd 0 polls the task's stdin mailbox; anything else reads nothing.
      // SPEC-GAP: a stdin message longer than len is cut to len and consumed whole
      // (mailbox.rule.RECV); a read of 0 bytes takes nothing.
      const dst = u16(r[2]!);
      const n = inBounds(dst, u16(r[3]!));
      if (u16(r[1]!) !== EXECUTIVE.STDIN_FD || n === 0) {
        r[0] = 0;
        return;
      }
      const st = k.mbx.recv(t.pid, t.fdHandles[EXECUTIVE.STDIN_FD]!, t.mem, dst, n, MAILBOX.TIMEOUT_POLL);
      r[0] = st === MbxStatus.OK ? k.mbx.out.length : 0;
      return;
    }
    case SvcFn.FS.WRITE: {
      // svc FS.WRITE (R-SVC-STDIO-WAKE): fds 0/1/2 go to the stdio mailboxes; others write nothing.
      const fd = u16(r[1]!);
      if (fd > EXECUTIVE.STDERR_FD) {
        r[0] = 0;
        return;
      }
      return startWrite(k, t, fd, u16(r[2]!), u16(r[3]!));
    }
    default:
      return enosys(t); // OPEN, CLOSE, LISTDIR, DELETE, RENAME, MKDIR are planned
  }
}

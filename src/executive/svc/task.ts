// SVC module TASK (svc.modules TASK): EXIT and the debug UART.
import { EXECUTIVE, SvcFn } from "../../../generated/ts/index.js";
import { u16 } from "../guest.js";
import type { Kernel } from "../kernel.js";
import type { Task } from "../task.js";
import { enosys } from "./enosys.js";
import { startWrite } from "../writes.js";

export function taskSvc(k: Kernel, t: Task, fn: number): void {
  const r = t.vm.regs;
  switch (fn) {
    case SvcFn.TASK.EXIT:
      // svc TASK.EXIT, R-EXEC-STATES: RETURNED with exit status R0 (left unchanged).
      return k.returned(t, r[0]!, "exited");
    case SvcFn.TASK.UART_WRITE:
      // svc TASK.UART_WRITE: the task's UART is its stdout, written like FS WRITE fd 1.
      return startWrite(k, t, EXECUTIVE.STDOUT_FD, u16(r[1]!), u16(r[2]!));
    default:
      return enosys(t);
  }
}

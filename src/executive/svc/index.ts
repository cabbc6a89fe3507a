// SVC dispatch (spec/svc.yaml): module number → the module's handler. Modules the
// spec marks planned, reserved module numbers and unknown functions answer
// HSX_ERR_ENOSYS in R0 and change nothing else (svc.rule.UNKNOWN_CALL, R-SVC-ENOSYS).
import { SvcModule } from "../../../generated/ts/index.js";
import type { Kernel } from "../kernel.js";
import type { Task } from "../task.js";
import { coreSvc } from "./core.js";
import { enosys } from "./enosys.js";
import { execSvc } from "./exec.js";
import { fsSvc } from "./fs.js";
import { mailboxSvc } from "./mailbox.js";
import { taskSvc } from "./task.js";

/** Service the SVC the task's VM just stopped on (its pc is already past it). */
export function dispatchSvc(k: Kernel, t: Task): void {
  const { svcModule: mod, svcFunction: fn } = t.vm.stop;
  switch (mod) {
    case SvcModule.MAILBOX:
      return mailboxSvc(k, t, fn);
    case SvcModule.FS:
      return fsSvc(k, t, fn);
    case SvcModule.EXEC:
      return execSvc(k, t, fn);
    case SvcModule.TASK:
      return taskSvc(k, t, fn);
    case SvcModule.CORE:
      return coreSvc(t, fn);
    default:
      return enosys(t); // CAN, VALUE, COMMAND, DEVLIBM (planned) and reserved modules
  }
}

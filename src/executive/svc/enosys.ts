import { VmError } from "../../../generated/ts/index.js";
import type { Task } from "../task.js";

/** svc.rule.UNKNOWN_CALL: ENOSYS in R0, nothing else changes. */
export function enosys(t: Task): void {
  t.vm.regs[0] = VmError.ENOSYS;
}

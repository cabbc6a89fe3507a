// SVC module CORE (svc.modules CORE).
import { SvcFn } from "../../../generated/ts/index.js";
import type { Task } from "../task.js";
import { enosys } from "./enosys.js";

export function coreSvc(t: Task, fn: number): void {
  if (fn !== SvcFn.CORE.GET_STEPS) return enosys(t);
  // svc CORE.GET_STEPS: instructions retired by this task before this SVC.
  t.vm.regs[0] = (t.vm.steps - 1) >>> 0;
}

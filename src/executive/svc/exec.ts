// SVC module EXEC (svc.modules EXEC): sleeping and yielding.
import { SvcFn } from "../../../generated/ts/index.js";
import type { Kernel } from "../kernel.js";
import type { Task } from "../task.js";
import { enosys } from "./enosys.js";

export function execSvc(k: Kernel, t: Task, fn: number): void {
  const r = t.vm.regs;
  switch (fn) {
    case SvcFn.EXEC.SLEEP_MS: {
      // executive.rule.SLEEP: ms > 0 sleeps until now + ms; ms = 0 returns at once.
      const ms = r[0]! >>> 0;
      r[0] = 0;
      if (ms > 0) k.sleep(t, ms);
      return;
    }
    case SvcFn.EXEC.YIELD:
      r[0] = 0;
      return k.yieldTask(t);
    default:
      return enosys(t);
  }
}

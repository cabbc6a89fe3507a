// The run loop (executive.rule.SCHEDULING, TIMERS, VIRTUAL_CLOCK, DEADLOCK): fire due
// timers, let a more urgent ready task preempt, give the processor to the most urgent
// ready task for up to a quantum, service what stopped it, and when nothing is ready
// either wait for the next deadline or say why nothing can run.
import { SwitchReasonWire, TaskState, VmStop } from "../../generated/ts/index.js";
import type { Kernel } from "./kernel.js";
import { ExecutiveInvariantError } from "./states.js";
import { dispatchSvc } from "./svc/index.js";

/** Why run() returned (conformance op exec.run). */
export type RunReason = "steps" | "idle" | "deadlock" | "done";

export interface RunOutcome {
  readonly reason: RunReason;
  /** Instructions retired during the call. */
  readonly steps: number;
  /** The executive clock after the call (µs). */
  readonly clockUs: number;
}

/** Run until maxSteps instructions retired in total, or until no task can run. */
export function runScheduler(k: Kernel, maxSteps: number): RunOutcome {
  const start = k.steps;
  let budget = maxSteps;
  const timers = k.timers;
  for (;;) {
    if (timers.size > 0) k.fireTimers(); // executive.rule.TIMERS: before the next task is chosen
    let t = k.current;
    if (t !== null && k.moreUrgentThan(t.priority)) {
      k.preempt(t, SwitchReasonWire.PREEMPTED);
      t = null;
    }
    if (t === null && k.ready.size === 0) {
      k.idle();
      const next = timers.peek();
      if (next === null) return done(k, stopReason(k), start);
      if (budget <= 0) return done(k, "steps", start);
      k.clock.idleUntil(next.timerDeadline); // executive.rule.VIRTUAL_CLOCK: jump to the earliest deadline
      continue;
    }
    if (budget <= 0) return done(k, "steps", start);
    if (t === null) t = k.dispatch()!;

    let chunk = t.quantumLeft < budget ? t.quantumLeft : budget;
    if (timers.size > 0) {
      // Stop at the next deadline so timers fire on time and can preempt.
      const until = k.clock.stepsUntil(timers.peek()!.timerDeadline);
      if (until < chunk) chunk = until;
    }
    const vm = t.vm;
    const before = vm.steps;
    const stop = vm.run(chunk);
    const ran = vm.steps - before;
    budget -= ran;
    t.quantumLeft -= ran;
    k.steps += ran;
    k.clock.retire(ran);
    switch (stop) {
      case VmStop.OK:
        if (t.quantumLeft <= 0) k.sliceEnd(t);
        break;
      case VmStop.SVC:
        dispatchSvc(k, t);
        k.settle();
        if (k.current === t && t.quantumLeft <= 0) k.sliceEnd(t);
        break;
      case VmStop.BRK:
        k.debugStop(t);
        break;
      case VmStop.FAULT:
        k.faulted(t);
        k.settle();
        break;
      case VmStop.EXIT:
        k.returned(t, vm.stop.code, "returned");
        k.settle();
        break;
    }
  }
}

function done(k: Kernel, reason: RunReason, start: number): RunOutcome {
  return { reason, steps: k.steps - start, clockUs: k.clock.now() };
}

/**
 * Nothing is ready and no timer is pending (conformance exec.run reasons): done when
 * no live task is left, idle when a paused task waits for the host, deadlock when
 * every live task waits on a mailbox (executive.rule.DEADLOCK).
 */
function stopReason(k: Kernel): RunReason {
  if (k.live === 0) return "done";
  let waiting = false;
  for (const t of k.tasks.values()) {
    if (t.state === TaskState.PAUSED) return "idle";
    if (t.state === TaskState.WAIT_MBX) waiting = true;
  }
  if (waiting) return "deadlock";
  throw new ExecutiveInvariantError("live tasks but none ready, paused, waiting or sleeping");
}

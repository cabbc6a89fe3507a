// The executive's core state and the operations that change a task's state: every
// transition (checked against the spec's table), parking and completing mailbox
// waits, sleeping, yielding, preemption, ending a task, and firing timers. The run
// loop (scheduler.ts), the SVC handlers (svc/) and the loader drive it.
import {
  EXECUTIVE,
  MbxStatus,
  PROFILES,
  SwitchReasonWire,
  TaskState,
  VM_ERROR_NAMES,
  type VmError,
  type ProfileInfo,
  type ProfileName,
  type SwitchReasonWireName,
  type TaskStateReasonWireName,
} from "../../generated/ts/index.js";
import { MailboxManager, type Completion } from "../mailbox/index.js";
import { makeClock, type ClockKind, type ExecClock } from "./clock.js";
import { EventBus } from "./events.js";
import { writeRecvInfo } from "./guest.js";
import { ReadyQueues } from "./ready.js";
import { checkTransition, ExecutiveInvariantError, isEnded, stateWire } from "./states.js";
import { HostStdio, type HostStdioMode } from "./stdio.js";
import type { Task, TaskWait, WaitKind } from "./task.js";
import { TimerHeap } from "./timers.js";
import { endWrite, pumpWrite } from "./writes.js";

export interface KernelConfig {
  readonly profile: ProfileName;
  readonly quantum: number;
  readonly instructionsPerMs: number;
  readonly clock: ClockKind;
  /** Publish events (history ring and listeners); false builds none (benchmarks). */
  readonly events: boolean;
  readonly hostStdio: HostStdioMode;
}

type Reason = TaskStateReasonWireName;

export class Kernel {
  readonly profile: ProfileInfo;
  readonly clock: ExecClock;
  readonly bus: EventBus;
  readonly mbx: MailboxManager;
  readonly stdio: HostStdio;
  readonly ready = new ReadyQueues();
  readonly timers = new TimerHeap();
  /** Every task ever loaded, by pid (ended ones included). */
  readonly tasks = new Map<number, Task>();
  readonly quantum: number;
  /** The task on the processor (state RUNNING), or null. */
  current: Task | null = null;
  /** executive constants FIRST_TASK_PID: pids count up and are never reused. */
  nextPid: number = EXECUTIVE.FIRST_TASK_PID;
  /** Tasks loaded and not ended. */
  live = 0;
  /** Instructions retired by every task. */
  steps = 0;

  // The last task that left the processor, for the next scheduler event.
  private leftTask: Task | null = null;
  private leftReason: SwitchReasonWireName = SwitchReasonWire.IDLE;
  private leftQuantum = 0;
  private started = false;
  /** Tasks whose waits completed, in completion order (scratch of completeWaits). */
  private readonly done: Task[] = [];
  private readonly visit: (c: Readonly<Completion>) => void;

  constructor(cfg: KernelConfig) {
    const profile = PROFILES[cfg.profile];
    if (profile === undefined) throw new RangeError(`unknown profile ${String(cfg.profile)}`);
    if (!Number.isSafeInteger(cfg.quantum) || cfg.quantum < 1) throw new RangeError(`quantum must be a positive integer, got ${cfg.quantum}`);
    this.profile = profile;
    this.quantum = cfg.quantum;
    this.clock = makeClock(cfg.clock, cfg.instructionsPerMs);
    this.bus = new EventBus(this.clock, cfg.events ? profile.limits.event_buffer_entries : 0);
    const events = cfg.events;
    const listen = events || cfg.hostStdio !== "none";
    this.mbx = new MailboxManager({
      profile: cfg.profile,
      clock: this.clock,
      onEvent: listen
        ? (e) => {
            if (events) this.bus.mailbox(e);
            if (e.type === "mailbox_send") this.stdio.noteSend(e.data.descriptor);
          }
        : undefined,
    });
    this.stdio = new HostStdio(this.mbx, cfg.hostStdio);
    this.visit = (c) => {
      const t = this.tasks.get(c.pid);
      if (t === undefined || t.wait === null || t.wait.waitId !== c.waitId) {
        throw new ExecutiveInvariantError(`mailbox wait ${c.waitId} of pid ${c.pid} completed but no task waits on it`);
      }
      t.cStatus = c.status;
      t.cLength = c.length;
      t.cFlags = c.flags;
      t.cChannel = c.channel;
      t.cSrcPid = c.srcPid;
      this.done.push(t);
    };
  }

  // ------------------------------------------------------------------ states

  /** A new task appears READY or PAUSED (executive.rule.TASK_LOAD). */
  created(t: Task, state: TaskState): void {
    checkTransition(t.pid, null, state);
    t.state = state;
    if (this.bus.active) this.bus.publish("task_state", t.pid, { prev_state: null, new_state: stateWire(state), reason: "loaded" });
    if (state === TaskState.READY) this.ready.pushTail(t);
  }

  /** Every state change: checked against executive.transitions, reported as task_state. */
  setState(t: Task, to: TaskState, reason: Reason): void {
    const from = t.state;
    if (from === to) return; // a change to itself is allowed and reports nothing
    checkTransition(t.pid, from, to);
    t.state = to;
    if (this.bus.active) this.bus.publish("task_state", t.pid, { prev_state: stateWire(from), new_state: stateWire(to), reason });
  }

  /** executive.rule.SCHEDULING: a task that becomes ready joins the tail of its level. */
  makeReady(t: Task, reason: Reason): void {
    this.setState(t, TaskState.READY, reason);
    this.ready.pushTail(t);
  }

  // ------------------------------------------------------------------ the processor

  /** t leaves the processor; the next scheduler event says why. */
  private leave(t: Task, why: SwitchReasonWireName): void {
    if (this.current !== t) return;
    this.current = null;
    this.leftTask = t;
    this.leftReason = why;
    this.leftQuantum = Math.max(0, t.quantumLeft);
  }

  /**
   * Give the processor to the most urgent ready task (executive.rule.SCHEDULING).
   * executive.rule.SCHEDULER_EVENT: published when the task on the processor changes:
   * prev_pid is the task that left (reason: why it left, quantum_remaining: its slice
   * left), or null with reason start (first dispatch) or idle (nothing was ready);
   * a task that yields and is chosen again reports its task_state changes only.
   */
  dispatch(): Task | null {
    const t = this.ready.popMostUrgent();
    if (t === null) return null;
    if (this.bus.active && this.leftTask !== t) {
      const left = this.leftTask;
      this.bus.publish("scheduler", t.pid, {
        state: "switch",
        prev_pid: left?.pid ?? null,
        next_pid: t.pid,
        reason: left !== null ? this.leftReason : this.started ? SwitchReasonWire.IDLE : SwitchReasonWire.START,
        quantum_remaining: left !== null ? this.leftQuantum : 0,
      });
    }
    this.started = true;
    this.leftTask = null;
    this.setState(t, TaskState.RUNNING, "scheduled");
    t.quantumLeft = this.quantum;
    this.current = t;
    return t;
  }

  /** No task is ready: report the switch to nobody (once). */
  idle(): void {
    const left = this.leftTask;
    if (left === null) return;
    this.leftTask = null;
    if (this.bus.active) {
      this.bus.publish("scheduler", null, { state: "switch", prev_pid: left.pid, next_pid: null, reason: this.leftReason, quantum_remaining: this.leftQuantum });
    }
  }

  /** A ready task is more urgent than priority p. */
  moreUrgentThan(p: number): boolean {
    const u = this.ready.mostUrgent();
    return u >= 0 && u < p;
  }

  /**
   * The running task goes back to READY (preemption, quantum): it joins the tail and
   * gets a fresh slice when it runs again (executive.rule.SCHEDULING).
   */
  preempt(t: Task, why: SwitchReasonWireName): void {
    this.leave(t, why);
    this.makeReady(t, "preempted");
  }

  /** The slice of t ended: round-robin among equals, else a fresh slice (executive.rule.SCHEDULING). */
  sliceEnd(t: Task): void {
    const u = this.ready.mostUrgent();
    if (u >= 0 && u <= t.priority) this.preempt(t, u < t.priority ? SwitchReasonWire.PREEMPTED : SwitchReasonWire.QUANTUM_EXPIRED);
    else t.quantumLeft = this.quantum;
  }

  /** EXEC YIELD: the slice ends; the task stays ready, at the tail. */
  yieldTask(t: Task): void {
    this.leave(t, SwitchReasonWire.YIELD);
    this.makeReady(t, "yield");
  }

  /** executive.rule.SLEEP: SLEEPING until now + ms, with a timer. */
  sleep(t: Task, ms: number): void {
    const deadline = this.clock.now() + ms * 1000;
    t.sleepUntil = deadline;
    this.timers.arm(t, deadline);
    if (this.bus.active) this.bus.publish("sleep_request", t.pid, { ms, deadline });
    this.leave(t, SwitchReasonWire.SLEEP);
    this.setState(t, TaskState.SLEEPING, "sleep");
  }

  /** A host or debugger pause (the task keeps any wait or sleep it has). */
  pause(t: Task, reason: Reason): void {
    this.ready.remove(t);
    this.leave(t, SwitchReasonWire.PAUSED);
    this.setState(t, TaskState.PAUSED, reason);
  }

  /**
   * Resume a paused task. executive.rule.CONTROL: pausing a waiting or sleeping task keeps its wait
   * or sleep running (a completion or deadline while paused is recorded, and the task
   * stays PAUSED); since PAUSED cannot go back to WAIT_MBX or SLEEPING directly, a
   * resumed task still waiting goes PAUSED -> READY -> WAIT_MBX (or SLEEPING).
   */
  resume(t: Task): void {
    this.setState(t, TaskState.READY, "resume");
    if (t.wait !== null) this.setState(t, TaskState.WAIT_MBX, "mailbox_wait");
    else if (t.sleepUntil >= 0) this.setState(t, TaskState.SLEEPING, "sleep");
    else this.ready.pushTail(t);
  }

  // ------------------------------------------------------------------ mailbox waits

  /** The manager's pending wait of t, as the task records it (executive.rule.WAIT_MBX). */
  waitOf(t: Task, kind: WaitKind, infoPtr: number): TaskWait {
    const w = this.mbx.waitOf(t.pid);
    if (w === null) throw new ExecutiveInvariantError(`pid ${t.pid}: a mailbox call is pending but the manager has no wait`);
    return { kind, op: w.op, waitId: w.waitId, descriptor: w.descriptor, handle: w.handle, timeout: w.timeoutMs, deadline: w.deadline, infoPtr };
  }

  /** Record a wait; a finite one arms a timer (executive.rule.TIMERS). */
  park(t: Task, w: TaskWait): void {
    t.wait = w;
    if (w.deadline !== null) this.timers.arm(t, w.deadline);
  }

  /** executive.rule.WAIT_MBX: the running task waits on a mailbox. */
  block(t: Task, w: TaskWait): void {
    this.park(t, w);
    this.waiting(t);
  }

  /** The running task, whose wait is parked, leaves the processor for WAIT_MBX. */
  waiting(t: Task): void {
    this.leave(t, SwitchReasonWire.WAIT_MBX);
    this.setState(t, TaskState.WAIT_MBX, "mailbox_wait");
  }

  /** Finish every completed wait, including those that completing others produced. */
  completeWaits(): void {
    const done = this.done;
    while (this.mbx.completionCount > 0) {
      this.mbx.drainCompletions(this.visit);
      for (let i = 0; i < done.length; i++) this.finishWait(done[i]!);
      done.length = 0;
    }
  }

  /**
   * executive.rule.WAIT_MBX / RECV_INFO / COUNTERS: write the outcome into the task,
   * count it, and make the task READY (a paused task stays paused).
   */
  private finishWait(t: Task): void {
    const w = t.wait!;
    const st = t.cStatus;
    this.timers.disarm(t);
    t.wait = null;
    if (st === MbxStatus.OK) t.mailboxWake++;
    else if (st === MbxStatus.TIMEOUT) t.mailboxTimeout++;
    const r = t.vm.regs;
    if (w.kind === "recv") {
      // The manager already wrote the payload into the task's memory.
      const ok = st === MbxStatus.OK;
      r[0] = st;
      r[1] = ok ? t.cLength : 0;
      r[2] = ok ? t.cFlags : 0;
      r[3] = ok ? t.cChannel : 0;
      r[4] = ok ? t.cSrcPid : 0;
      if (ok || st === MbxStatus.TIMEOUT) writeRecvInfo(t.mem, w.infoPtr, st, r[1]!, r[2]!, r[3]!, r[4]!);
    } else if (w.kind === "send") {
      // executive.rule.WAIT_MBX: a completed send writes SEND's outputs, R0 (status)
      // and R1 (sent), and leaves R2..R4 as they were.
      r[0] = st;
      r[1] = st === MbxStatus.OK ? t.cLength : 0;
    } else {
      const wr = t.write!;
      if (st === MbxStatus.OK) {
        wr.at += t.cLength;
        wr.written += t.cLength;
        if (!pumpWrite(this, t)) return; // waits for room again: still WAIT_MBX
      } else if (st === MbxStatus.MSG_TOO_LARGE) {
        // The stdio mailbox shrank under the waiting chunk: resend it in smaller chunks.
        if (!pumpWrite(this, t)) return;
      } else {
        endWrite(t);
      }
    }
    if (t.state === TaskState.WAIT_MBX) this.makeReady(t, st === MbxStatus.TIMEOUT ? "timeout" : "mailbox_wake");
  }

  // ------------------------------------------------------------------ timers and settling

  /** executive.rule.TIMERS: fire every due timer in (deadline, arming) order. */
  fireTimers(): void {
    const now = this.clock.now();
    for (let t = this.timers.popDue(now); t !== null; t = this.timers.popDue(now)) {
      if (t.sleepUntil >= 0) {
        // executive.rule.SLEEP (R-EXEC-SLEEP-WAKE): sleepers wake on time.
        t.sleepUntil = -1;
        if (this.bus.active) this.bus.publish("sleep_complete", t.pid, {});
        if (t.state === TaskState.SLEEPING) this.makeReady(t, "sleep_wake");
      } else if (t.wait !== null) {
        // Only this task's wait: another due mailbox wait has its own place in the heap.
        if (this.mbx.expireWaitOf(t.pid)) this.completeWaits();
      }
    }
  }

  /** After an SVC or a host operation: finish completed waits and let the host read stdio. */
  settle(): void {
    for (;;) {
      if (this.mbx.completionCount > 0) this.completeWaits();
      if (!this.stdio.flush() && this.mbx.completionCount === 0) return;
    }
  }

  // ------------------------------------------------------------------ task end

  /** RET at call depth 0 (executive.rule.TASK_END): RETURNED with R0 as the exit status. */
  returned(t: Task, status: number, reason: "returned" | "exited"): void {
    t.exitStatus = status >>> 0;
    this.end(t, TaskState.RETURNED, reason);
  }

  /** A VM fault: vm_error, then TERMINATED. */
  faulted(t: Task): void {
    const s = t.vm.stop;
    const code = (s.code >>> 0) as VmError;
    t.fault = code;
    if (this.bus.active) this.bus.publish("vm_error", t.pid, { pc: s.pc >>> 0, code, fault: VM_ERROR_NAMES[code] ?? "UNKNOWN" });
    this.end(t, TaskState.TERMINATED, "fault");
  }

  /** BRK: debug_stop, then PAUSED; resuming continues after the BRK. */
  debugStop(t: Task): void {
    const s = t.vm.stop;
    if (this.bus.active) this.bus.publish("debug_stop", t.pid, { reason: "brk", pc: s.pc >>> 0, next_pc: t.vm.pc >>> 0, code: s.brkCode });
    this.pause(t, "debug_break");
  }

  /**
   * executive.rule.TASK_END: the task leaves every queue, the host reads what is left
   * of its output and lets go of it, and the manager's taskExit releases the task's
   * waits, handles and holds before any other task runs.
   */
  end(t: Task, to: TaskState, reason: Reason): void {
    if (isEnded(t.state)) {
      this.setState(t, to, reason); // RETURNED -> KILLED/TERMINATED: nothing is left to release
      return;
    }
    this.ready.remove(t);
    this.timers.disarm(t);
    this.leave(t, SwitchReasonWire.ENDED);
    this.setState(t, to, reason);
    this.live--;
    t.wait = null;
    t.write = null;
    t.sleepUntil = -1;
    this.stdio.detach(t.pid);
    this.mbx.taskExit(t.pid);
  }
}

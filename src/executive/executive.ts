// The reference executive: loads HXE images as tasks, schedules them on MiniVMs,
// services their SVCs, drives the mailbox manager and publishes the event stream
// (spec/executive.yaml). This class is the host's view: every operation of the
// conformance executive level (exec.load/run/tasks/output/input/control/read/
// mailboxes/transition) is one method here.
import { EXECUTIVE, MAILBOX, MbxMode, MbxStatus, TaskState, type ProfileName, type TaskStateWireName } from "../../generated/ts/index.js";
import type { MailboxSnapshot } from "../../generated/ts/types/mailbox-snapshot.js";
import type { MailboxStats } from "../../generated/ts/types/mailbox-stats.js";
import type { HxeImage } from "../hxe/index.js";
import type { ClockKind } from "./clock.js";
import type { ExecEvent, ExecEventListener } from "./events.js";
import { Kernel } from "./kernel.js";
import { loadImage, loadParsed, type LoadOptions, type LoadResult } from "./loader.js";
import { runScheduler, type RunOutcome } from "./scheduler.js";
import { isEnded, parseState, stateWire, transitionAllowed } from "./states.js";
import type { HostStdioMode, OutputListener, OutputStream } from "./stdio.js";
import type { Task } from "./task.js";

export interface ExecutiveOptions {
  /** Resource profile (default desktop). */
  readonly profile?: ProfileName;
  /** Instructions per time slice (default DEFAULT_QUANTUM). */
  readonly quantum?: number;
  /** Virtual clock rate (default DEFAULT_INSTRUCTIONS_PER_MS). */
  readonly instructionsPerMs?: number;
  /** "virtual" (default, deterministic) or "wall". */
  readonly clock?: ClockKind;
  /** Publish events (default true); false for raw speed: no history, no listeners. */
  readonly events?: boolean;
  /** How the host treats each task's stdout/stderr (default "read"). */
  readonly hostStdio?: HostStdioMode;
}

/** One task as the host sees it (conformance record exec_task). */
export interface TaskInfo {
  readonly pid: number;
  readonly app: string | null;
  readonly state: TaskStateWireName;
  readonly priority: number;
  readonly pc: number;
  readonly exitStatus: number | null;
  readonly fault: number | null;
  readonly steps: number;
  readonly mailboxStep: number;
  readonly mailboxWake: number;
  readonly mailboxTimeout: number;
}

export interface TaskRead {
  readonly regs: number[];
  readonly pc: number;
  readonly sp: number;
  readonly psw: number;
  readonly bytes: Uint8Array;
}

/** A task waiting on a mailbox (executive.rule.DEADLOCK names each with its mailbox). */
export interface WaitingTask {
  readonly pid: number;
  readonly app: string | null;
  readonly op: "recv" | "send";
  readonly descriptor: number;
  readonly handle: number;
  /** The descriptor's canonical target, or null if it is gone. */
  readonly target: string | null;
  readonly deadline: number | null;
}

export type ControlAction = "pause" | "resume" | "kill";

export class Executive {
  private readonly k: Kernel;

  constructor(opts: ExecutiveOptions = {}) {
    this.k = new Kernel({
      profile: opts.profile ?? "desktop",
      quantum: opts.quantum ?? EXECUTIVE.DEFAULT_QUANTUM,
      instructionsPerMs: opts.instructionsPerMs ?? EXECUTIVE.DEFAULT_INSTRUCTIONS_PER_MS,
      clock: opts.clock ?? "virtual",
      events: opts.events ?? true,
      hostStdio: opts.hostStdio ?? "read",
    });
  }

  get profile(): ProfileName {
    return this.k.profile.name;
  }

  /** The executive clock in µs. */
  get clockUs(): number {
    return this.k.clock.now();
  }

  // ------------------------------------------------------------------ loading and running

  /** exec.load: read an HXE image and load it as a task. */
  load(bytes: Uint8Array, opts: LoadOptions = {}): LoadResult {
    const r = loadImage(this.k, bytes, opts);
    this.k.settle();
    return r;
  }

  /** Load an already parsed image. */
  loadImage(image: HxeImage, opts: LoadOptions = {}): LoadResult {
    const r = loadParsed(this.k, image, opts);
    this.k.settle();
    return r;
  }

  /** exec.run: until maxSteps instructions retired, or no task can run. */
  run(maxSteps: number): RunOutcome {
    if (!Number.isSafeInteger(maxSteps) || maxSteps < 0) throw new RangeError(`maxSteps must be a non-negative integer, got ${maxSteps}`);
    return runScheduler(this.k, maxSteps);
  }

  // ------------------------------------------------------------------ inspection

  /** exec.tasks: every task, loaded or ended, by pid. */
  tasks(): TaskInfo[] {
    return [...this.k.tasks.values()].map(info);
  }

  task(pid: number): TaskInfo | null {
    const t = this.k.tasks.get(pid);
    return t === undefined ? null : info(t);
  }

  /** exec.read: registers and memory (cut at the top of memory); null for an unknown pid. */
  read(pid: number, addr: number, len: number): TaskRead | null {
    const t = this.k.tasks.get(pid);
    if (t === undefined) return null;
    const from = addr & 0xffff;
    const vm = t.vm;
    return { regs: [...vm.regs], pc: vm.pc >>> 0, sp: vm.sp >>> 0, psw: vm.psw, bytes: t.mem.slice(from, Math.min(from + len, t.mem.length)) };
  }

  /** exec.mailboxes: the manager's stats and snapshot. */
  mailboxSnapshot(): { stats: MailboxStats; descriptors: MailboxSnapshot } {
    return { stats: this.k.mbx.stats(), descriptors: this.k.mbx.snapshot() };
  }

  /** exec.transition: may a task go from `from` (NONE: a new task) to `to`? Unknown names: false. */
  transitionAllowed(from: string, to: string): boolean {
    const f = parseState(from);
    const t = parseState(to);
    if (f === undefined || t === undefined || t === null) return false;
    return transitionAllowed(f, t);
  }

  /** Tasks waiting on a mailbox, with their mailbox (the deadlock report). */
  waiting(): WaitingTask[] {
    const targets = new Map(this.k.mbx.snapshot().map((d) => [d.descriptor_id, d.target]));
    const out: WaitingTask[] = [];
    for (const t of this.k.tasks.values()) {
      const w = t.wait;
      if (w === null || isEnded(t.state)) continue;
      out.push({ pid: t.pid, app: t.app, op: w.op, descriptor: w.descriptor, handle: w.handle, target: targets.get(w.descriptor) ?? null, deadline: w.deadline });
    }
    return out;
  }

  // ------------------------------------------------------------------ events

  /** Receive every event as it is published; returns the unsubscribe function. */
  onEvent(listener: ExecEventListener): () => void {
    return this.k.bus.subscribe(listener);
  }

  /** The last event_buffer_entries events. */
  history(): ExecEvent[] {
    return this.k.bus.history();
  }

  // ------------------------------------------------------------------ stdio (the host side)

  /** Receive each chunk of task output as the host reads it. */
  set onOutput(listener: OutputListener | null) {
    this.k.stdio.onOutput = listener;
  }

  /** exec.output: the bytes a task wrote to stdout or stderr since the last call. */
  output(pid: number, stream: OutputStream): Uint8Array {
    const bytes = this.k.stdio.take(pid, stream);
    this.k.settle();
    return bytes;
  }

  /** Watch a stream through a tap (stealing nothing from other readers) or read it again. */
  tapOutput(pid: number, stream: OutputStream, on: boolean): number {
    const st = this.k.stdio.setTap(pid, stream, on);
    this.k.settle();
    return st;
  }

  /**
   * exec.input: send bytes to a task's stdin mailbox as the host (one message).
   * A pid that is not a live task answers INVALID_HANDLE (conformance.op.exec.input):
   * its stdin is gone, and opening it would create a descriptor nobody reads.
   */
  input(pid: number, data: Uint8Array): number {
    const t = this.k.tasks.get(pid);
    if (t === undefined || isEnded(t.state)) return MbxStatus.INVALID_HANDLE;
    const mbx = this.k.mbx;
    let st: number = mbx.open(EXECUTIVE.HOST_PID, `${MAILBOX.STDIO_IN}@${pid}`, MbxMode.WRONLY);
    if (st === MbxStatus.OK) {
      const h = mbx.out.handle;
      st = mbx.send(EXECUTIVE.HOST_PID, h, data, 0, data.length, 0, 0, MAILBOX.TIMEOUT_POLL);
      mbx.close(EXECUTIVE.HOST_PID, h);
    }
    this.k.settle();
    return st;
  }

  // ------------------------------------------------------------------ control

  /**
   * exec.control: false when the task does not exist or the action is not allowed in
   * its state. executive.rule.CONTROL: resume is allowed only from PAUSED; pause of a paused task and
   * kill of a killed one are allowed and change nothing; kill of a RETURNED task is
   * allowed (the table allows RETURNED -> KILLED) and only changes its state.
   */
  control(pid: number, action: ControlAction): boolean {
    const k = this.k;
    const t = k.tasks.get(pid);
    if (t === undefined) return false;
    const s = t.state;
    let ok = true;
    if (action === "pause") {
      if (s === TaskState.PAUSED) ok = true;
      else if (isEnded(s)) ok = false;
      else k.pause(t, "user_pause");
    } else if (action === "resume") {
      if (s === TaskState.PAUSED) k.resume(t);
      else ok = false;
    } else {
      if (s === TaskState.KILLED) ok = true;
      else if (!transitionAllowed(s, TaskState.KILLED)) ok = false;
      else k.end(t, TaskState.KILLED, "killed");
    }
    k.settle();
    return ok;
  }
}

function info(t: Task): TaskInfo {
  return {
    pid: t.pid,
    app: t.app,
    state: stateWire(t.state),
    priority: t.priority,
    pc: t.vm.pc >>> 0,
    exitStatus: t.exitStatus,
    fault: t.fault,
    steps: t.vm.steps,
    mailboxStep: t.mailboxStep,
    mailboxWake: t.mailboxWake,
    mailboxTimeout: t.mailboxTimeout,
  };
}

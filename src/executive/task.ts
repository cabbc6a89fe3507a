// One task: its MiniVM with its own 64 KiB memory (executive.rule.TASK_LOAD), its
// state, its counters, and what it is blocked on. The scheduler's intrusive links
// (ready queue, timer heap) live here too, so scheduling allocates nothing.
import { EXECUTIVE, ISA, TaskState, type TaskState as TaskStateT } from "../../generated/ts/index.js";
import type { HxeImage } from "../hxe/index.js";
import type { WaitOp } from "../mailbox/index.js";
import { MiniVM } from "../vm/index.js";

/** What a task in WAIT_MBX waits for (executive.rule.WAIT_MBX). */
export type WaitKind =
  /** MAILBOX RECV: on completion R0..R4, the payload (already written) and the info record. */
  | "recv"
  /** MAILBOX SEND with a send timeout: on completion R0 (status) and R1 (sent). */
  | "send"
  /** FS WRITE / UART_WRITE to a stdio mailbox waiting for room for its next chunk. */
  | "write";

export interface TaskWait {
  readonly kind: WaitKind;
  readonly op: WaitOp;
  readonly waitId: number;
  readonly descriptor: number;
  readonly handle: number;
  /** Milliseconds; TIMEOUT_INFINITE for none. */
  readonly timeout: number;
  /** Microseconds on the executive clock; null for an infinite wait. */
  readonly deadline: number | null;
  /** RECV: where the info record goes (0: none). */
  readonly infoPtr: number;
}

/** A stdio write in progress (svc FS WRITE, TASK UART_WRITE). */
export interface StdioWrite {
  readonly fd: number;
  readonly handle: number;
  readonly flags: number;
  /** Next byte to send and the end of the source (both within memory). */
  at: number;
  readonly end: number;
  written: number;
}

/** The three stdio streams in fd order (executive.rule.TASK_STDIO). */
export const STDIO_STREAMS = ["in", "out", "err"] as const;
export type StdioStream = (typeof STDIO_STREAMS)[number];

export class Task {
  state: TaskStateT = TaskState.READY;
  readonly vm: MiniVM;
  readonly mem: Uint8Array;

  /** Instructions left in the current slice (valid while RUNNING). */
  quantumLeft = 0;
  exitStatus: number | null = null;
  fault: number | null = null;

  // executive.rule.COUNTERS
  mailboxStep = 0;
  mailboxWake = 0;
  mailboxTimeout = 0;

  /** A pending mailbox wait; may outlive WAIT_MBX while the task is PAUSED. */
  wait: TaskWait | null = null;
  /** A pending sleep deadline (µs), or -1; may outlive SLEEPING while the task is PAUSED. */
  sleepUntil = -1;
  /** A stdio write that has more chunks to send. */
  write: StdioWrite | null = null;

  // The completion of the task's wait, copied out of the manager's reused record.
  cStatus = 0;
  cLength = 0;
  cFlags = 0;
  cChannel = 0;
  cSrcPid = 0;

  /** fds 0, 1, 2 → the task's stdio handles (executive.rule.TASK_STDIO). */
  readonly fdHandles: number[] = [0, 0, 0];
  /** Descriptor ids of svc:stdio.in/out/err of this task. */
  readonly stdioDescriptors: number[] = [0, 0, 0];
  /** Largest payload one message to each stdio mailbox can carry (capacity - 8). */
  readonly stdioChunk: number[] = [0, 0, 0];

  // --- ready queue links (scheduler.ts) ---
  qNext: Task | null = null;
  qPrev: Task | null = null;
  queued = false;

  // --- timer heap (timers.ts) ---
  timerDeadline = 0;
  timerSeq = 0;
  heapIndex = -1;

  constructor(
    readonly pid: number,
    readonly app: string | null,
    readonly priority: number,
    image: HxeImage,
    stackBytes: number,
  ) {
    this.mem = taskMemory(image.rodata);
    // executive.rule.TASK_LOAD: registers at TASK_REG_BASE, SP = TASK_STACK_TOP,
    // stack limit TASK_STACK_TOP - task_stack_bytes, pc = entry, call depth 0.
    this.vm = new MiniVM({
      code: image.code,
      mem: this.mem,
      regBase: EXECUTIVE.TASK_REG_BASE,
      pc: image.entry,
      sp: EXECUTIVE.TASK_STACK_TOP,
      stackLimit: Math.max(0, EXECUTIVE.TASK_STACK_TOP - stackBytes),
    });
  }
}

/** Fresh 64 KiB memory with rodata at RODATA_BASE, cut at the top of memory. */
export function taskMemory(rodata: Uint8Array): Uint8Array {
  const mem = new Uint8Array(ISA.MEM_SIZE);
  mem.set(rodata.subarray(0, ISA.MEM_SIZE - ISA.RODATA_BASE), ISA.RODATA_BASE);
  return mem;
}

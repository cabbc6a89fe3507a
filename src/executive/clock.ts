// The executive clock, in integer microseconds (events.envelope ts, mailbox deadlines).
//
// executive.rule.VIRTUAL_CLOCK: the default clock is virtual. It advances by 1 ms per
// instructions_per_ms retired instructions and jumps to the earliest deadline when no
// task is ready, so runs are deterministic (executive.rule.DETERMINISM). The wall
// clock is one implementation of the same interface for interactive runs.

export type ClockKind = "virtual" | "wall";

export interface ExecClock {
  readonly kind: ClockKind;
  /** Microseconds since the executive started; never decreases. */
  now(): number;
  /** `steps` instructions retired. */
  retire(steps: number): void;
  /**
   * Nothing can run before `deadline` (µs): the virtual clock jumps there, the wall
   * clock waits for it in real time.
   */
  idleUntil(deadline: number): void;
  /**
   * How many instructions may retire before the clock reaches `deadline`, at least
   * 1; Infinity when retiring instructions does not move the clock.
   */
  stepsUntil(deadline: number): number;
}

/**
 * executive.rule.VIRTUAL_CLOCK. now = base + floor(steps * 1000 / ipm), with `steps`
 * counted since the last jump, so a rate that does not divide 1000 loses nothing.
 */
export class VirtualClock implements ExecClock {
  readonly kind = "virtual";
  private base = 0;
  private steps = 0;
  private cached = 0;

  constructor(readonly instructionsPerMs: number) {
    if (!Number.isSafeInteger(instructionsPerMs) || instructionsPerMs < 1) throw new RangeError(`instructions_per_ms must be a positive integer, got ${instructionsPerMs}`);
  }

  now(): number {
    return this.cached;
  }

  retire(steps: number): void {
    this.steps += steps;
    this.cached = this.base + Math.floor((this.steps * 1000) / this.instructionsPerMs);
  }

  idleUntil(deadline: number): void {
    if (deadline <= this.cached) return;
    this.base = deadline;
    this.steps = 0;
    this.cached = deadline;
  }

  stepsUntil(deadline: number): number {
    const need = deadline - this.base;
    if (need <= 0) return 1;
    // Least s with floor(s * 1000 / ipm) >= need is ceil(need * ipm / 1000).
    const target = Math.ceil((need * this.instructionsPerMs) / 1000);
    return Math.max(1, target - this.steps);
  }
}

/** Real time from a monotonic source; idling blocks the thread until the deadline. */
export class WallClock implements ExecClock {
  readonly kind = "wall";
  private readonly t0: number;
  private last = 0;
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly source: () => number = () => performance.now()) {
    this.t0 = source();
  }

  now(): number {
    const t = Math.floor((this.source() - this.t0) * 1000);
    if (t > this.last) this.last = t;
    return this.last;
  }

  retire(): void {}

  idleUntil(deadline: number): void {
    for (let wait = deadline - this.now(); wait > 0; wait = deadline - this.now()) {
      Atomics.wait(this.cell, 0, 0, Math.max(1, Math.ceil(wait / 1000)));
    }
  }

  stepsUntil(): number {
    return Infinity;
  }
}

export function makeClock(kind: ClockKind, instructionsPerMs: number): ExecClock {
  return kind === "wall" ? new WallClock() : new VirtualClock(instructionsPerMs);
}

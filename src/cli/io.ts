/** Where a command writes; tests pass their own to capture output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (progress bars, colour). */
  readonly tty: boolean;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  tty: Boolean(process.stdout.isTTY),
};

/** Exit codes shared by every command. */
export const EXIT = {
  OK: 0,
  /** The check the command performs failed (lint errors, drift, failed certification). */
  FAILED: 1,
  /** Bad usage, unreadable input, or a harness error. */
  USAGE: 2,
} as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}

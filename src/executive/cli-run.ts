// `hsx-kit run a.hxe [b.hxe …]` on the executive: load every image as a task, run
// them until they end, print each task's stdout/stderr line by line prefixed by the
// task, then each task's outcome, and a diagnosis when the run deadlocks, faults or
// runs out of steps. src/cli/commands/run.ts calls runImages for several images.
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { HXE_ERROR_NAMES, LOAD_ERROR_NAMES, MBX_STATUS_NAMES, PROFILES, VM_ERROR_NAMES, type ProfileName } from "../../generated/ts/index.js";
import { EXIT, UsageError, type Io } from "../cli/io.js";
import type { ClockKind } from "./clock.js";
import { Executive, type TaskInfo } from "./executive.js";
import type { OutputStream } from "./stdio.js";

export interface RunImagesOptions {
  readonly profile?: ProfileName;
  readonly quantum?: number;
  readonly instructionsPerMs?: number;
  /** Instruction budget over all tasks (default 100 M). */
  readonly maxSteps?: number;
  /** Write every event as one JSON line to this file. */
  readonly eventsFile?: string | null;
  readonly clock?: ClockKind;
}

export const DEFAULT_RUN_STEPS = 100_000_000;

const hex = (n: number, w: number): string => `0x${(n >>> 0).toString(16).toUpperCase().padStart(w, "0")}`;

/** Line-buffers each task's output and prints complete lines with the task's label. */
class OutputPrinter {
  private readonly pending = new Map<string, { decoder: InstanceType<typeof TextDecoder>; text: string }>();

  constructor(
    private readonly io: Io,
    private readonly label: (pid: number) => string,
  ) {}

  write(pid: number, stream: OutputStream, bytes: Uint8Array): void {
    const key = `${pid}:${stream}`;
    let p = this.pending.get(key);
    if (p === undefined) this.pending.set(key, (p = { decoder: new TextDecoder("utf-8"), text: "" }));
    p.text += p.decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = p.text.indexOf("\n")) >= 0) {
      this.line(pid, stream, p.text.slice(0, nl));
      p.text = p.text.slice(nl + 1);
    }
  }

  /** Print what is left of every stream (lines without their newline). */
  flush(): void {
    for (const [key, p] of this.pending) {
      const [pid, stream] = key.split(":") as [string, OutputStream];
      const rest = p.text + p.decoder.decode();
      if (rest !== "") this.line(Number(pid), stream, rest);
      p.text = "";
    }
  }

  private line(pid: number, stream: OutputStream, text: string): void {
    if (stream === "out") this.io.out(`[${this.label(pid)}] ${text}\n`);
    else this.io.err(`[${this.label(pid)}!] ${text}\n`);
  }
}

function outcome(t: TaskInfo): string {
  switch (t.state) {
    case "returned":
      return `exit ${t.exitStatus}`;
    case "terminated":
      return `fault ${VM_ERROR_NAMES[t.fault!] ?? "?"} (${hex(t.fault!, 8)}) at pc ${hex(t.pc, 4)}`;
    case "killed":
      return "killed";
    default:
      return `${t.state} at pc ${hex(t.pc, 4)}`;
  }
}

/** Bad options are usage errors (main() prints them with the command's usage). */
function checkOptions(paths: readonly string[], o: RunImagesOptions): void {
  if (paths.length === 0) throw new UsageError("name at least one image");
  if (o.profile !== undefined && !(o.profile in PROFILES)) throw new UsageError(`--profile must be one of ${Object.keys(PROFILES).join(", ")}, got "${o.profile}"`);
  const positive = (v: number | undefined, name: string) => {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 1)) throw new UsageError(`--${name} must be a positive integer, got ${v}`);
  };
  positive(o.quantum, "quantum");
  positive(o.instructionsPerMs, "instructions-per-ms");
  if (o.maxSteps !== undefined && (!Number.isSafeInteger(o.maxSteps) || o.maxSteps < 0)) throw new UsageError(`--max-steps must be a non-negative integer, got ${o.maxSteps}`);
  if (o.clock !== undefined && o.clock !== "virtual" && o.clock !== "wall") throw new UsageError(`--clock must be virtual or wall, got "${String(o.clock)}"`);
}

/**
 * Run the images as tasks of one executive; the exit code is 0 when every task
 * returned, 1 when one faulted or was killed, or the run deadlocked, idled or ran out
 * of steps, 2 when an image cannot be read. Bad options throw UsageError.
 */
export async function runImages(paths: readonly string[], options: RunImagesOptions, io: Io): Promise<number> {
  checkOptions(paths, options);
  const images: Uint8Array[] = [];
  for (const p of paths) {
    try {
      images.push(readFileSync(p));
    } catch (e) {
      io.err(`hsx-kit run: cannot read ${p}: ${(e as Error).message}\n`);
      return EXIT.USAGE;
    }
  }
  const eventsFd = options.eventsFile ? openSync(options.eventsFile, "w") : null;
  try {
    const exec = new Executive({
      ...(options.profile !== undefined ? { profile: options.profile } : {}),
      ...(options.quantum !== undefined ? { quantum: options.quantum } : {}),
      ...(options.instructionsPerMs !== undefined ? { instructionsPerMs: options.instructionsPerMs } : {}),
      clock: options.clock ?? "virtual",
      events: eventsFd !== null,
      hostStdio: "read",
    });
    if (eventsFd !== null) exec.onEvent((e) => void writeSync(eventsFd, JSON.stringify(e) + "\n"));
    const labels = new Map<number, string>();
    const label = (pid: number) => labels.get(pid) ?? `${pid}`;
    const printer = new OutputPrinter(io, label);
    exec.onOutput = (pid, stream, bytes) => printer.write(pid, stream, bytes);

    for (let i = 0; i < images.length; i++) {
      const r = exec.load(images[i]!);
      if (!r.ok) {
        const why = r.hxeError !== null ? ` ${HXE_ERROR_NAMES[r.hxeError] ?? r.hxeError}` : r.mbxStatus !== null ? ` ${MBX_STATUS_NAMES[r.mbxStatus] ?? r.mbxStatus}` : "";
        io.err(`hsx-kit run: ${paths[i]}: load refused: ${LOAD_ERROR_NAMES[r.error]}${why} (${r.message})\n`);
        return EXIT.FAILED;
      }
      labels.set(r.pid, r.app === null ? `${r.pid}` : `${r.pid}:${r.app}`);
    }

    const maxSteps = options.maxSteps ?? DEFAULT_RUN_STEPS;
    const run = exec.run(maxSteps);
    printer.flush();

    const tasks = exec.tasks();
    for (const t of tasks) io.err(`[${label(t.pid)}] ${outcome(t)}\n`);
    const at = `${run.steps} steps, ${(run.clockUs / 1000).toFixed(3)} ms ${options.clock ?? "virtual"}`;
    switch (run.reason) {
      case "done":
        io.err(`all tasks ended (${at})\n`);
        break;
      case "deadlock":
        io.err(`deadlock: no task can run and no timer is pending (${at})\n`);
        for (const w of exec.waiting()) {
          io.err(`  ${label(w.pid)} waits to ${w.op} on ${w.target ?? "?"} (descriptor ${w.descriptor}, handle ${w.handle})\n`);
        }
        break;
      case "idle":
        io.err(`idle: every live task is paused or blocked (${at})\n`);
        for (const t of tasks) if (t.state === "paused") io.err(`  ${label(t.pid)} is paused at pc ${hex(t.pc, 4)}\n`);
        break;
      case "steps":
        io.err(`step limit ${maxSteps} reached (${at})\n`);
        break;
    }
    const clean = run.reason === "done" && tasks.every((t) => t.state === "returned");
    return clean ? EXIT.OK : EXIT.FAILED;
  } finally {
    if (eventsFd !== null) closeSync(eventsFd);
  }
}


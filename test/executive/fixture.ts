// Shared fixture for the executive tests: assemble MVASM into HXE bytes, and an
// Executive whose every event is checked against the generated schema and the
// envelope rules (seq from 1 without gaps, ts never decreasing) as it is published.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProfileName } from "../../generated/ts/index.js";
import { validateHsxEvent } from "../../generated/validators/index.js";
import { assemble } from "../../src/asm/index.js";
import { Executive, type ExecEvent, type ExecutiveOptions } from "../../src/executive/index.js";
import { REPO_ROOT } from "../helpers.js";

export const EXAMPLES = join(REPO_ROOT, "examples");

/** Assemble one MVASM source (with `.include`s relative to `file`) into HXE bytes. */
export function asm(text: string, appName = "t", file = join(EXAMPLES, "inline.mvasm"), singleInstance = false): Uint8Array {
  return assemble([{ name: file, text }], { appName, singleInstance }).bytes;
}

/** Assemble an example file, named after its stem as `hsx-kit asm -o stem.hxe` would. */
export function example(rel: string): Uint8Array {
  const file = join(EXAMPLES, rel);
  const stem = rel.replace(/^.*\//, "").replace(/\.mvasm$/, "");
  return asm(readFileSync(file, "utf8"), stem, file);
}

/** A program: `body` between an entry label and the helper library. */
export function program(body: string, data = ""): string {
  return `.text\n.entry main\nmain:\n${body}\n.data\n${data}\n.include "lib.mvasm"\n`;
}

export type EventOf<T extends ExecEvent["type"]> = Extract<ExecEvent, { type: T }>;

export class ExecFixture {
  readonly exec: Executive;
  readonly events: ExecEvent[] = [];
  private lastSeq = 0;
  private lastTs = 0;

  constructor(opts: ExecutiveOptions = {}) {
    this.exec = new Executive(opts);
    this.exec.onEvent((e) => this.record(e));
  }

  static profile(profile: ProfileName, opts: ExecutiveOptions = {}): ExecFixture {
    return new ExecFixture({ ...opts, profile });
  }

  private record(e: ExecEvent): void {
    if (!validateHsxEvent(e)) throw new Error(`event fails its schema: ${JSON.stringify(e)} ${JSON.stringify(validateHsxEvent.errors)}`);
    if (e.seq !== this.lastSeq + 1) throw new Error(`event seq ${e.seq} after ${this.lastSeq}`); // events.rule.EVENT_SEQ
    if (e.ts < this.lastTs) throw new Error(`event ts ${e.ts} before ${this.lastTs}`);
    this.lastSeq = e.seq;
    this.lastTs = e.ts;
    this.events.push(e);
  }

  /** Load, expecting success; returns the pid. */
  load(bytes: Uint8Array, opts: Parameters<Executive["load"]>[1] = {}): number {
    const r = this.exec.load(bytes, opts);
    if (!r.ok) throw new Error(`load refused: ${JSON.stringify(r)}`);
    return r.pid;
  }

  /** Load inline source. */
  loadSource(body: string, data = "", app = "t", opts: Parameters<Executive["load"]>[1] = {}): number {
    return this.load(asm(program(body, data), app), opts);
  }

  run(maxSteps = 10_000_000): ReturnType<Executive["run"]> {
    return this.exec.run(maxSteps);
  }

  /** Events published since the last take(). */
  take(): ExecEvent[] {
    return this.events.splice(0);
  }

  ofType<T extends ExecEvent["type"]>(type: T, events: readonly ExecEvent[] = this.events): EventOf<T>[] {
    return events.filter((e): e is EventOf<T> => e.type === type);
  }

  /** task_state changes of a pid as "prev>new:reason". */
  states(pid: number, events: readonly ExecEvent[] = this.events): string[] {
    return this.ofType("task_state", events)
      .filter((e) => e.pid === pid)
      .map((e) => `${e.data.prev_state ?? "none"}>${e.data.new_state}:${e.data.reason}`);
  }

  text(pid: number, stream: "out" | "err" = "out"): string {
    return new TextDecoder().decode(this.exec.output(pid, stream));
  }

  reg(pid: number, i: number): number {
    return this.exec.read(pid, 0, 0)!.regs[i]!;
  }

  mem(pid: number, addr: number, len: number): Uint8Array {
    return this.exec.read(pid, addr, len)!.bytes;
  }
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The whole event stream as JSON lines. */
export function jsonl(events: readonly ExecEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}

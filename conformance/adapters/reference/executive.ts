import type { ProfileName } from "../../../generated/ts/index.js";
import { Executive, type ClockKind, type ExecEvent, type ExecutiveOptions } from "../../../src/executive/index.js";
import { fromHex, toHex } from "../hex.js";
import { num, type Instance } from "./instance.js";

/** Level options of `new` for the executive (conformance command new: quantum, clock, instructions_per_ms). */
export function executiveOptions(profile: ProfileName, config: Record<string, unknown>): ExecutiveOptions {
  const positive = (name: string): number | undefined => {
    const v = config[name];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) throw new RangeError(`config.${name} must be a positive integer, got ${JSON.stringify(v)}`);
    return v;
  };
  const clock = config.clock;
  if (clock !== undefined && clock !== "virtual" && clock !== "wall") throw new RangeError(`config.clock must be "virtual" or "wall", got ${JSON.stringify(clock)}`);
  const quantum = positive("quantum");
  const ipm = positive("instructions_per_ms");
  return {
    profile,
    ...(quantum !== undefined ? { quantum } : {}),
    ...(ipm !== undefined ? { instructionsPerMs: ipm } : {}),
    clock: (clock as ClockKind | undefined) ?? "virtual",
  };
}

/**
 * The executive level over the reference executive. Every result also carries
 * `events`: the envelopes published during the operation, in order.
 */
export class ExecutiveInstance implements Instance {
  private readonly exec: Executive;
  private events: ExecEvent[] = [];

  constructor(profile: ProfileName, config: Record<string, unknown> = {}) {
    this.exec = new Executive({ ...executiveOptions(profile, config), events: true, hostStdio: "read" });
    this.exec.onEvent((e) => void this.events.push(e));
  }

  call(op: string, args: Record<string, unknown>): Record<string, unknown> | null {
    const x = this.exec;
    let result: Record<string, unknown>;
    switch (op) {
      case "exec.load": {
        const r = x.load(fromHex(args.image), {
          paused: args.paused === true,
          ...(args.priority !== undefined ? { priority: num(args, "priority") } : {}),
        });
        result = r.ok ? { error: null, hxe_error: null, mbx_status: null, pid: r.pid } : { error: r.error, hxe_error: r.hxeError, mbx_status: r.mbxStatus, pid: null };
        break;
      }
      case "exec.run": {
        const r = x.run(num(args, "max_steps"));
        result = { reason: r.reason, steps: r.steps, clock_us: r.clockUs };
        break;
      }
      case "exec.tasks":
        result = {
          tasks: x.tasks().map((t) => ({
            pid: t.pid,
            app: t.app,
            state: t.state,
            priority: t.priority,
            pc: t.pc,
            exit_status: t.exitStatus,
            fault: t.fault,
            steps: t.steps,
            mailbox_step: t.mailboxStep,
            mailbox_wake: t.mailboxWake,
            mailbox_timeout: t.mailboxTimeout,
          })),
        };
        break;
      case "exec.output":
        result = { data: toHex(x.output(num(args, "pid"), args.stream as "out" | "err")) };
        break;
      case "exec.input":
        result = { status: x.input(num(args, "pid"), fromHex(args.data)) };
        break;
      case "exec.control":
        result = { ok: x.control(num(args, "pid"), args.action as "pause" | "resume" | "kill") };
        break;
      case "exec.read": {
        const r = x.read(num(args, "pid"), num(args, "addr"), num(args, "len"));
        result = r === null ? { regs: [], pc: 0, sp: 0, psw: 0, hex: "" } : { regs: r.regs, pc: r.pc, sp: r.sp, psw: r.psw, hex: toHex(r.bytes) };
        break;
      }
      case "exec.mailboxes": {
        const m = x.mailboxSnapshot();
        result = { stats: m.stats, descriptors: m.descriptors };
        break;
      }
      case "exec.history": {
        // executive.rule.EVENT_HISTORY
        const h = x.history();
        result = { kept: h.length, oldest_seq: h[0]?.seq ?? null, newest_seq: h[h.length - 1]?.seq ?? null, history: h };
        break;
      }
      case "exec.transition":
        result = { allowed: x.transitionAllowed(args.from as string, args.to as string) };
        break;
      default:
        return null;
    }
    result.events = this.events;
    this.events = [];
    return result;
  }
}

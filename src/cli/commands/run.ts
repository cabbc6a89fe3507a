import { INSN_FIELDS, ISA, Op, PSW_FLAG_NAMES, SVC_FUNCTIONS, SvcModule, VM_ERROR_NAMES } from "../../../generated/ts/index.js";
import { formatInstruction } from "../../asm/index.js";
import { loadHxeFile, type HxeImage } from "../../hxe/index.js";
import { runStandalone, type StandaloneResult, type TraceChange, type TraceStep } from "../../vm/index.js";
import { runImages } from "../../executive/cli-run.js";
import type { ProfileName } from "../../../generated/ts/index.js";
import { intOption, parse } from "../args.js";
import { EXIT, UsageError, type Command, type Io } from "../io.js";

export const DEFAULT_MAX_STEPS = 100_000_000;

const hex = (n: number, w: number): string => (n >>> 0).toString(16).toUpperCase().padStart(w, "0");

function flags(psw: number): string {
  const names = Object.entries(PSW_FLAG_NAMES)
    .filter(([bit]) => psw & Number(bit))
    .map(([, n]) => n)
    .join("");
  return names || "-";
}

function change(c: TraceChange): string {
  if (c.name === "PSW") return `PSW [${flags(c.before)}]->[${flags(c.after)}]`;
  return `${c.name} ${hex(c.before, 8)}->${hex(c.after, 8)}`;
}

/** One --trace line: pc, word(s), disassembly, what changed. */
export function traceLine(t: TraceStep): string {
  if (t.word === null) return `${hex(t.pc, 4)}  --------           (pc outside code)`;
  const isLdi32 = ((t.word >>> INSN_FIELDS.op.shift) & INSN_FIELDS.op.mask) === Op.LDI32;
  const words = isLdi32 && t.ext !== null ? `${hex(t.word, 8)} ${hex(t.ext, 8)}` : hex(t.word, 8);
  const text = formatInstruction(t.word, t.ext, t.pc);
  return `${hex(t.pc, 4)}  ${words.padEnd(17)}  ${text.padEnd(28)}  ${t.changes.map(change).join("  ")}`.trimEnd();
}

export interface StandaloneRunOptions {
  maxSteps: number;
  trace: boolean;
}

/** "MAILBOX.SEND" for an SVC immediate, or "5.2" when the spec names no such call. */
function svcName(imm: number): string {
  const mod = imm >> ISA.SVC_MOD_SHIFT;
  const fn = imm & ISA.SVC_FN_MASK;
  const f = SVC_FUNCTIONS.find((x) => SvcModule[x.module] === mod && x.number === fn);
  return f ? `${f.module}.${f.name}` : `${mod}.${fn}`;
}

/** How a finished standalone run is reported, and its exit code (0 when the program exited). */
export function reportStandalone(r: StandaloneResult, io: Io, maxSteps: number): number {
  const at = `pc 0x${hex(r.pc, 4)}, ${r.steps} steps`;
  // The bare VM answers ENOSYS to what only the executive services: say so, once per call.
  if (r.unserviced.length) io.err(`note: the standalone VM answered ENOSYS to ${r.unserviced.map(svcName).join(", ")}; run the image under the executive (--executive) to service them\n`);
  switch (r.outcome) {
    case "EXIT":
    case "RETURN":
      io.err(`[exit ${r.exitCode}] ${r.outcome === "RETURN" ? "returned from the entry function" : "TASK EXIT"} (${at})\n`);
      return EXIT.OK;
    case "FAULT":
      io.err(`[fault ${VM_ERROR_NAMES[r.faultCode!] ?? "?"} 0x${hex(r.faultCode!, 8)}] (${at})\n`);
      return EXIT.FAILED;
    case "BRK":
      io.err(`[brk ${r.brkCode}] (${at})\n`);
      return EXIT.FAILED;
    case "STEP_LIMIT":
      io.err(`[step limit ${maxSteps} reached] (${at})\n`);
      return EXIT.FAILED;
  }
}

/** Run one image standalone: UART output to io.out as it is written, the outcome to io.err. */
export function runStandaloneImage(image: HxeImage, opts: StandaloneRunOptions, io: Io): number {
  const decoder = new TextDecoder("utf-8");
  let midLine = false;
  const write = (text: string) => {
    if (text === "") return;
    io.out(text);
    midLine = !text.endsWith("\n");
  };
  const r = runStandalone(image, {
    maxSteps: opts.maxSteps,
    // With --trace, each UART write is its own line after the SVC that made it.
    onOutput: opts.trace ? (b) => io.out(`      UART ${JSON.stringify(new TextDecoder().decode(b))}\n`) : (b) => write(decoder.decode(b, { stream: true })),
    ...(opts.trace ? { trace: (t: TraceStep) => io.out(`${traceLine(t)}\n`) } : {}),
  });
  write(decoder.decode());
  if (midLine) io.out("\n");
  return reportStandalone(r, io, opts.maxSteps);
}

export const command: Command = {
  summary: "run HXE images: several (or with --executive) as tasks under the executive, one alone on the standalone VM (--trace prints every instruction; SVCs it cannot service are named at the end)",
  usage: "IMAGE... [--max-steps N] [--trace] [--executive] [--profile NAME] [--quantum N] [--events FILE.jsonl] [--clock virtual|wall]",
  async run(args, io) {
    const { values, positionals } = parse(args, {
      "max-steps": { type: "string" },
      trace: { type: "boolean", default: false },
      executive: { type: "boolean", default: false },
      profile: { type: "string" },
      quantum: { type: "string" },
      events: { type: "string" },
      clock: { type: "string" },
    });
    if (positionals.length === 0) throw new UsageError("name at least one image");
    const maxSteps = intOption(values["max-steps"], "max-steps", DEFAULT_MAX_STEPS, 1);
    const onExecutive =
      values.executive || positionals.length > 1 || values.profile !== undefined || values.quantum !== undefined || values.events !== undefined || values.clock !== undefined;
    if (onExecutive) {
      if (values.trace) throw new UsageError("--trace runs one image on the standalone VM");
      if (values.clock !== undefined && values.clock !== "virtual" && values.clock !== "wall") throw new UsageError(`--clock must be virtual or wall, not ${values.clock}`);
      return runImages(
        positionals,
        {
          profile: values.profile as ProfileName | undefined,
          quantum: values.quantum === undefined ? undefined : intOption(values.quantum, "quantum", 0, 1),
          maxSteps,
          eventsFile: values.events ?? null,
          clock: values.clock as "virtual" | "wall" | undefined,
        },
        io,
      );
    }
    const loaded = loadHxeFile(positionals[0]!);
    if (!loaded.ok) {
      io.err(`hsx-kit run: ${loaded.message}\n`);
      return EXIT.USAGE;
    }
    return runStandaloneImage(loaded.image, { maxSteps, trace: values.trace }, io);
  },
};

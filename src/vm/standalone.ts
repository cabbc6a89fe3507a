/**
 * A standalone host for one image: no executive, no mailboxes. It services only
 * TASK EXIT, CORE GET_STEPS and TASK UART_WRITE; every other SVC answers
 * HSX_ERR_ENOSYS in R0 and execution continues (svc.rule.UNKNOWN_CALL).
 */
import { ISA, SvcFn, SvcModule, VmError, VmStop } from "../../generated/ts/index.js";
import { MiniVM, type VmStopCode } from "./exec.js";
import { be32 } from "./predecode.js";
import { concatBytes } from "../common/bytes.js";

/** What a standalone run needs from an image (an HxeImage fits). */
export interface StandaloneImage {
  readonly code: Uint8Array;
  readonly rodata?: Uint8Array;
  readonly entry?: number;
}

/** One register, SP or PSW value that an instruction (and its SVC service) changed. */
export interface TraceChange {
  readonly name: string;
  readonly before: number;
  readonly after: number;
}

/** One retired (or stopping) instruction, for --trace. */
export interface TraceStep {
  readonly pc: number;
  /** The instruction word, or null when pc is outside code. */
  readonly word: number | null;
  /** LDI32's extension word when it exists. */
  readonly ext: number | null;
  readonly stop: VmStopCode;
  readonly changes: readonly TraceChange[];
}

export interface StandaloneOptions {
  /** Stop with STEP_LIMIT after this many retired instructions. */
  maxSteps: number;
  /** Called once per instruction; tracing runs one step at a time. */
  trace?: (step: TraceStep) => void;
  /** Called with each UART_WRITE as it happens (the bytes are also in the result). */
  onOutput?: (bytes: Uint8Array) => void;
}

export type StandaloneOutcome = "EXIT" | "RETURN" | "FAULT" | "BRK" | "STEP_LIMIT";

export interface StandaloneResult {
  readonly outcome: StandaloneOutcome;
  /** EXIT (TASK EXIT) and RETURN (RET at depth 0): R0; otherwise null. */
  readonly exitCode: number | null;
  readonly faultCode: number | null;
  readonly brkCode: number | null;
  /** Bytes the program wrote with UART_WRITE. */
  readonly output: Uint8Array;
  /** SVCs (module << 8 | function) answered ENOSYS because only the executive services them, sorted. */
  readonly unserviced: readonly number[];
  readonly steps: number;
  readonly pc: number;
  readonly vm: MiniVM;
}

const ARG_MASK = ISA.MEM_SIZE - 1; // svc.rule.ARG_MASK: pointers and lengths are 16-bit

/** Fresh 64 KiB memory with the rodata copied to RODATA_BASE, cut at the top of memory. */
export function standaloneMemory(rodata: Uint8Array | undefined): Uint8Array {
  const mem = new Uint8Array(ISA.MEM_SIZE);
  if (rodata) mem.set(rodata.subarray(0, ISA.MEM_SIZE - ISA.RODATA_BASE), ISA.RODATA_BASE);
  return mem;
}

/** Service one SVC. Returns true when the program asked to exit. Unserviced calls are added to `enosys`. */
function service(vm: MiniVM, out: Uint8Array[], enosys: Set<number>): boolean {
  const { svcModule: mod, svcFunction: fn } = vm.stop;
  const r = vm.regs;
  if (mod === SvcModule.TASK && fn === SvcFn.TASK.EXIT) return true; // R0 is the status, unchanged
  if (mod === SvcModule.CORE && fn === SvcFn.CORE.GET_STEPS) {
    r[0] = vm.steps - 1; // retired before this SVC
  } else if (mod === SvcModule.TASK && fn === SvcFn.TASK.UART_WRITE) {
    // svc.rule.BUFFER_BOUNDS: truncate at the top of memory, never wrap or fault.
    const ptr = r[1]! & ARG_MASK;
    const end = Math.min(ptr + (r[2]! & ARG_MASK), ISA.MEM_SIZE);
    out.push(vm.mem.slice(ptr, end));
    r[0] = end - ptr;
  } else {
    r[0] = VmError.ENOSYS;
    enosys.add((mod << ISA.SVC_MOD_SHIFT) | fn);
  }
  return false;
}


/** Run `image` standalone (SP 0x8000, stack limit 0, registers private) until it stops. */
export function runStandalone(image: StandaloneImage, opts: StandaloneOptions): StandaloneResult {
  const vm = new MiniVM({ code: image.code, mem: standaloneMemory(image.rodata), pc: image.entry ?? 0 });
  const out: Uint8Array[] = [];
  const enosys = new Set<number>();
  const tracer = opts.trace ? new Tracer(vm, opts.trace) : null;
  let outcome: StandaloneOutcome = "STEP_LIMIT";
  while (vm.steps < opts.maxSteps) {
    if (tracer) tracer.before();
    const why = tracer ? vm.step() : vm.run(opts.maxSteps - vm.steps);
    let exit = false;
    const before = out.length;
    if (why === VmStop.SVC) exit = service(vm, out, enosys);
    if (tracer) tracer.after(why);
    if (opts.onOutput && out.length > before) opts.onOutput(out[out.length - 1]!); // after the trace line of its SVC
    if (exit) outcome = "EXIT";
    else if (why === VmStop.EXIT) outcome = "RETURN";
    else if (why === VmStop.FAULT) outcome = "FAULT";
    else if (why === VmStop.BRK) outcome = "BRK";
    else continue;
    break;
  }
  const s = vm.stop;
  return {
    outcome,
    exitCode: outcome === "EXIT" || outcome === "RETURN" ? vm.regs[0]! : null,
    faultCode: outcome === "FAULT" ? s.code : null,
    brkCode: outcome === "BRK" ? s.brkCode : null,
    output: concatBytes(out),
    unserviced: [...enosys].sort((a, b) => a - b),
    steps: vm.steps,
    pc: vm.pc,
    vm,
  };
}

/** Snapshots registers, SP and PSW around one step and reports what changed. */
class Tracer {
  private readonly regs = new Uint32Array(ISA.REGISTER_COUNT);
  private pc = 0;
  private sp = 0;
  private psw = 0;

  constructor(
    private readonly vm: MiniVM,
    private readonly sink: (step: TraceStep) => void,
  ) {}

  before(): void {
    this.regs.set(this.vm.regs);
    this.pc = this.vm.pc;
    this.sp = this.vm.sp;
    this.psw = this.vm.psw;
  }

  after(stop: VmStopCode): void {
    const { vm, pc } = this;
    const code = vm.code;
    const word = pc + 4 <= code.length ? be32(code, pc) >>> 0 : null;
    const ext = pc + 8 <= code.length ? be32(code, pc + 4) >>> 0 : null;
    const changes: TraceChange[] = [];
    for (let i = 0; i < ISA.REGISTER_COUNT; i++) {
      if (vm.regs[i] !== this.regs[i]) changes.push({ name: `R${i}`, before: this.regs[i]!, after: vm.regs[i]! });
    }
    if (vm.sp !== this.sp) changes.push({ name: "SP", before: this.sp, after: vm.sp });
    if (vm.psw !== this.psw) changes.push({ name: "PSW", before: this.psw, after: vm.psw });
    this.sink({ pc, word, ext, stop, changes });
  }
}

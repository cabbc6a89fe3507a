import { VmStop } from "../../../generated/ts/index.js";
import { MiniVM } from "../../../src/vm/index.js";
import { fromHex, toHex } from "../hex.js";
import { num, type Instance } from "./instance.js";

/** The isa level over the reference MiniVM. */
export class IsaInstance implements Instance {
  private vm: MiniVM | null = null;

  call(op: string, args: Record<string, unknown>): Record<string, unknown> | null {
    switch (op) {
      case "isa.load":
        return this.load(args);
      case "isa.run":
        return this.run(num(args, "max_steps"));
      case "isa.state":
        return this.state();
      case "isa.read": {
        const addr = num(args, "addr");
        return { hex: toHex(this.machine().mem.subarray(addr, Math.min(0x10000, addr + num(args, "len")))) };
      }
      default:
        return null;
    }
  }

  private machine(): MiniVM {
    if (!this.vm) throw new Error("isa.load has not been called on this instance");
    return this.vm;
  }

  private load(args: Record<string, unknown>): Record<string, unknown> {
    const mem = new Uint8Array(0x10000);
    for (const b of args.mem as { addr: number; hex: string }[]) {
      const bytes = fromHex(b.hex);
      if (b.addr + bytes.length > 0x10000) throw new Error(`memory block at ${b.addr} passes the end of memory`);
      mem.set(bytes, b.addr);
    }
    const vm = new MiniVM({ code: fromHex(args.code), mem, pc: num(args, "pc"), sp: num(args, "sp"), stackLimit: num(args, "limit") });
    (args.regs as number[]).forEach((v, i) => (vm.regs[i] = v));
    vm.psw = num(args, "psw");
    vm.callDepth = num(args, "depth");
    this.vm = vm;
    return {};
  }

  private run(maxSteps: number): Record<string, unknown> {
    const vm = this.machine();
    const stop = vm.run(maxSteps);
    const d = vm.stop;
    const code = stop === VmStop.FAULT ? d.code : stop === VmStop.BRK ? d.brkCode : 0;
    const svc = stop === VmStop.SVC;
    return { stop, pc: vm.pc, code: code >>> 0, svc_module: svc ? d.svcModule : 0, svc_function: svc ? d.svcFunction : 0, steps: vm.steps };
  }

  private state(): Record<string, unknown> {
    const vm = this.machine();
    return { regs: Array.from(vm.regs), pc: vm.pc >>> 0, sp: vm.sp, depth: vm.callDepth, psw: vm.psw, steps: vm.steps };
  }
}

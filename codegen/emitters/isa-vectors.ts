import type { Emitter, GeneratedFile } from "../driver/types.js";
import { isaCases, type IsaCase } from "../semantics/isa-cases.js";
import { SpecMachine, type SpecState } from "../semantics/machine.js";

const DIR = "conformance/vectors/isa";

const hexOf = (bytes: ArrayLike<number>) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** Run one case through the spec machine and write the vector that expects exactly that. */
function vectorOf(machine: SpecMachine, c: IsaCase): Record<string, unknown> {
  const mem = new Uint8Array(0x10000);
  for (const m of c.mem) mem.set(m.bytes, m.addr);
  const s: SpecState = { code: c.code, mem, regs: [...c.regs], pc: c.pc, sp: c.sp, limit: c.limit, depth: c.depth, psw: c.psw, steps: 0 };
  const r = machine.step(s);
  const spec = new Set<string>(c.spec);
  if (r.opcode) spec.add(r.opcode.id);
  if (r.fault) spec.add(`enum.vm_error.${r.fault}`);
  const steps: Record<string, unknown>[] = [
    {
      op: "isa.load",
      args: { code: hexOf(c.code), pc: c.pc, sp: c.sp, limit: c.limit, depth: c.depth, psw: c.psw, regs: c.regs, mem: c.mem.map((m) => ({ addr: m.addr, hex: hexOf(m.bytes) })) },
    },
    {
      op: "isa.run",
      args: { max_steps: 1 },
      expect: { stop: r.stop, pc: s.pc, code: r.code, svc_module: r.svcModule, svc_function: r.svcFunction, steps: s.steps },
    },
    { op: "isa.state", args: {}, expect: { regs: s.regs, pc: s.pc, sp: s.sp, depth: s.depth, psw: s.psw, steps: s.steps } },
    ...c.watch.map((w) => ({ op: "isa.read", args: { addr: w.addr, len: w.len }, expect: { hex: hexOf(s.mem.subarray(w.addr, w.addr + w.len)) } })),
  ];
  return { id: `isa.${c.mnemonic}.${c.label}`, title: c.title, spec: [...spec].sort(), tags: ["generated"], steps };
}

/** ISA conformance vectors generated from the spec's executable semantics (not from the reference VM). */
export const isaVectorsEmitter: Emitter = {
  name: "isa-vectors",
  emit(ctx): GeneratedFile[] {
    const machine = new SpecMachine(ctx.spec.model);
    const byFile = new Map<string, Record<string, unknown>[]>();
    const ids = new Set<string>();
    for (const c of isaCases(ctx.spec.model)) {
      const v = vectorOf(machine, c);
      if (ids.has(v.id as string)) throw new Error(`duplicate ISA vector id ${String(v.id)}`);
      ids.add(v.id as string);
      const file = c.mnemonic.toLowerCase();
      const list = byFile.get(file) ?? [];
      list.push(v);
      byFile.set(file, list);
    }
    return [...byFile.entries()].map(([file, vectors]) => ({
      path: `${DIR}/${file}.json`,
      content: `{\n"$comment": ${JSON.stringify(ctx.stamp.line)},\n"level": "isa",\n"vectors": [\n${vectors.map((v) => JSON.stringify(v)).join(",\n")}\n]}\n`,
    }));
  },
};

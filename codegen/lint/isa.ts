import { checkUnique, hex, type LintContext } from "./context.js";

/** ISA: word layout, forms, opcode encodings (no overlap, every byte defined or reserved), fault and flag references. */
export function lintIsa(ctx: LintContext): void {
  const isa = ctx.model.isa;
  // Word fields tile the word exactly.
  const owner = new Array<string | undefined>(isa.word.bits).fill(undefined);
  for (const f of isa.word.fields) {
    const id = `isa.field.${f.name}`;
    if (f.msb < f.lsb) ctx.report(id, "isa.field-range", `field ${f.name}: msb ${f.msb} < lsb ${f.lsb}`);
    for (let b = f.lsb; b <= f.msb && b < isa.word.bits; b++) {
      if (owner[b]) ctx.report(id, "isa.field-overlap", `field ${f.name} overlaps ${owner[b]} at bit ${b}`);
      else owner[b] = f.name;
    }
  }
  owner.forEach((o, b) => {
    if (!o) ctx.report("isa.field.op", "isa.field-gap", `bit ${b} of the instruction word belongs to no field`);
  });
  checkUnique(ctx, isa.word.fields, (f) => f.name, (f) => `isa.field.${f.name}`, "isa.duplicate-field", "field");
  const fieldNames = new Set(isa.word.fields.map((f) => f.name));
  const opField = isa.word.fields.find((f) => f.name === "op");
  if (!opField) ctx.report("isa.field.op", "isa.no-op-field", "the word needs an op field");

  checkUnique(ctx, isa.forms, (f) => f.name, (f) => `isa.form.${f.name}`, "isa.duplicate-form", "form");
  for (const f of isa.forms) {
    for (const name of f.fields) if (!fieldNames.has(name)) ctx.report(`isa.form.${f.name}`, "isa.unresolved", `form ${f.name} uses unknown field ${name}`);
    const usesImm = f.fields.includes("imm12");
    if (usesImm !== (f.imm !== null)) ctx.report(`isa.form.${f.name}`, "isa.form-imm", `form ${f.name}: "imm" must be given exactly when imm12 is used`);
  }

  // Encoding: the opcode byte alone selects the instruction, so overlap = equal op values.
  checkUnique(ctx, isa.opcodes, (o) => o.value, (o) => o.id, "isa.encoding-overlap", "opcode");
  checkUnique(ctx, isa.opcodes, (o) => o.mnemonic, (o) => o.id, "isa.duplicate-mnemonic", "mnemonic");
  const width = opField?.width ?? 8;
  const covered = new Map<number, string>();
  for (const o of isa.opcodes) {
    if (o.value >= 2 ** width) ctx.report(o.id, "isa.width", `${o.mnemonic} = ${hex(o.value)} does not fit the ${width}-bit op field`);
    covered.set(o.value, o.id);
  }
  for (const r of isa.reservedOpcodes) {
    for (let v = r.from; v <= r.to; v++) {
      const def = covered.get(v);
      if (def && def.startsWith("isa.opcode.")) ctx.report(def, "isa.reserved-used", `opcode ${hex(v)} is defined and also reserved (${hex(r.from)}-${hex(r.to)})`);
      else if (def) ctx.report("isa.field.op", "isa.reserved-overlap", `reserved opcode ranges overlap at ${hex(v)}`);
      covered.set(v, "reserved");
    }
  }
  for (let v = 0; v < 2 ** width; v++) {
    if (!covered.has(v)) ctx.report("isa.field.op", "isa.opcode-gap", `opcode ${hex(v)} is neither defined nor reserved`);
  }

  const forms = new Set(isa.forms.map((f) => f.name));
  const vmErr = ctx.model.enums.find((e) => e.name === "vm_error");
  const faults = new Set(vmErr?.values.filter((v) => v.fault).map((v) => v.name) ?? []);
  const psw = ctx.model.enums.find((e) => e.name === "psw_flag");
  const flags = new Set(psw?.values.map((v) => v.name) ?? []);
  for (const o of isa.opcodes) {
    if (!forms.has(o.form)) ctx.report(o.id, "isa.unresolved", `${o.mnemonic} uses unknown form ${o.form}`);
    for (const f of o.faults) if (!faults.has(f)) ctx.report(o.id, "isa.unresolved", `${o.mnemonic} raises ${f}, which is not a vm_error fault`);
    for (const f of Object.keys(o.flags)) if (!flags.has(f)) ctx.report(o.id, "isa.unresolved", `${o.mnemonic} writes unknown flag ${f}`);
    const writes = Object.keys(o.flags);
    if (writes.length && (!writes.includes("Z") || !writes.includes("N"))) ctx.report(o.id, "isa.flags", `${o.mnemonic}: an instruction that writes flags writes Z and N`);
  }
}

import { checkUnique, fits, hex, isPowerOfTwo, type LintContext } from "./context.js";

/** Enum tables: unique names and values, widths, flag bits, composites, reserved values. */
export function lintEnums(ctx: LintContext): void {
  checkUnique(ctx, ctx.model.enums, (e) => e.name, (e) => e.id, "enum.duplicate-name", "enum");
  for (const e of ctx.model.enums) {
    checkUnique(ctx, e.values, (v) => v.name, (v) => v.id, "enum.duplicate-name", "name");
    checkUnique(ctx, e.values, (v) => v.value, (v) => v.id, "enum.duplicate-value", "value");
    const wired = e.values.filter((v) => v.wire !== null);
    if (wired.length && wired.length !== e.values.length) ctx.report(e.id, "enum.wire-partial", `either every value of ${e.name} has a wire name or none does`);
    checkUnique(ctx, wired, (v) => v.wire!, (v) => v.id, "enum.duplicate-wire", "wire name");
    const byName = new Map(e.values.map((v) => [v.name, v]));
    for (const v of e.values) {
      if (!fits(v.value, e.width)) ctx.report(v.id, "enum.width", `${v.name} = ${hex(v.value)} does not fit ${e.width} bits`);
      for (const r of e.reserved) {
        if (!v.reserved && v.value >= r.from && v.value <= r.to) ctx.report(v.id, "enum.reserved-used", `${v.name} = ${hex(v.value)} lies in the reserved range ${hex(r.from)}-${hex(r.to)}`);
      }
      if (e.reservedMask & v.value) ctx.report(v.id, "enum.reserved-used", `${v.name} = ${hex(v.value)} uses reserved bits ${hex(e.reservedMask & v.value)}`);
      if (e.kind === "flags" && v.composite === null && !isPowerOfTwo(v.value)) ctx.report(v.id, "enum.flag-bits", `flag ${v.name} = ${hex(v.value)} is not a single bit (mark it composite)`);
      if (v.composite) {
        if (e.kind !== "flags") ctx.report(v.id, "enum.composite", `${v.name}: only flags may be composite`);
        let or = 0;
        for (const part of v.composite) {
          const p = byName.get(part);
          if (!p) ctx.report(v.id, "enum.unresolved", `${v.name} is composed of unknown flag ${part}`);
          else or |= p.value;
        }
        if (or !== v.value) ctx.report(v.id, "enum.composite", `${v.name} = ${hex(v.value)} but its parts make ${hex(or)}`);
      }
      if (v.fault !== null && e.name !== "vm_error") ctx.report(v.id, "enum.fault-attr", `"fault" is only meaningful in vm_error`);
      if (v.prefix !== null && e.name !== "mbx_namespace") ctx.report(v.id, "enum.prefix-attr", `"prefix" is only meaningful in mbx_namespace`);
    }
    for (const r of e.reserved) {
      if (r.from > r.to) ctx.report(e.id, "enum.range", `reserved range ${hex(r.from)}-${hex(r.to)} is empty`);
    }
    if (e.ordered) {
      for (let i = 1; i < e.values.length; i++) {
        if (e.values[i]!.value <= e.values[i - 1]!.value) ctx.report(e.values[i]!.id, "enum.order", `${e.name} is ordered: values must increase in list order`);
      }
    }
  }
}

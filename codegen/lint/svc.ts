import { checkUnique, fits, hex, type LintContext } from "./context.js";

const REG_TYPES = new Set(["u8", "u16", "u32", "i32", "ptr", "cstring"]);

/** SVC tables: module/function numbers unique and encodable, reserved modules, register conventions, type references. */
export function lintSvc(ctx: LintContext): void {
  const { svc, enums } = ctx.model;
  checkUnique(ctx, svc.modules, (m) => m.number, (m) => m.id, "svc.duplicate-id", "module number");
  checkUnique(ctx, svc.modules, (m) => m.name, (m) => m.id, "svc.duplicate-name", "module");
  const enumNames = new Set(enums.map((e) => e.name));
  const covered = new Map<number, string>();
  for (const m of svc.modules) {
    if (!fits(m.number, 4)) ctx.report(m.id, "svc.width", `module ${m.name} = ${hex(m.number)} does not fit the 4-bit module field`);
    covered.set(m.number, m.id);
    checkUnique(ctx, m.functions, (f) => f.number, (f) => f.id, "svc.duplicate-id", "function number");
    checkUnique(ctx, m.functions, (f) => f.name, (f) => f.id, "svc.duplicate-name", "function");
    for (const f of m.functions) {
      if (!fits(f.number, 8)) ctx.report(f.id, "svc.width", `${m.name}.${f.name} = ${hex(f.number)} does not fit the 8-bit function field`);
      for (const list of [f.in, f.out]) {
        checkUnique(ctx, list, (r) => r.reg, () => f.id, "svc.duplicate-reg", "register");
        for (const r of list) {
          if (!REG_TYPES.has(r.type) && !enumNames.has(r.type)) ctx.report(f.id, "svc.unresolved", `${m.name}.${f.name}: ${r.reg} has unknown type ${r.type}`);
        }
      }
      if (m.status === "implemented" && m.functions.every((x) => x.status === "planned")) ctx.report(m.id, "svc.status", `module ${m.name} is implemented but all its functions are planned`);
    }
  }
  for (const r of svc.reservedModules) {
    for (let v = r.from; v <= r.to; v++) {
      if (covered.has(v)) ctx.report(covered.get(v)!, "svc.reserved-used", `module ${hex(v)} is defined and also reserved`);
      covered.set(v, "reserved");
    }
  }
  for (let v = 0; v < 16; v++) if (!covered.has(v)) ctx.report("svc.convention", "svc.module-gap", `module ${hex(v)} is neither defined nor reserved`);
}

import { checkUnique, type LintContext } from "./context.js";

const LIMITS: Record<string, [number, number]> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffffffff],
  i32: [-0x80000000, 0x7fffffff],
};

/** Constants: unique names per domain, values of their declared type, and unique C macro names overall. */
export function lintConstants(ctx: LintContext): void {
  const m = ctx.model;
  checkUnique(ctx, m.constants, (c) => `${c.domain}.${c.name}`, (c) => c.id, "const.duplicate-name", "constant");
  for (const c of m.constants) {
    if (c.type === "string") {
      if (typeof c.value !== "string") ctx.report(c.id, "const.type", `${c.name} is declared string but has a number`);
      else if (!/^[\x20-\x7e]*$/.test(c.value) || c.value.includes('"') || c.value.includes("\\")) ctx.report(c.id, "const.string", `${c.name}: string constants are printable ASCII without quotes or backslashes`);
      continue;
    }
    if (typeof c.value !== "number") {
      ctx.report(c.id, "const.type", `${c.name} is declared ${c.type} but has a string`);
      continue;
    }
    const [lo, hi] = LIMITS[c.type]!;
    if (!Number.isInteger(c.value) || c.value < lo || c.value > hi) ctx.report(c.id, "const.width", `${c.name} = ${c.value} does not fit ${c.type}`);
  }
  // Every C macro the headers define must be unique.
  const macros: { c: string; id: string }[] = [
    ...m.constants.map((c) => ({ c: c.c, id: c.id })),
    ...m.enums.flatMap((e) => e.values.map((v) => ({ c: v.c, id: v.id }))),
    ...m.svc.modules.map((mod) => ({ c: mod.c, id: mod.id })),
  ];
  checkUnique(ctx, macros, (x) => x.c, (x) => x.id, "const.duplicate-macro", "C macro");
}

import { checkUnique, type LintContext } from "./context.js";

const ALIGN: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8 };

/** Struct layouts: offsets increasing, no overlap or gap, natural alignment, size = end of last field. */
export function lintStructs(ctx: LintContext): void {
  checkUnique(ctx, ctx.model.structs, (s) => s.name, (s) => s.id, "struct.duplicate-name", "struct");
  for (const s of ctx.model.structs) {
    checkUnique(ctx, s.fields, (f) => f.name, (f) => `${s.id}.${f.name}`, "struct.duplicate-field", "field");
    let end = 0;
    for (const f of s.fields) {
      const id = `${s.id}.${f.name}`;
      if (f.offset < end) ctx.report(id, "struct.overlap", `${s.name}.${f.name} at ${f.offset} overlaps the previous field (ends at ${end})`);
      else if (f.offset > end) ctx.report(id, "struct.gap", `${s.name}.${f.name} at ${f.offset} leaves a gap after ${end}; declare padding explicitly`);
      const align = ALIGN[f.type] ?? 1;
      if (s.byteOrder === "native" && f.offset % align !== 0) ctx.report(id, "struct.align", `${s.name}.${f.name} at ${f.offset} is not aligned to ${align}`);
      end = Math.max(end, f.offset + f.size);
    }
    if (end !== s.size) ctx.report(s.id, "struct.size", `${s.name} declares size ${s.size} but its fields end at ${end}`);
  }
}

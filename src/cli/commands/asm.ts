import { readFileSync, writeFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { assemble, formatWarning, isAsmError, type AsmSource } from "../../asm/index.js";
import { parse } from "../args.js";
import { EXIT, UsageError, type Command } from "../io.js";

export const command: Command = {
  summary: "assemble and link MVASM files into an HXE v2 image",
  usage: "FILE... -o OUT.hxe [--app-name NAME] [--single-instance]",
  async run(args, io) {
    const { values, positionals } = parse(args, {
      output: { type: "string", short: "o" },
      "app-name": { type: "string" },
      "single-instance": { type: "boolean", default: false },
    });
    if (positionals.length === 0) throw new UsageError("name at least one MVASM file");
    const out = values.output;
    if (!out) throw new UsageError("name the output image with -o OUT.hxe");
    const sources: AsmSource[] = [];
    for (const file of positionals) {
      try {
        sources.push({ name: file, text: readFileSync(file, "utf8") });
      } catch (e) {
        io.err(`hsx-kit asm: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        return EXIT.USAGE;
      }
    }
    let result;
    try {
      result = assemble(sources, {
        appName: values["app-name"],
        defaultAppName: basename(out, extname(out)),
        singleInstance: values["single-instance"],
      });
    } catch (e) {
      if (!isAsmError(e)) throw e;
      io.err(`${e.message}\n`);
      return EXIT.FAILED;
    }
    for (const w of result.warnings) io.err(`${formatWarning(w)}\n`);
    try {
      writeFileSync(out, result.bytes);
    } catch (e) {
      io.err(`hsx-kit asm: cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return EXIT.USAGE;
    }
    const img = result.image;
    io.out(
      `wrote ${out}: ${result.bytes.length} bytes (code ${img.code.length}, rodata ${img.rodata.length}, ${img.sections?.length ?? 0} metadata sections, entry 0x${result.entry.toString(16).padStart(4, "0")})\n`,
    );
    return EXIT.OK;
  },
};

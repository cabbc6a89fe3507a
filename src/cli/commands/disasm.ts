import { writeFileSync } from "node:fs";
import { disassemble } from "../../asm/index.js";
import { loadHxeFile } from "../../hxe/index.js";
import { parse } from "../args.js";
import { EXIT, UsageError, type Command } from "../io.js";

export const command: Command = {
  summary: "print an HXE v1/v2 image as MVASM that reassembles to the same bytes",
  usage: "IMAGE [-o OUT.mvasm]",
  async run(args, io) {
    const { values, positionals } = parse(args, { output: { type: "string", short: "o" } });
    if (positionals.length !== 1) throw new UsageError("name exactly one image");
    const loaded = loadHxeFile(positionals[0]!);
    if (!loaded.ok) {
      io.err(`hsx-kit disasm: ${loaded.message}\n`);
      return EXIT.USAGE;
    }
    const text = disassemble(loaded.image);
    if (!values.output) {
      io.out(text);
      return EXIT.OK;
    }
    try {
      writeFileSync(values.output, text);
    } catch (e) {
      io.err(`hsx-kit disasm: cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return EXIT.USAGE;
    }
    io.out(`wrote ${values.output}\n`);
    return EXIT.OK;
  },
};

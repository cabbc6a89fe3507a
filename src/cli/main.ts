import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isSpecError } from "../../codegen/model/index.js";
import { EXIT, processIo, UsageError, type Command, type Io } from "./io.js";

/** Commands, in the order `hsx-kit help` lists them; each lives in commands/<name>.js. */
const COMMANDS = ["all", "lint", "gen", "validate", "asm", "disasm", "run", "certify", "coverage", "adapter", "diff"] as const;

const HERE = dirname(fileURLToPath(import.meta.url));

async function loadCommand(name: string): Promise<Command | undefined> {
  const file = join(HERE, "commands", `${name}.js`);
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { command: Command };
  return mod.command;
}

async function help(io: Io): Promise<void> {
  const lines = ["usage: hsx-kit <command> [options]", "", "commands:"];
  for (const name of COMMANDS) {
    const c = await loadCommand(name);
    if (c) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  }
  lines.push("", "Run `hsx-kit <command> --help` for a command's options.");
  io.out(lines.join("\n") + "\n");
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    await help(io);
    return name ? EXIT.OK : EXIT.USAGE;
  }
  const cmd = (COMMANDS as readonly string[]).includes(name) ? await loadCommand(name) : undefined;
  if (!cmd) {
    io.err(`hsx-kit: unknown command "${name}" (try \`hsx-kit help\`)\n`);
    return EXIT.USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`usage: hsx-kit ${name} ${cmd.usage}\n\n${cmd.summary}\n`);
    return EXIT.OK;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`hsx-kit ${name}: ${e.message}\nusage: hsx-kit ${name} ${cmd.usage}\n`);
      return EXIT.USAGE;
    }
    if (isSpecError(e)) {
      io.err(`${e.message}\nhsx-kit ${name}: the spec has ${e.diagnostics.length} problem(s)\n`);
      return EXIT.FAILED;
    }
    throw e;
  }
}

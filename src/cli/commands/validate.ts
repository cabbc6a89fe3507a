import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseSource } from "../../../codegen/model/source.js";
import { SpecSchemas } from "../../../codegen/model/schema-check.js";
import { formatDiagnostic } from "../../../codegen/model/index.js";
import { PACKAGE_ROOT } from "../../../codegen/paths.js";
import { validateHsxEvent, validateMailboxDocument, type ValidationError } from "../../../generated/validators/index.js";
import { parse } from "../args.js";
import { EXIT, UsageError, type Command, type Io } from "../io.js";

type Kind = "events" | "mailbox" | "spec";
const KINDS: readonly Kind[] = ["events", "mailbox", "spec"];

function schemaErrors(errors: readonly ValidationError[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword} (schema ${e.schemaPath})`);
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** A captured event stream: one envelope per line, checked against the generated event schema. */
function validateEvents(file: string, io: Io): number {
  const lines = readText(file).split("\n");
  let records = 0;
  let bad = 0;
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    records++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      bad++;
      io.out(`${file}:${i + 1}: not JSON: ${(e as Error).message}\n`);
      return;
    }
    if (!validateHsxEvent(value)) {
      bad++;
      for (const m of schemaErrors(validateHsxEvent.errors)) io.out(`${file}:${i + 1}: ${m}\n`);
    }
  });
  return summary(io, file, records, bad, "event");
}

function validateMailbox(file: string, io: Io): number {
  let value: unknown;
  try {
    value = JSON.parse(readText(file));
  } catch (e) {
    io.out(`${file}: not JSON: ${(e as Error).message}\n`);
    return summary(io, file, 1, 1, "document");
  }
  if (validateMailboxDocument(value)) return summary(io, file, 1, 0, "document");
  for (const m of schemaErrors(validateMailboxDocument.errors)) io.out(`${file}: ${m}\n`);
  return summary(io, file, 1, 1, "document");
}

function validateSpecFile(file: string, io: Io): number {
  const { file: src, diagnostics } = parseSource(file, readText(file));
  const ds = src.data === undefined ? diagnostics : [...diagnostics, ...new SpecSchemas(resolve(PACKAGE_ROOT, "spec", "schema")).check(src)];
  for (const d of ds) io.out(formatDiagnostic(d) + "\n");
  return summary(io, file, 1, ds.length ? 1 : 0, "spec file");
}

function summary(io: Io, file: string, records: number, bad: number, what: string): number {
  if (bad) {
    io.err(`${file}: ${bad} of ${records} ${what}(s) invalid\n`);
    return EXIT.FAILED;
  }
  io.out(`${file}: ${records} ${what}(s) valid\n`);
  return EXIT.OK;
}

export const command: Command = {
  summary: "check a captured event stream (JSON lines), a .mailbox document or a spec file against the generated schemas",
  usage: `<${KINDS.join("|")}> FILE`,
  async run(args, io) {
    const { positionals } = parse(args, {});
    const [kind, file, ...extra] = positionals;
    if (!kind || !file || extra.length) throw new UsageError("expected a kind and one file");
    if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown kind "${kind}" (one of ${KINDS.join(", ")})`);
    switch (kind as Kind) {
      case "events":
        return validateEvents(file, io);
      case "mailbox":
        return validateMailbox(file, io);
      case "spec":
        return validateSpecFile(file, io);
    }
  },
};

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseSource } from "../../../codegen/model/source.js";
import { SpecSchemas } from "../../../codegen/model/schema-check.js";
import { formatDiagnostic } from "../../../codegen/model/index.js";
import { PACKAGE_ROOT } from "../../../codegen/paths.js";
import { validateHsxEvent, validateMailboxDocument, type ValidationError } from "../../../generated/validators/index.js";
import { HxeError } from "../../../generated/ts/index.js";
import { loadHxeFile } from "../../hxe/index.js";
import { parse } from "../args.js";
import { EXIT, UsageError, type Command, type Io } from "../io.js";

type Kind = "events" | "mailbox" | "spec" | "hxe";
const KINDS: readonly Kind[] = ["events", "mailbox", "spec", "hxe"];

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

/** An HXE image through the reference loader: valid, or the spec'd hxe_error code of the first check it fails. */
function validateHxe(file: string, io: Io): number {
  const r = loadHxeFile(file);
  if (!r.ok) {
    if (r.code === "UNREADABLE") throw new UsageError(r.message);
    io.out(`${file}: HSX_HXE_E_${r.code} (${HxeError[r.code]}): ${r.message.slice(`${file}: ${r.code}: `.length)}\n`);
    return summary(io, file, 1, 1, "image");
  }
  const im = r.image;
  const app = im.appName === null ? "" : `, app ${im.appName}${im.allowMultiple ? " (multiple instances)" : ""}`;
  io.out(`${file}: HXE v${im.version}, ${im.code.length} code bytes, ${im.rodata.length} rodata bytes, entry 0x${im.entry.toString(16).padStart(4, "0")}${app}, ${im.mailboxes.length} mailbox(es), ${im.values.length} value(s), ${im.commands.length} command(s)\n`);
  return summary(io, file, 1, 0, "image");
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
  summary: "check a captured event stream (JSON lines), a .mailbox document or a spec file against the generated schemas, or an HXE image with the reference loader",
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
      case "hxe":
        return validateHxe(file, io);
    }
  },
};

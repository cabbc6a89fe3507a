/** Assemble MVASM sources (one module per file, linked in order) into an HXE image. */
import { readFileSync } from "node:fs";
import { link, type AsmResult, type LinkOptions } from "./link.js";
import { assembleModule } from "./module.js";
import type { ReadFile } from "./source.js";

export interface AsmSource {
  /** Shown in error positions; includes resolve relative to it. */
  readonly name: string;
  readonly text: string;
}

export interface AssembleOptions extends LinkOptions {
  /** Reads .include files (default: the file system, UTF-8). */
  readFile?: ReadFile;
}

const readUtf8: ReadFile = (path) => readFileSync(path, "utf8");

/** Assemble and link. Throws AsmError (FILE:LINE:COL: message) for bad source. */
export function assemble(sources: readonly AsmSource[], opts: AssembleOptions = {}): AsmResult {
  const readFile = opts.readFile ?? readUtf8;
  return link(
    sources.map((s) => assembleModule(s.name, s.text, { readFile })),
    opts,
  );
}

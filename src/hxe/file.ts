/** Reading an HXE file from disk for the CLI: an unreadable file and a rejected image are both reported, never thrown. */
import { readFileSync } from "node:fs";
import type { HxeErrorName } from "../../generated/ts/index.js";
import { HxeLoadError } from "./errors.js";
import { readHxe } from "./reader.js";
import type { HxeImage } from "./types.js";

export type HxeFileResult =
  | { readonly ok: true; readonly image: HxeImage; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly code: HxeErrorName | "UNREADABLE"; readonly message: string };

export function loadHxeFile(path: string): HxeFileResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { ok: false, code: "UNREADABLE", message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  try {
    return { ok: true, image: readHxe(bytes), bytes };
  } catch (e) {
    if (e instanceof HxeLoadError) return { ok: false, code: e.code, message: `${path}: ${e.code}: ${e.message}` };
    throw e;
  }
}

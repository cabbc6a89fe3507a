/** Typed HXE errors: loading (hxe enum hxe_error, checked in HXE_ERROR_ORDER) and writing. */
import { HxeError, type HxeErrorName } from "../../generated/ts/index.js";

/** The loader rejected an image. `code` is the spec's hxe_error name; tests compare it, never the message. */
export class HxeLoadError extends Error {
  constructor(
    readonly code: HxeErrorName,
    message: string,
    /** File offset the problem concerns, when there is one. */
    readonly offset: number | null = null,
    /** Metadata table index of the section concerned, when there is one. */
    readonly section: number | null = null,
  ) {
    super(message);
    this.name = "HxeLoadError";
  }

  /** The numeric hxe_error value (HSX_HXE_E_*). */
  get value(): number {
    return HxeError[this.code];
  }
}

export function isHxeLoadError(e: unknown): e is HxeLoadError {
  return e instanceof HxeLoadError;
}

/** Why writeHxe refused its input: the loader check the image would fail, or a v1 image with metadata. */
export type HxeWriteErrorCode = HxeErrorName | "V1_METADATA" | "FIELD_RANGE";

export class HxeWriteError extends Error {
  constructor(
    readonly code: HxeWriteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HxeWriteError";
  }
}

export function isHxeWriteError(e: unknown): e is HxeWriteError {
  return e instanceof HxeWriteError;
}

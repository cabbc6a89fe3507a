import type { LoadedSpec } from "../model/index.js";
import type { Stamp } from "../print/stamp.js";

/** One output file; `path` is relative to the package root and uses forward slashes. */
export interface GeneratedFile {
  path: string;
  content: string;
}

export interface EmitContext {
  spec: LoadedSpec;
  stamp: Stamp;
}

/** A pure function from the model to files. Emitters never touch the disk. */
export interface Emitter {
  name: string;
  emit(ctx: EmitContext): GeneratedFile[] | Promise<GeneratedFile[]>;
}

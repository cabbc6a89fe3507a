import type { Model } from "../model/types.js";
import type { Stamp } from "../print/stamp.js";

/** One output file; `path` is relative to the package root and uses forward slashes. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** What an emitter may read: the canonical model and its hash (never the YAML or positions). */
export interface EmitSpec {
  model: Model;
  hash: string;
}

export interface EmitContext {
  spec: EmitSpec;
  stamp: Stamp;
}

/** A pure function from the model to files. Emitters never touch the disk. */
export interface Emitter {
  name: string;
  emit(ctx: EmitContext): GeneratedFile[] | Promise<GeneratedFile[]>;
  /**
   * Run in the generator's worker thread. Such an emitter loads its heavy
   * dependencies in `warm`, which the worker calls while the main thread is still
   * loading the spec.
   */
  worker?: boolean;
  warm?(): Promise<void>;
}

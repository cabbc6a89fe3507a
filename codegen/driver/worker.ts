import { Worker } from "node:worker_threads";
import type { Model } from "../model/types.js";
import type { Stamp } from "../print/stamp.js";
import type { EmitResult } from "./plan.js";

/** A worker thread running some emitters; started early so their imports load in parallel with the spec. */
export class EmitWorker {
  private readonly worker: Worker;
  private readonly result: Promise<EmitResult[]>;

  constructor(names: readonly string[]) {
    this.worker = new Worker(new URL("./emit-worker.js", import.meta.url), { workerData: { names } });
    this.result = new Promise((resolve, reject) => {
      this.worker.once("message", (m: { ok: true; files: EmitResult[] } | { ok: false; error: string }) => (m.ok ? resolve(m.files) : reject(new Error(`in the generator worker: ${m.error}`))));
      this.worker.once("error", reject);
      this.worker.once("exit", (code) => reject(new Error(`the generator worker exited (code ${code}) before answering`)));
    });
    // A worker that is never asked must not keep the process alive or leave an unhandled rejection.
    this.result.catch(() => undefined);
    this.worker.unref();
  }

  run(model: Model, hash: string, stamp: Stamp): Promise<EmitResult[]> {
    this.worker.ref();
    this.worker.postMessage({ model, hash, stamp });
    return this.result.finally(() => void this.worker.terminate());
  }

  stop(): void {
    void this.worker.terminate();
  }
}

// Worker side of the generator: warms the heavy emitters' dependencies at once, then
// emits when the main thread posts the loaded model.
import { parentPort, workerData } from "node:worker_threads";
import type { Model } from "../model/types.js";
import type { Stamp } from "../print/stamp.js";
import type { GeneratedFile } from "./types.js";

const { names } = workerData as { names: string[] };
const { EMITTERS } = await import("../emitters/index.js");
const mine = EMITTERS.filter((e) => names.includes(e.name));
const warmed = Promise.all(mine.map((e) => e.warm?.()));

parentPort!.once("message", (msg: { model: Model; hash: string; stamp: Stamp }) => {
  void (async () => {
    try {
      await warmed;
      const files: { emitter: string; files: GeneratedFile[] }[] = [];
      for (const e of mine) files.push({ emitter: e.name, files: await e.emit({ spec: { model: msg.model, hash: msg.hash }, stamp: msg.stamp }) });
      parentPort!.postMessage({ ok: true, files });
    } catch (err) {
      parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  })();
});

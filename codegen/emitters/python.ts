import type { Emitter } from "../driver/types.js";

/** A Python constants module with the names the HSX Python prototype uses. */
export const pythonEmitter: Emitter = {
  name: "python",
  emit() {
    return [];
  },
};

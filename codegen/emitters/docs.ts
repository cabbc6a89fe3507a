import type { Emitter } from "../driver/types.js";

/** Markdown reference documentation generated from the spec. */
export const docsEmitter: Emitter = {
  name: "docs",
  emit() {
    return [];
  },
};

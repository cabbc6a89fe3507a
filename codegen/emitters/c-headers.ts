import type { Emitter } from "../driver/types.js";

/** C headers (hsx_mailbox.h drop-in, ISA, SVC, HXE, executive, events, profiles) and the static-assert check. */
export const cHeadersEmitter: Emitter = {
  name: "c-headers",
  emit() {
    return [];
  },
};

import { HxeError } from "../../../generated/ts/index.js";
import { isHxeLoadError, readHxe } from "../../../src/hxe/index.js";
import { fromHex } from "../hex.js";
import type { Instance } from "./instance.js";

/** The hxe level over the reference loader. */
export class HxeInstance implements Instance {
  call(op: string, args: Record<string, unknown>): Record<string, unknown> | null {
    if (op !== "hxe.load") return null;
    try {
      const img = readHxe(fromHex(args.image));
      return {
        error: null,
        version: img.version,
        flags: img.flags,
        entry: img.entry,
        code_len: img.code.length,
        ro_len: img.rodata.length,
        app_name: img.appName,
        mailboxes: img.mailboxes.map((m) => ({ target: m.target, capacity: m.capacity, mode: m.mode, owner_pid: m.ownerPid, bindings: m.bindings.map((b) => ({ pid: b.pid, flags: b.flags })) })),
        values: img.values.length,
        commands: img.commands.length,
      };
    } catch (e) {
      if (!isHxeLoadError(e)) throw e;
      return { error: HxeError[e.code], version: null, flags: null, entry: null, code_len: null, ro_len: null, app_name: null, mailboxes: [], values: 0, commands: 0 };
    }
  }
}

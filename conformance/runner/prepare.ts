import { assemble, isAsmError } from "../../src/asm/index.js";
import { toHex } from "../adapters/hex.js";

export class PrepareError extends Error {}

/**
 * Turn runner-side arguments into protocol arguments (spec: an op's vector_args):
 * exec.load may give MVASM `source`, which the kit's assembler turns into `image`,
 * so adapters only ever see images.
 */
export function prepareArgs(op: string, args: Record<string, unknown>, vectorId: string): Record<string, unknown> {
  if (op !== "exec.load" || typeof args.source !== "string") return args;
  const { source, app_name, single_instance, ...rest } = args;
  try {
    const r = assemble([{ name: `${vectorId}.mvasm`, text: source as string }], {
      defaultAppName: typeof app_name === "string" ? app_name : vectorId.split(".").pop()!,
      singleInstance: single_instance === true,
    });
    return { ...rest, image: toHex(r.bytes) };
  } catch (e) {
    if (isAsmError(e)) throw new PrepareError(`the vector's MVASM does not assemble: ${e.message}`);
    throw e;
  }
}

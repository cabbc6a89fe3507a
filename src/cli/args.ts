import { parseArgs, type ParseArgsConfig } from "node:util";

export type ParsedArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;
import { UsageError } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with usage errors instead of TypeErrors. */
export function parse<O extends Options>(args: string[], options: O, allowPositionals = true): ParsedArgs<O> {
  try {
    return parseArgs({ args, options, allowPositionals: allowPositionals as true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
}

export function intOption(value: string | undefined, name: string, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return dflt;
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

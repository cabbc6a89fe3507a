/** One instance of a level inside the reference adapter. */
export interface Instance {
  /** Run an operation; return its result, or `null` when this level has no such operation. */
  call(op: string, args: Record<string, unknown>): Record<string, unknown> | null;
}

/** Arguments reach the reference already checked against the generated args schema. */
export function num(args: Record<string, unknown>, name: string): number {
  return args[name] as number;
}

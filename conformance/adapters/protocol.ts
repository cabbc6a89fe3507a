/** The adapter protocol as the runner and adapters see it (spec/conformance.yaml protocol). */

export type Reply = { seq: number; ok: Record<string, unknown> } | { seq: number; unsupported: { reason: string } } | { seq: number; error: { message: string; context?: unknown } };

export type Request = { seq: number; cmd: string } & Record<string, unknown>;

export interface HelloResult {
  implementation: { name: string; version: string };
  protocol: number;
  spec_hash: string;
  levels: string[];
  profiles: string[];
  features: string[];
}

/** Something that answers requests: an in-process handler or a child process. */
export interface Endpoint {
  /** Human description: "reference" or the command line. */
  readonly description: string;
  /** Send one request; resolve with its reply, or reject with a TransportError. */
  request(req: Request, timeoutMs: number): Promise<Reply>;
  close(): Promise<void>;
}

export type TransportFailure = "timeout" | "crash" | "garbage" | "closed";

/** The endpoint broke the transport: the current vector is ERROR (or TIMEOUT) and the adapter restarts. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    readonly stderr = "",
  ) {
    super(message);
    this.name = "TransportError";
  }
}

/** Payload of an ok reply, or a tagged failure. */
export type Outcome<T> = { kind: "ok"; value: T } | { kind: "unsupported"; reason: string } | { kind: "error"; message: string };

export function outcomeOf<T>(r: Reply): Outcome<T> {
  if ("ok" in r) return { kind: "ok", value: r.ok as T };
  if ("unsupported" in r) return { kind: "unsupported", reason: r.unsupported.reason };
  return { kind: "error", message: r.error.message };
}

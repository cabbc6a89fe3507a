import { REPLY_VALIDATORS, RESULT_VALIDATORS, validateAdapterReply } from "../../generated/validators/index.js";
import { outcomeOf, TransportError, type Endpoint, type HelloResult, type Outcome, type Reply, type Request } from "../adapters/protocol.js";

/**
 * The runner's side of the protocol over one endpoint: sequence numbers, and every
 * reply checked against the generated schemas. A reply that breaks the protocol is a
 * TransportError ("garbage"), which ends this endpoint.
 */
export class Session {
  private seq = 0;
  private deadline = Infinity;

  constructor(
    readonly endpoint: Endpoint,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Requests until clear() share one time budget (the per-vector timeout, or the
   * handshake's own), which replaces the per-request timeout meanwhile.
   */
  budget(ms: number): void {
    this.deadline = Date.now() + ms;
  }

  clear(): void {
    this.deadline = Infinity;
  }

  private async send(cmd: string, body: Record<string, unknown>): Promise<Reply> {
    const req: Request = { seq: ++this.seq, cmd, ...body };
    // A budget governs alone: the handshake's is longer than --timeout (an adapter may start slowly).
    const left = Math.max(1, this.deadline === Infinity ? this.timeoutMs : this.deadline - Date.now());
    const reply = await this.endpoint.request(req, left);
    if (!validateAdapterReply(reply)) throw new TransportError("garbage", `reply to ${cmd} is not a protocol reply: ${JSON.stringify(reply).slice(0, 200)}`);
    if (reply.seq !== req.seq) throw new TransportError("garbage", `reply to ${cmd} has seq ${reply.seq}, expected ${req.seq}`);
    if ("ok" in reply) {
      const check = REPLY_VALIDATORS[cmd];
      if (check && !check(reply.ok)) throw new TransportError("garbage", `reply to ${cmd} does not match the protocol: ${describe(check.errors)}`);
    }
    return reply;
  }

  async hello(specHash: string, runner: string, protocol: number): Promise<Outcome<HelloResult>> {
    return outcomeOf<HelloResult>(await this.send("hello", { protocol, spec_hash: specHash, runner }));
  }

  async newInstance(level: string, profile: string | null, config: Record<string, unknown> = {}): Promise<Outcome<number>> {
    const o = outcomeOf<{ instance: number }>(await this.send("new", { level, profile, config }));
    return o.kind === "ok" ? { kind: "ok", value: o.value.instance } : o;
  }

  /** Run one operation; a result that does not match the operation's schema is an error outcome. */
  async call(instance: number, op: string, args: Record<string, unknown>): Promise<Outcome<Record<string, unknown>>> {
    const o = outcomeOf<{ result: Record<string, unknown> }>(await this.send("call", { instance, op, args }));
    if (o.kind !== "ok") return o;
    const check = RESULT_VALIDATORS[op];
    if (check && !check(o.value.result)) return { kind: "error", message: `result of ${op} does not match the protocol: ${describe(check.errors)}` };
    return { kind: "ok", value: o.value.result };
  }

  async end(instance: number): Promise<void> {
    await this.send("end", { instance });
  }

  async bye(): Promise<void> {
    await this.send("bye", {});
  }
}

function describe(errors: readonly { instancePath: string; message?: string }[] | null | undefined): string {
  const e = errors?.[0];
  return e ? `${e.instancePath || "/"} ${e.message ?? ""}`.trim() : "invalid";
}

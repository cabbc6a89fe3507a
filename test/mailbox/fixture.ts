// Shared fixture for the mailbox manager tests: a fake clock, an event log in which
// every event is wrapped in the executive envelope and checked against the generated
// schema as it is emitted, and a few byte helpers.
import type { ProfileName } from "../../generated/ts/index.js";
import { validateHsxEvent, validateMailboxSnapshot, validateMailboxStats } from "../../generated/validators/index.js";
import { MailboxApi, MailboxManager, type MailboxEvent } from "../../src/mailbox/index.js";

export class Fixture {
  /** Clock in microseconds. */
  t = 0;
  readonly events: MailboxEvent[] = [];
  readonly m: MailboxManager;
  readonly api: MailboxApi;
  private seq = 0;

  constructor(profile: ProfileName = "desktop", listen = true) {
    this.m = new MailboxManager({
      profile,
      clock: { now: () => this.t },
      onEvent: listen ? (e) => this.record(e) : undefined,
    });
    this.api = new MailboxApi(this.m);
  }

  private record(e: MailboxEvent): void {
    const envelope = { seq: ++this.seq, ts: this.t, type: e.type, pid: e.pid, data: e.data };
    if (!validateHsxEvent(envelope)) {
      throw new Error(`event fails its schema: ${JSON.stringify(envelope)} ${JSON.stringify(validateHsxEvent.errors)}`);
    }
    this.events.push(e);
  }

  advanceMs(ms: number): void {
    this.t += ms * 1000;
  }

  /** Events recorded since the last call. */
  take(): MailboxEvent[] {
    return this.events.splice(0);
  }

  /** Types of the events recorded since the last take(). */
  types(): string[] {
    return this.take().map((e) => e.type);
  }

  /** Events of one type recorded since the last take() (the others are discarded). */
  ofType<T extends MailboxEvent["type"]>(type: T): Extract<MailboxEvent, { type: T }>[] {
    return this.take().filter((e): e is Extract<MailboxEvent, { type: T }> => e.type === type);
  }

  /** open() that must succeed. */
  open(pid: number, target: string, flags = 0): number {
    const r = this.api.open(pid, target, flags);
    if (r.status !== 0) throw new Error(`open(${pid}, ${target}, ${flags}) = ${r.status}`);
    return r.handle;
  }

  /** bind() that must succeed. */
  bind(pid: number, target: string, capacity = 0, mode = 0): number {
    const r = this.api.bind(pid, target, capacity, mode);
    if (r.status !== 0) throw new Error(`bind(${pid}, ${target}) = ${r.status}`);
    return r.descriptor;
  }

  /** Send a text message (status returned). */
  send(pid: number, handle: number, body: string | Uint8Array, flags = 0, channel = 0, timeoutMs = 0): number {
    const data = typeof body === "string" ? bytes(body) : body;
    return this.m.send(pid, handle, data, 0, data.length, flags, channel, timeoutMs);
  }

  /** Receive as text ("" when not OK). */
  recvText(pid: number, handle: number, maxLen = 256, timeoutMs = 0): { status: number; text: string; flags: number } {
    const r = this.api.recv(pid, handle, maxLen, timeoutMs);
    return { status: r.status, text: text(r.data), flags: r.flags };
  }

  /** The descriptor snapshot for a canonical target (validated). */
  desc(target: string): ReturnType<MailboxManager["snapshot"]>[number] {
    const s = this.snapshot().find((d) => d.target === target);
    if (s === undefined) throw new Error(`no descriptor ${target}`);
    return s;
  }

  snapshot(): ReturnType<MailboxManager["snapshot"]> {
    const s = this.m.snapshot();
    if (!validateMailboxSnapshot(s)) throw new Error(`snapshot fails its schema: ${JSON.stringify(validateMailboxSnapshot.errors)}`);
    return s;
  }

  stats(): ReturnType<MailboxManager["stats"]> {
    const s = this.m.stats();
    if (!validateMailboxStats(s)) throw new Error(`stats fail their schema: ${JSON.stringify(validateMailboxStats.errors)}`);
    return s;
  }
}

export function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function text(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

export function filled(n: number, v = 0x61): Uint8Array {
  return new Uint8Array(n).fill(v);
}

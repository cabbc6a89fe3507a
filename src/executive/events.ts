// The executive's event stream (spec/events.yaml): every event in the envelope
// {seq, ts, type, pid, data} with seq from 1 and no gaps (events.rule.EVENT_SEQ) and ts
// the executive clock in µs (R-EVT-ENVELOPE). Published events go to the subscribed
// listeners and to a history ring of the profile's event_buffer_entries (executive.rule.EVENT_HISTORY). Mailbox
// events come from the manager as {type, pid, data} and are wrapped here.
import type { HsxEvent } from "../../generated/ts/types/event.js";
import type { MailboxEvent } from "../mailbox/index.js";
import type { ExecClock } from "./clock.js";

export type ExecEvent = HsxEvent;
export type ExecEventListener = (event: ExecEvent) => void;

type Data<T extends ExecEvent["type"]> = Extract<ExecEvent, { type: T }>["data"];

export class EventBus {
  private seq = 0;
  private readonly ring: (ExecEvent | undefined)[];
  private ringAt = 0;
  private ringCount = 0;
  private readonly listeners: ExecEventListener[] = [];
  /** Whether anything observes events; when false, nothing is built or numbered. */
  active: boolean;

  constructor(
    private readonly clock: ExecClock,
    historyEntries: number,
  ) {
    this.ring = new Array<ExecEvent | undefined>(Math.max(0, historyEntries)).fill(undefined);
    this.active = this.ring.length > 0;
  }

  subscribe(listener: ExecEventListener): () => void {
    this.listeners.push(listener);
    this.active = true;
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
      this.active = this.ring.length > 0 || this.listeners.length > 0;
    };
  }

  /** Publish an event of the executive's own (callers check `active` first on hot paths). */
  publish<T extends ExecEvent["type"]>(type: T, pid: number | null, data: Data<T>): void {
    if (!this.active) return;
    this.emit({ seq: ++this.seq, ts: this.clock.now(), type, pid, data } as ExecEvent);
  }

  /** Wrap and publish an event of the mailbox manager. */
  mailbox(e: MailboxEvent): void {
    this.emit({ seq: ++this.seq, ts: this.clock.now(), type: e.type, pid: e.pid, data: e.data } as ExecEvent);
  }

  /** The last event_buffer_entries events, oldest first. */
  history(): ExecEvent[] {
    const n = this.ring.length;
    const out: ExecEvent[] = [];
    for (let i = 0; i < this.ringCount; i++) out.push(this.ring[(this.ringAt - this.ringCount + i + n) % n]!);
    return out;
  }

  /** Events published so far (the last seq). */
  get published(): number {
    return this.seq;
  }

  private emit(e: ExecEvent): void {
    const n = this.ring.length;
    if (n > 0) {
      this.ring[this.ringAt] = e;
      this.ringAt = this.ringAt + 1 === n ? 0 : this.ringAt + 1;
      if (this.ringCount < n) this.ringCount++;
    }
    for (const l of this.listeners) l(e);
  }
}

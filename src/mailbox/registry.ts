// Descriptor and handle lifetime (mailbox.rule.LIFETIME, mailbox.rule.CLOSE).
//
// Descriptors are found by canonical target; ids and handle ids count upward and are
// reused only after the 16-bit space wraps, and never while in use, so a stale handle
// or descriptor id is detected rather than aliased.
import { MbxNamespace } from "../../generated/ts/index.js";
import { Descriptor, Handle, PidState } from "./descriptor.js";
import { catchUp } from "./fanout.js";
import type { Quotas } from "./quotas.js";
import type { TargetResolver } from "./target.js";
import { releasePins } from "./zerocopy.js";

const MAX_ID = 0xffff;

export class Registry {
  readonly byTarget = new Map<string, Descriptor>();
  readonly byId = new Map<number, Descriptor>();
  private nextId = 1;

  constructor(
    private readonly quotas: Quotas,
    readonly pids: (PidState | undefined)[],
  ) {}

  pidState(pid: number): PidState {
    let ps = this.pids[pid];
    if (ps === undefined) this.pids[pid] = ps = new PidState(pid);
    return ps;
  }

  /** Create the descriptor t names, or return null after mailbox_exhausted (mailbox.rule.QUOTAS). */
  create(pid: number, t: TargetResolver, capacity: number, mode: number): Descriptor | null {
    const nameCost = t.ns === MbxNamespace.PID ? 0 : t.name.length + 1;
    if (!this.quotas.canCreate(pid, nameCost, t.key)) return null;
    let id = this.nextId;
    while (this.byId.has(id)) id = id === MAX_ID ? 1 : id + 1;
    this.nextId = id === MAX_ID ? 1 : id + 1;
    const d = new Descriptor(id, t.ns, t.name, t.owner, t.key, nameCost, capacity);
    d.setMode(mode);
    this.byTarget.set(t.key, d);
    this.byId.set(id, d);
    this.quotas.created(nameCost);
    return d;
  }

  /** Free a descriptor nothing keeps alive any more, with its queue (and the buffers it pins). */
  freeIfUnused(d: Descriptor): boolean {
    if (d.alive) return false;
    if (d.pinHead !== null) releasePins(d); // mailbox.rule.ZERO_COPY
    this.byTarget.delete(d.target);
    this.byId.delete(d.id);
    this.quotas.freed(d.nameCost);
    return true;
  }

  /** Allocate a handle id (upward from 1, skipping open ones) and open the handle. */
  openHandle(ps: PidState, d: Descriptor, canRead: boolean, canWrite: boolean): Handle {
    let id = ps.nextHandle;
    while (ps.handles.has(id)) id = id === MAX_ID ? 1 : id + 1;
    ps.nextHandle = id === MAX_ID ? 1 : id + 1;
    const h = new Handle(id, ps.pid, d, canRead, canWrite);
    catchUp(d, h);
    ps.handles.set(id, h);
    d.addHandle(h);
    this.quotas.handles++;
    return h;
  }

  /** Release a handle and its tap buffer; the caller frees or services the descriptor. */
  closeHandle(ps: PidState, h: Handle): void {
    const d = h.desc;
    ps.forget(h);
    d.removeHandle(h);
    this.quotas.handles--;
    if (h.tap !== null) this.dropTap(h);
  }

  dropTap(h: Handle): void {
    const taps = h.desc.taps;
    taps.splice(taps.indexOf(h), 1);
    h.tap = null;
    this.quotas.taps--;
  }

  hold(ps: PidState, d: Descriptor): void {
    if (d.addHolder(ps.pid)) ps.holds.add(d);
  }
}

// Pool and quota accounting for the selected profile (mailbox.rule.QUOTAS).
//
// Each check either admits the request or emits mailbox_exhausted and refuses it;
// the caller then fails with the matching status (and mailbox_error after it,
// mailbox.rule.EVENTS). Nothing is counted until the request succeeds, so a refused
// request changes nothing (mailbox.rule.OPEN_ATOMIC).
import type { ProfileInfo } from "../../generated/ts/index.js";
import type { EventSink } from "./events.js";

export class Quotas {
  readonly maxDescriptors: number;
  readonly namePoolBytes: number;
  readonly handlesPerPid: number;
  readonly maxHandles: number;
  readonly maxTaps: number;
  readonly defaultCapacity: number;
  readonly maxCapacity: number;
  /** Copies per TAP_RATE_WINDOW_MS per tap; 0 = no limit. */
  readonly tapRateLimit: number;

  descriptors = 0;
  descriptorHighWater = 0;
  /** Sticky: a creation failed since start, for lack of a descriptor or of name bytes (mailbox.rule.QUOTAS). */
  descriptorPoolExhausted = false;
  nameBytes = 0;
  handles = 0;
  taps = 0;
  tapDrops = 0;

  constructor(
    profile: ProfileInfo,
    private readonly sink: EventSink,
  ) {
    const l = profile.limits;
    this.maxDescriptors = l.max_descriptors;
    this.namePoolBytes = l.name_pool_bytes;
    this.handlesPerPid = l.handles_per_pid;
    this.maxHandles = l.max_handles;
    this.maxTaps = l.max_taps;
    this.defaultCapacity = l.default_capacity;
    this.maxCapacity = l.max_capacity;
    this.tapRateLimit = l.tap_rate_limit;
  }

  /** Room for a new descriptor whose name costs nameCost bytes of the name pool. */
  canCreate(pid: number, nameCost: number, target: string): boolean {
    if (this.descriptors >= this.maxDescriptors) {
      this.descriptorPoolExhausted = true;
      if (this.sink.active) this.sink.exhausted(pid, "descriptor_pool_full", this.maxDescriptors, this.descriptors, target);
      return false;
    }
    if (this.nameBytes + nameCost > this.namePoolBytes) {
      this.descriptorPoolExhausted = true;
      if (this.sink.active) this.sink.exhausted(pid, "name_pool_full", this.namePoolBytes, this.nameBytes, target);
      return false;
    }
    return true;
  }

  created(nameCost: number): void {
    this.descriptors++;
    this.nameBytes += nameCost;
    if (this.descriptors > this.descriptorHighWater) this.descriptorHighWater = this.descriptors;
  }

  freed(nameCost: number): void {
    this.descriptors--;
    this.nameBytes -= nameCost;
  }

  /** Room for one more handle of a pid holding pidHandles (its quota first, then the pool). */
  canOpen(pid: number, pidHandles: number): boolean {
    if (pidHandles >= this.handlesPerPid) {
      if (this.sink.active) this.sink.exhausted(pid, "handle_limit", this.handlesPerPid, pidHandles, null);
      return false;
    }
    if (this.handles >= this.maxHandles) {
      if (this.sink.active) this.sink.exhausted(pid, "handle_pool_full", this.maxHandles, this.handles, null);
      return false;
    }
    return true;
  }

  canTap(pid: number): boolean {
    if (this.taps >= this.maxTaps) {
      if (this.sink.active) this.sink.exhausted(pid, "tap_pool_full", this.maxTaps, this.taps, null);
      return false;
    }
    return true;
  }
}

// Resource monitoring: stats() and snapshot() (records mailbox_stats,
// mailbox_footprint and mailbox_descriptor_snapshot of spec/mailbox.yaml).
import type { ProfileInfo } from "../../generated/ts/index.js";
import type { MailboxDescriptorSnapshot, MailboxSnapshot } from "../../generated/ts/types/mailbox-snapshot.js";
import type { MailboxStats } from "../../generated/ts/types/mailbox-stats.js";
import type { Descriptor } from "./descriptor.js";
import type { Quotas } from "./quotas.js";
import type { BufferPool } from "./zerocopy.js";

export function buildStats(profile: ProfileInfo, quotas: Quotas, zc: BufferPool, descriptors: Iterable<Descriptor>, waiterCount: number): MailboxStats {
  let totalCapacity = 0;
  let bytesUsed = 0;
  let queueDepth = 0;
  let tapDepth = 0;
  let tapBytes = 0;
  let fanout = 0;
  const perPid: Record<string, number> = {};
  for (const d of descriptors) {
    totalCapacity += d.ring.cap;
    bytesUsed += d.ring.used;
    queueDepth += d.ring.count;
    if (d.fanout) fanout++;
    for (const t of d.taps) {
      tapDepth += t.tap!.ring.count;
      tapBytes += t.tap!.ring.cap;
    }
    for (const h of d.handles) perPid[h.pid] = (perPid[h.pid] ?? 0) + 1;
  }
  const metadata = profile.footprint.metadataBytes;
  const rings = totalCapacity + tapBytes;
  // The formula's buffers term (zc_buffers * zc_buffer_bytes): the pool is static.
  const buffers = zc.size * zc.bufferBytes;
  // SPEC-GAP: the footprint formula adds name_pool_bytes (a static pool) and the
  // buffers; we keep those terms, replacing only the statically sized rings by the
  // capacities reserved (ring_bytes_reserved, which does not include the buffers).
  const total = metadata + rings + buffers + quotas.namePoolBytes;
  return {
    profile: profile.name,
    max_descriptors: quotas.maxDescriptors,
    active_descriptors: quotas.descriptors,
    free_descriptors: quotas.maxDescriptors - quotas.descriptors,
    descriptor_high_water: quotas.descriptorHighWater,
    descriptor_pool_exhausted: quotas.descriptorPoolExhausted,
    name_pool_bytes: quotas.namePoolBytes,
    name_bytes_used: quotas.nameBytes,
    total_capacity: totalCapacity,
    bytes_used: bytesUsed,
    bytes_available: totalCapacity - bytesUsed,
    queue_depth: queueDepth,
    handles_total: quotas.handles,
    max_handles: quotas.maxHandles,
    handle_limit_per_pid: quotas.handlesPerPid,
    handles_per_pid: perPid,
    tap_count: quotas.taps,
    max_taps: quotas.maxTaps,
    tap_rate_limit: quotas.tapRateLimit,
    tap_queue_depth: tapDepth,
    tap_drops: quotas.tapDrops,
    waiter_count: waiterCount,
    // mailbox.rule.ZERO_COPY: the reference offers zero-copy, so it reports its pool.
    zc_buffers: zc.size,
    zc_buffers_free: zc.free,
    fanout_descriptors: fanout,
    footprint: {
      metadata_bytes: metadata,
      ring_bytes_reserved: rings,
      name_bytes_used: quotas.nameBytes,
      total_bytes: total,
      metadata_budget: profile.budget.metadataBytes,
      sram_budget: profile.budget.sramBytes,
      within_budget: metadata <= profile.budget.metadataBytes && total <= profile.budget.sramBytes,
    },
  };
}

function describe(d: Descriptor): MailboxDescriptorSnapshot {
  const head = d.headSeq;
  const waiters: MailboxDescriptorSnapshot["waiters"] = [];
  for (let w = d.waits.head; w !== null; w = w.next) waiters.push({ pid: w.pid, handle: w.handle, op: w.op, deadline: w.deadline });
  // SPEC-GAP: readers (and their cursors) exist only with FANOUT; single-reader
  // descriptors report none.
  const readers = d.fanout
    ? d.handles
        .filter((h) => h.isReader)
        .map((h) => ({ pid: h.pid, handle: h.id, last_seq: h.lastSeq, lag: d.nextSeq - 1 - Math.max(h.lastSeq, head - 1) }))
    : [];
  const taps = d.taps.map((h) => ({ pid: h.pid, handle: h.id, depth: h.tap!.ring.count, bytes_used: h.tap!.ring.used, drops: h.tap!.drops }));
  return {
    descriptor_id: d.id,
    target: d.target,
    namespace: d.ns,
    name: d.name,
    owner_pid: d.owner,
    capacity: d.ring.cap,
    mode_mask: d.mode,
    bytes_used: d.ring.used,
    queue_depth: d.ring.count,
    high_water: d.highWater,
    head_seq: head,
    next_seq: d.nextSeq,
    handles: d.handles.length,
    holders: [...d.holders],
    waiters,
    readers,
    taps,
  };
}

export function buildSnapshot(descriptors: Iterable<Descriptor>): MailboxSnapshot {
  return [...descriptors].sort((a, b) => a.id - b.id).map(describe);
}

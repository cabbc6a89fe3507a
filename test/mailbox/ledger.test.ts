// Delivery guarantees checked from the outside, without the model: every payload
// carries a unique tag, and a ledger of what readers receive and of the overrun events
// must show exactly-once-or-reported-lost delivery in order (see ledger.ts), whether
// messages go by copy or by zero-copy buffer, with no buffer ever lost.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fcParams } from "./fc.js";
import { World, checkFanoutReader, checkTap, op } from "./ledger.js";

describe("delivery ledger", () => {
  for (const [profile, seed] of [["embedded", 0x6c31], ["desktop", 0x6c32]] as const) {
    it(`${profile}: exactly once or reported lost, in order, OVERRUN exactly after each gap`, () => {
      fc.assert(
        fc.property(fc.array(op, { minLength: 20, maxLength: 250 }), (ops) => {
          const w = new World(profile);
          for (const o of ops) w.run(o);
          w.drain();
          for (const r of w.readers) {
            if (r.tap) checkTap(w, r);
            else if (r.d !== 0) checkFanoutReader(w, r);
          }
          // Single-reader: delivered in queue order, each message once; the rest is queued.
          const order = w.singleOrder;
          for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThan(order[i - 1]!);
          const queued = w.fx.desc("app:single").queue_depth;
          expect(order.length + queued).toBe(w.accepted[0]!.length);
          if (queued > 0) expect(w.fx.desc("app:single").head_seq).toBe(order.length === 0 ? 0 : order[order.length - 1]! + 1);
          // bytes_used is the sum of payload + 8 over what is queued, per descriptor.
          for (const d of w.fx.snapshot()) expect(d.bytes_used).toBeLessThanOrEqual(d.capacity);
          // Once every task has exited, nothing is left and every zero-copy buffer is back.
          w.exitAll();
          expect(w.fx.snapshot()).toEqual([]);
          expect(w.fx.stats().zc_buffers_free).toBe(w.fx.stats().zc_buffers);
        }),
        fcParams(seed, 120),
      );
    });
  }
});

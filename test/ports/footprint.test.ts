// Footprint of the C mailbox manager (plan 6.3) against spec/profiles.yaml, as the
// generated constants give it: every record within its profile's cost on that
// profile's target, the records' metadata within the metadata budget, and the AVR
// embedded build within its SRAM budget once waiting sends are not staged. A target is
// skipped only when its cross compiler is missing (.ci/run installs them all).
import { beforeAll, describe, expect, it } from "vitest";
import { MAILBOX, PROFILES } from "../../generated/ts/index.js";
import { buildFootprint, hasTool, measure, renderTable, TARGETS, type FootprintRow, type Target, type TargetInfo } from "../../ports/c/footprint.js";

const available = TARGETS.filter((t) => hasTool(t.cc) && hasTool(t.nm) && hasTool(t.size));
const rows = new Map<string, FootprintRow>();
const key = (t: Target, p: string): string => `${t}/${p}`;

beforeAll(() => {
  buildFootprint(available);
  for (const t of available) for (const p of t.profiles) rows.set(key(t.target, p), measure(t, p));
  if (rows.size) console.log(renderTable([...rows.values()]));
}, 300_000);

function row(t: TargetInfo, p: string): FootprintRow {
  const r = rows.get(key(t.target, p));
  if (!r) throw new Error(`no measurement for ${t.target}/${p}`);
  return r;
}

for (const t of TARGETS) {
  const have = available.includes(t);
  const note = have ? "" : ` [SKIPPED: ${t.cc} or its binutils is not installed; .ci/run installs it]`;
  describe.skipIf(!have)(`${t.target} (${t.description})${note}`, () => {
    for (const p of t.profiles) {
      it(`${p}: descriptor, handle and tap records fit the profile's costs; the message header is MSG_HEADER_BYTES`, () => {
        const r = row(t, p);
        const costs = PROFILES[p].costs;
        expect(r.desc).toBeLessThanOrEqual(costs.descriptor_bytes);
        expect(r.handle).toBeLessThanOrEqual(costs.handle_bytes);
        expect(r.tap).toBeLessThanOrEqual(costs.tap_bytes);
        expect(r.header).toBe(MAILBOX.MSG_HEADER_BYTES);
      });

      it(`${p}: the records' metadata fits the metadata budget`, () => {
        const r = row(t, p);
        const l = PROFILES[p].limits;
        expect(r.metadataRecords).toBe(l.max_descriptors * r.desc + l.max_handles * r.handle + l.max_taps * r.tap);
        expect(r.metadataRecords).toBeLessThanOrEqual(PROFILES[p].budget.metadataBytes);
      });

      if (t.native.includes(p)) {
        it(`${p} on its own target: all bookkeeping (records, pid table, buffer records, counters) stays within 5% of the metadata budget`, () => {
          expect(row(t, p).metadataAll).toBeLessThanOrEqual(PROFILES[p].budget.metadataBytes * 1.05);
        });
      }

      it(`${p}: the static RAM holds at least the formula's rings, buffers and name pool, and code is measured`, () => {
        const r = row(t, p);
        const f = PROFILES[p].footprint;
        expect(r.staticRam).toBeGreaterThanOrEqual(f.ringBytes + f.nameBytes);
        expect(r.code).toBeGreaterThan(0);
      });
    }
  });
}

const avrNoStaging = TARGETS.find((t) => t.target === "avr-nostaging")!;
describe.skipIf(!available.includes(avrNoStaging))(`AVR embedded without send staging${available.includes(avrNoStaging) ? "" : " [SKIPPED: avr-gcc is not installed]"}`, () => {
  it("fits the embedded SRAM budget", () => {
    const r = row(avrNoStaging, "embedded");
    expect(r.staticRam).toBeLessThanOrEqual(PROFILES.embedded.budget.sramBytes);
  });
});

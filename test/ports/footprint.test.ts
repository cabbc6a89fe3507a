// Footprint of the C mailbox manager (plan 6.3) against spec/profiles.yaml, as the
// generated constants give it: every record within its profile's cost on that
// profile's target, the records' metadata within the metadata budget, and the default
// build (waiting sends not staged, mailbox.rule.SEND_WAIT) within the SRAM budget of
// each profile on its own microcontroller: embedded on AVR, cortex_m on Cortex-M4. A
// target is skipped only when its cross compiler is missing (.ci/run installs them all).
import { beforeAll, describe, expect, it } from "vitest";
import { MAILBOX, PROFILES, type ProfileName } from "../../generated/ts/index.js";
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

/** The default build of each microcontroller target, with the profile whose target class it is. */
const SRAM_CHECKS: readonly { target: Target; profile: ProfileName }[] = [
  { target: "avr", profile: "embedded" },
  { target: "cm4", profile: "cortex_m" },
];

describe("the default build fits the SRAM budget on its own target", () => {
  for (const c of SRAM_CHECKS) {
    const t = TARGETS.find((x) => x.target === c.target)!;
    const have = available.includes(t);
    it.skipIf(!have)(`${c.profile} on ${c.target}: static RAM (.data + .bss: the hsx_mbx_t and the manager's own data) <= the profile's SRAM budget${have ? "" : ` [SKIPPED: ${t.cc} is not installed]`}`, () => {
      expect(t.staging).toBe(false);
      expect(t.native).toContain(c.profile);
      const r = row(t, c.profile);
      expect(r.staticRam).toBeLessThanOrEqual(PROFILES[c.profile].budget.sramBytes);
    });
  }
});

const avrStaging = TARGETS.find((t) => t.target === "avr-staging")!;
describe.skipIf(!available.includes(avrStaging))(`AVR embedded with the opt-in send staging${available.includes(avrStaging) ? "" : " [SKIPPED: avr-gcc is not installed]"}`, () => {
  it("costs exactly one staging buffer of max_capacity - MSG_HEADER_BYTES per pid slot more than the default build", () => {
    const staged = row(avrStaging, "embedded");
    const plain = row(TARGETS.find((t) => t.target === "avr")!, "embedded");
    const l = PROFILES.embedded.limits;
    expect(staged.staticRam - plain.staticRam).toBe(staged.npids * (l.max_capacity - MAILBOX.MSG_HEADER_BYTES));
  });
});

// Bad input (fixed seeds): the loader only ever throws HxeLoadError, reads nothing out
// of bounds (its DataView reads would throw RangeError) and always finishes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HxeSection } from "../../generated/ts/index.js";
import { HxeLoadError, readHxe } from "../../src/hxe/index.js";
import { fixCrc, goldenBytes, image, mailboxJson, section } from "./images.js";

function load(bytes: Uint8Array): "ok" | string {
  try {
    readHxe(bytes);
    return "ok";
  } catch (e) {
    if (e instanceof HxeLoadError) return e.code;
    throw e; // anything else fails the property
  }
}

/** Valid images with metadata of every kind to mutate. */
const SEEDS = [
  goldenBytes(),
  image(),
  image({ version: 1, appName: null }),
  image({ sections: [mailboxJson('{"version":1,"mailboxes":[{"target":"a","bindings":[{"pid":1}]}]}'), section(HxeSection.VALUE, [1, 2, 0, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0], 1)] }),
];

describe("readHxe under random input", () => {
  it("random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => void load(b)), { seed: 1, numRuns: 20_000 });
  });

  it("random bytes behind a valid v1/v2 prefix", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.integer({ min: 0, max: 120 }), fc.uint8Array({ maxLength: 300 }), fc.boolean(), (seed, keep, tail, crc) => {
        const b = new Uint8Array(Math.min(keep, seed.length) + tail.length);
        b.set(seed.subarray(0, keep));
        b.set(tail, Math.min(keep, seed.length));
        void load(crc && b.length >= 96 ? fixCrc(b) : b);
      }),
      { seed: 2, numRuns: 20_000 },
    );
  });

  it("mutated valid images (CRC repaired so the deep checks run)", () => {
    const mutation = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.integer({ min: -8, max: 8 }), (seed, muts, crc, grow) => {
        let b = seed.slice();
        for (const m of muts) b[m.at % b.length] = m.value;
        if (grow < 0) b = b.subarray(0, Math.max(0, b.length + grow));
        else if (grow > 0) b = Uint8Array.from([...b, ...new Array(grow).fill(0)]);
        void load(crc && b.length >= 96 ? fixCrc(b.slice()) : b);
      }),
      { seed: 3, numRuns: 30_000 },
    );
  });

  it("header fields set to edge values", () => {
    const edges = [0, 1, 3, 4, 95, 96, 0x60, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0, 0x10000, 0x10001];
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.constantFrom(0x08, 0x0c, 0x10, 0x14, 0x40, 0x44), fc.constantFrom(...edges), (seed, field, v) => {
        const b = seed.slice();
        if (b.length < field + 4) return;
        new DataView(b.buffer).setUint32(field, v);
        const code = load(b.length >= 96 ? fixCrc(b) : b);
        expect(typeof code).toBe("string");
      }),
      { seed: 4, numRuns: 3000 },
    );
  });
});

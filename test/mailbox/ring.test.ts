// The byte ring under the descriptors and taps: wrap-around of headers and payloads,
// resize and the small/large copy paths.
import { describe, expect, it } from "vitest";
import { MAILBOX } from "../../generated/ts/index.js";
import { MessageRing, copyBytes } from "../../src/mailbox/ring.js";

const HDR = MAILBOX.MSG_HEADER_BYTES;

function payload(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i) & 0xff);
}

function popAll(ring: MessageRing): [number, number, number, number, number[]][] {
  const got: [number, number, number, number, number[]][] = [];
  while (ring.count > 0) {
    ring.popHead();
    const dst = new Uint8Array(ring.hLen);
    ring.copyOut(dst, 0, ring.hLen);
    got.push([ring.hLen, ring.hFlags, ring.hSrc, ring.hChan, Array.from(dst)]);
  }
  return got;
}

describe("MessageRing", () => {
  it("stores header and payload at every wrap position, byte for byte", () => {
    for (let cap = 9; cap <= 80; cap += 7) {
      for (let shift = 0; shift < cap; shift++) {
        const ring = new MessageRing(cap);
        // Move head and tail to `shift` with a filler message first.
        if (shift >= HDR) {
          ring.push(shift - HDR, 0, 0, 0, payload(shift, 0), 0);
          ring.popHead();
        } else if (shift > 0) {
          ring.head = ring.tail = shift;
        }
        const msgs: [number, number, number, number, number[]][] = [];
        for (let k = 1; ring.fits(HDR + 1 + (k % 5)); k++) {
          const len = 1 + (k % 5);
          const data = payload(len, k);
          ring.push(len, 0xa500 | k, 0x1200 | k, 0xff00 | k, data, 0);
          msgs.push([len, 0xa500 | k, 0x1200 | k, 0xff00 | k, Array.from(data)]);
        }
        expect(ring.used).toBe(msgs.reduce((a, m) => a + m[0] + HDR, 0));
        expect(popAll(ring)).toEqual(msgs);
        expect([ring.used, ring.count]).toEqual([0, 0]);
      }
    }
  });

  it("orFlags marks a header that wraps", () => {
    const ring = new MessageRing(20);
    ring.head = ring.tail = 17;
    ring.push(2, 0x10, 1, 2, payload(2, 1), 0);
    ring.orFlags(17, 0x08);
    ring.popHead();
    expect([ring.hLen, ring.hFlags, ring.hSrc, ring.hChan]).toEqual([2, 0x18, 1, 2]);
  });

  it("resize keeps the messages in order and returns the old head", () => {
    const ring = new MessageRing(30);
    ring.head = ring.tail = 25;
    ring.push(4, 1, 1, 1, payload(4, 1), 0);
    ring.push(6, 2, 2, 2, payload(6, 2), 0);
    expect(ring.resize(26)).toBe(25);
    expect([ring.head, ring.tail, ring.cap]).toEqual([0, 0, 26]);
    ring.resize(100);
    expect(ring.tail).toBe(26);
    expect(popAll(ring).map((m) => m[4])).toEqual([Array.from(payload(4, 1)), Array.from(payload(6, 2))]);
  });

  it("copies large payloads through a view and small ones byte by byte", () => {
    for (const n of [0, 1, 3, 4, 5, 48, 49, 300]) {
      const src = payload(n + 7, n);
      const dst = new Uint8Array(n + 9);
      copyBytes(src, 7, dst, 2, n);
      expect(Array.from(dst.subarray(2, 2 + n))).toEqual(Array.from(src.subarray(7, 7 + n)));
      expect([dst[0], dst[1], dst[n + 2] ?? 0]).toEqual([0, 0, 0]);
    }
  });

  it("a large message wrapping around the end", () => {
    const ring = new MessageRing(400);
    ring.head = ring.tail = 350;
    const data = payload(300, 9);
    ring.push(300, 0, 0, 0, data, 0);
    expect(popAll(ring)[0]![4]).toEqual(Array.from(data));
  });
});

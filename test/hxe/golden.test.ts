// hsx-isa-hxe §5.6: the golden file loads, runs unchanged and writes back byte for byte.
import { describe, expect, it } from "vitest";
import { HXE, HxeSection } from "../../generated/ts/index.js";
import { crc32, readHxe, writeHxe } from "../../src/hxe/index.js";
import { runStandalone } from "../../src/vm/index.js";
import { goldenBytes } from "./images.js";

describe("the §5.6 golden file", () => {
  const bytes = goldenBytes();
  const img = readHxe(bytes);

  it("has the documented header and layout", () => {
    expect(bytes.length).toBe(378);
    expect(img).toMatchObject({ version: 2, flags: 0x0002, crc32: 0xe4bd2985, appName: "demo", metaOffset: 0xc0, entry: 0, allowMultiple: true, manifestPresent: false });
    expect(img.code.length).toBe(76);
    expect(img.rodata.length).toBe(20);
    expect(img.sections.map((s) => [s.type, s.offset, s.size, s.entryCount])).toEqual([
      [HxeSection.VALUE, 0xf0, 30, 1],
      [HxeSection.COMMAND, 0x10e, 31, 1],
      [HxeSection.MAILBOX, 0x12d, 77, 1],
    ]);
  });

  it("decodes its metadata", () => {
    expect(img.values).toEqual([{ group: 1, id: 2, flags: 2, auth: 1, init: 0x3e00, epsilon: 0, min: 0, max: 0x5640, persistKey: 4660, name: "speed", unit: "rpm", groupName: null }]);
    expect(img.commands).toEqual([{ group: 1, id: 3, flags: 1, auth: 0, handlerOffset: 0x48, name: "reset", help: "reset it", groupName: null, reserved: 0 }]);
    expect(img.mailboxes).toEqual([{ target: "app:demo", capacity: 64, mode: 3, ownerPid: null, bindings: [] }]);
  });

  it("runs unchanged: output hello, R0..R7 as documented, 43 steps, pc 0x40", () => {
    const r = runStandalone(img, { maxSteps: 1000 });
    expect(r.outcome).toBe("EXIT");
    expect(Buffer.from(r.output).toString()).toBe("hello");
    expect(Array.from(r.vm.regs.subarray(0, 8))).toEqual([3025, 16384, 5, 0, 3025, 1, 16392, 16384]);
    expect(r.steps).toBe(43);
    expect(r.pc).toBe(0x40);
  });

  it("writes back to the same bytes", () => {
    expect(Buffer.from(writeHxe(img)).equals(Buffer.from(bytes))).toBe(true);
  });

  it("CRC span: app_name and the meta fields are outside it (R-HXE-CRC-SPAN)", () => {
    const renamed = bytes.slice();
    renamed.set(new TextEncoder().encode("other"), 0x20);
    expect(readHxe(renamed).appName).toBe("other");
    expect(readHxe(renamed).crc32).toBe(0xe4bd2985);
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(HXE.CRC_FIELD_OFFSET).toBe(0x1c);
  });
});

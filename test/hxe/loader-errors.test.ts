// hxe enum hxe_error: one image per loader error code, and the check order (hxe.rule.LOAD_ORDER).
import { describe, expect, it } from "vitest";
import { HXE, HXE_ERROR_ORDER, HxeSection, type HxeErrorName } from "../../generated/ts/index.js";
import { HxeLoadError, readHxe } from "../../src/hxe/index.js";
import { fixCrc, image, mailboxJson, section, u16, u32 } from "./images.js";

function codeOf(bytes: Uint8Array): HxeErrorName | "OK" {
  try {
    readHxe(bytes);
    return "OK";
  } catch (e) {
    expect(e).toBeInstanceOf(HxeLoadError);
    return (e as HxeLoadError).code;
  }
}

const withMeta = (...s: ReturnType<typeof section>[]) => image({ sections: s });
/** A value section with one entry whose name offset and payload tail are given. */
function valueSection(nameOff: number, tail: number[], count = 1): ReturnType<typeof section> {
  const entry = new Array(20).fill(0);
  entry[6] = nameOff >> 8;
  entry[7] = nameOff & 0xff;
  return section(HxeSection.VALUE, [...entry, ...tail], count);
}

/** One image per code. */
const IMAGES: Record<HxeErrorName, () => Uint8Array> = {
  TOO_SMALL: () => image().subarray(0, 31),
  V2_TRUNCATED: () => image().subarray(0, 95),
  RESERVED_NONZERO: () => {
    const b = image();
    b[0x50] = 1;
    return b;
  },
  APP_NAME_NOT_ASCII: () => {
    const b = image();
    b[0x21] = 0x80;
    return b;
  },
  UNSUPPORTED_VERSION: () => fixCrc(u16(image(), 4, 3)),
  BAD_MAGIC: () => fixCrc(u32(image(), 0, 0x48535846)),
  CODE_TOO_LARGE: () => fixCrc(u32(image(), 0x0c, 0x10004)),
  RODATA_TOO_LARGE: () => fixCrc(u32(image(), 0x10, 0x10001)),
  BSS_TOO_LARGE: () => fixCrc(u32(image(), 0x14, 0x10001)),
  CODE_MISALIGNED: () => fixCrc(u32(image(), 0x0c, 6)),
  ENTRY_MISALIGNED: () => fixCrc(u32(image(), 0x08, 2)),
  CRC_MISMATCH: () => {
    const b = image();
    b[0x60] ^= 1;
    return b;
  },
  TRUNCATED: () => fixCrc(image().slice(0, -1)),
  ENTRY_OUT_OF_RANGE: () => fixCrc(u32(image(), 0x08, 8)),
  META_OVERLAP: () => u32(image(), 0x40, 0x60),
  META_TABLE_BOUNDS: () => u32(u32(image(), 0x40, 0x6b), 0x44, 1),
  META_SECTION_BOUNDS: () => {
    const b = withMeta(mailboxJson("[]"));
    return fixCrc(u32(b, 0x6b + 8, 1000)); // section_size past the end
  },
  META_TRUNCATED: () => withMeta(valueSection(0, [], 2)),
  META_STRING_RANGE: () => withMeta(valueSection(22, [0x41, 0])),
  META_STRING_UNTERMINATED: () => withMeta(valueSection(20, [0x41, 0x42])),
  META_STRING_UTF8: () => withMeta(valueSection(20, [0xc3, 0x28, 0])),
  MAILBOX_JSON_UTF8: () => withMeta(section(HxeSection.MAILBOX, [0x5b, 0x22, 0xff, 0x22, 0x5d])),
  MAILBOX_JSON_INVALID: () => withMeta(mailboxJson('{"version":1, // comment\n"mailboxes":[]}')),
  MAILBOX_VERSION: () => withMeta(mailboxJson('{"version":2,"mailboxes":[]}')),
  MAILBOX_SHAPE: () => withMeta(mailboxJson('{"mailboxes":{"target":"a"}}')),
  MAILBOX_TARGET: () => withMeta(mailboxJson('[{"target":"  ","capacity":4}]')),
  MAILBOX_MODE: () => withMeta(mailboxJson('[{"target":"app:a","mode":"RDWR|BOGUS"}]')),
  MAILBOX_FIELD: () => withMeta(mailboxJson('[{"target":"app:a","capacity":"64"}]')),
  MAILBOX_DUPLICATE: () => withMeta(mailboxJson('[{"target":"app:a"},{"name":" app:a "}]', 2)),
};

describe("loader error codes (one image per code)", () => {
  it("covers every code of HXE_ERROR_ORDER", () => {
    expect(Object.keys(IMAGES).sort()).toEqual([...HXE_ERROR_ORDER].sort());
  });
  for (const code of HXE_ERROR_ORDER) {
    it(code, () => expect(codeOf(IMAGES[code]())).toBe(code));
  }
  it("the base image loads", () => expect(codeOf(image())).toBe("OK"));
  it("errors carry the numeric value and an offset", () => {
    try {
      readHxe(IMAGES.BAD_MAGIC());
    } catch (e) {
      expect((e as HxeLoadError).value).toBe(6);
      expect((e as HxeLoadError).offset).toBe(0);
    }
  });
});

describe("check order (hxe.rule.LOAD_ORDER)", () => {
  /** Header-level faults that can be combined; `field` names what each edits. */
  const FAULTS: { code: HxeErrorName; field: string; apply(b: Uint8Array): Uint8Array }[] = [
    { code: "RESERVED_NONZERO", field: "reserved", apply: (b) => ((b[0x5f] = 1), b) },
    { code: "APP_NAME_NOT_ASCII", field: "app", apply: (b) => ((b[0x3f] = 0xff), b) },
    { code: "UNSUPPORTED_VERSION", field: "version", apply: (b) => u16(b, 4, 0x7777) },
    { code: "BAD_MAGIC", field: "magic", apply: (b) => u32(b, 0, 0) },
    { code: "CODE_TOO_LARGE", field: "code_len", apply: (b) => u32(b, 0x0c, 0x20000) },
    { code: "RODATA_TOO_LARGE", field: "ro_len", apply: (b) => u32(b, 0x10, 0x20000) },
    { code: "BSS_TOO_LARGE", field: "bss", apply: (b) => u32(b, 0x14, 0x20000) },
    { code: "CODE_MISALIGNED", field: "code_len", apply: (b) => u32(b, 0x0c, 5) },
    { code: "ENTRY_MISALIGNED", field: "entry", apply: (b) => u32(b, 0x08, 1) },
    { code: "CRC_MISMATCH", field: "crc", apply: (b) => b },
    { code: "TRUNCATED", field: "length", apply: (b) => b.slice(0, -2) },
    { code: "ENTRY_OUT_OF_RANGE", field: "entry", apply: (b) => u32(b, 0x08, 0x100) },
    { code: "META_OVERLAP", field: "meta", apply: (b) => u32(b, 0x40, 0x61) },
  ];
  const rank = (c: HxeErrorName) => HXE_ERROR_ORDER.indexOf(c);
  for (const a of FAULTS) {
    for (const b of FAULTS) {
      if (rank(a.code) >= rank(b.code) || a.field === b.field) continue;
      // A version other than 2 means the v2-only checks never run.
      if (b.code === "UNSUPPORTED_VERSION" && (a.field === "reserved" || a.field === "app")) continue;
      it(`${a.code} is reported before ${b.code}`, () => {
        let bytes = b.apply(a.apply(image()));
        bytes = fixCrc(bytes);
        if (a.code === "CRC_MISMATCH" || b.code === "CRC_MISMATCH") bytes[0x1c] ^= 0xff;
        expect(codeOf(bytes)).toBe(a.code);
      });
    }
  }

  it("the version is checked before the magic (hxe_error UNSUPPORTED_VERSION)", () => {
    expect(codeOf(u16(u32(image(), 0, 0), 4, 9))).toBe("UNSUPPORTED_VERSION");
  });

  it("metadata: the table, then every section's bounds, then payloads in table order", () => {
    const bad = mailboxJson("{");
    const ok = mailboxJson("[]");
    // Section 1's bounds are checked before section 0's payload.
    const b = withMeta(bad, ok);
    expect(codeOf(fixCrc(u32(b, 0x6b + 16 + 8, 5000)))).toBe("META_SECTION_BOUNDS");
    expect(codeOf(withMeta(bad, valueSection(0, [], 9)))).toBe("MAILBOX_JSON_INVALID");
    expect(codeOf(withMeta(valueSection(0, [], 9), bad))).toBe("META_TRUNCATED");
  });

  it("inside a section each hxe_error stage runs over every entry before the next stage", () => {
    // One entry: an unknown mode (27) is reported before a wrong-typed capacity (28).
    expect(codeOf(withMeta(mailboxJson('[{"target":"a","capacity":"x","mode":"BOGUS"}]')))).toBe("MAILBOX_MODE");
    // Entry 0 has a bad field, entry 1 a bad mode, entry 2 no target: TARGET, then MODE.
    expect(codeOf(withMeta(mailboxJson('[{"target":"a","owner_pid":-1},{"target":"b","mode":"X"},{"capacity":1}]', 3)))).toBe("MAILBOX_TARGET");
    expect(codeOf(withMeta(mailboxJson('[{"target":"a","owner_pid":-1},{"target":"b","mode":"X"}]', 2)))).toBe("MAILBOX_MODE");
    expect(codeOf(withMeta(mailboxJson('[{"target":"a"},{"target":"a"},{"target":"b","bindings":5}]', 3)))).toBe("MAILBOX_FIELD");
    // Strings: an out-of-range offset in entry 1 before an unterminated string in entry 0.
    const two = [...new Array(20).fill(0), ...new Array(20).fill(0), 0x41];
    two[7] = 40; // entry 0 name: "A" without NUL
    two[20 + 9] = 99; // entry 1 unit: out of range
    expect(codeOf(withMeta(section(HxeSection.VALUE, two, 2)))).toBe("META_STRING_RANGE");
  });

  it("duplicate targets across two mailbox sections are rejected", () => {
    expect(codeOf(withMeta(mailboxJson('[{"target":"x"}]'), mailboxJson('{"mailboxes":[{"target":"x"}]}')))).toBe("MAILBOX_DUPLICATE");
  });

  it("accepts what the prototype accepts: ro_len 3, meta_count 0 with an offset past rodata, unknown sections", () => {
    const img = readHxe(withMeta(section(99, [1, 2, 3], 7), mailboxJson("[]", 0)));
    expect(img.rodata.length).toBe(3);
    expect(img.sections[0]).toMatchObject({ type: 99, entryCount: 7 });
    expect(img.mailboxes).toEqual([]);
    expect(codeOf(u32(image(), 0x40, 0x6b))).toBe("OK");
    expect(HXE.HEADER_V2_BYTES).toBe(96);
  });

  it("reads v1 images: no app name, no metadata, multiple instances allowed (hxe.rule.V1_DEFAULTS)", () => {
    const img = readHxe(image({ version: 1, appName: null }));
    expect(img).toMatchObject({ version: 1, headerSize: 32, appName: null, allowMultiple: true, sections: [] });
  });
});

// The .mailbox section (R-HXE-MAILBOX-DOC, hxe.mailbox_document, hxe.rule.MAILBOX_PAYLOAD).
import { describe, expect, it } from "vitest";
import { HxeSection, MAILBOX_MODE_TOKENS, type HxeErrorName } from "../../generated/ts/index.js";
import { encodeMailboxSection, HxeLoadError, JsonNumber, mailboxDeclToJson, parseJson, parseMailboxDocument, parseMailboxSection, type JsonObject } from "../../src/hxe/index.js";
import { goldenBytes } from "./images.js";

function err(f: () => unknown): HxeErrorName | "OK" {
  try {
    f();
    return "OK";
  } catch (e) {
    expect(e).toBeInstanceOf(HxeLoadError);
    return (e as HxeLoadError).code;
  }
}

const RDWR = MAILBOX_MODE_TOKENS["RDWR"];

describe("parseMailboxDocument", () => {
  it("reads the canonical document", () => {
    expect(parseMailboxDocument('{"version":1,"mailboxes":[{"target":"app:a","capacity":128,"mode_mask":5,"owner_pid":3,"bindings":[{"pid":2,"flags":1},{"pid":4}]}]}')).toEqual([
      { target: "app:a", capacity: 128, mode: 5, ownerPid: 3, bindings: [{ pid: 2, flags: 1 }, { pid: 4, flags: 0 }] },
    ]);
  });

  it("accepts the prototype's aliases, a bare array and the entries key", () => {
    expect(parseMailboxDocument('[{"name":" svc:log ","queue_depth":0,"flags":"ro|TAP"}]')).toEqual([{ target: "svc:log", capacity: null, mode: 0x05, ownerPid: null, bindings: [] }]);
    expect(parseMailboxDocument('{"entries":[{"target":"a","mode":"fanout_drop, rdonly"}]}')[0]!.mode).toBe(0x11);
    expect(parseMailboxDocument('{"version":1}')).toEqual([]);
    // "target" wins when it is non-empty; an empty one falls back to "name" (as the prototype's `or`).
    expect(parseMailboxDocument('[{"target":"a","name":"b"},{"target":"","name":"c"}]').map((d) => d.target)).toEqual(["a", "c"]);
  });

  it("mode: names of every token, integers masked to 16 bits, 0/null/absent mean RDWR", () => {
    for (const [name, bit] of Object.entries(MAILBOX_MODE_TOKENS)) expect(parseMailboxDocument(`[{"target":"a","mode":"${name.toLowerCase()}"}]`)[0]!.mode).toBe(bit);
    expect(parseMailboxDocument('[{"target":"a","mode":65539}]')[0]!.mode).toBe(3);
    expect(parseMailboxDocument('[{"target":"a","mode":65536}]')[0]!.mode).toBe(RDWR);
    expect(parseMailboxDocument('[{"target":"a","mode":null}]')[0]!.mode).toBe(RDWR);
    expect(parseMailboxDocument('[{"target":"a","mode":""}]')[0]!.mode).toBe(RDWR);
    expect(parseMailboxDocument('[{"target":"a","mode_mask":2,"mode":"RDONLY"}]')[0]!.mode).toBe(2);
    expect(parseMailboxDocument('[{"target":"a","mode":123456789012345678901234567}]')[0]!.mode).toBe(Number(123456789012345678901234567n & 0xffffn));
  });

  it("rejects bad documents with their codes", () => {
    expect(err(() => parseMailboxDocument('{"version":1,"mailboxes":[]} // c'))).toBe("MAILBOX_JSON_INVALID");
    expect(err(() => parseMailboxDocument("[NaN]"))).toBe("MAILBOX_JSON_INVALID");
    expect(err(() => parseMailboxDocument('{"version":"1"}'))).toBe("MAILBOX_VERSION");
    expect(err(() => parseMailboxDocument('{"version":true}'))).toBe("MAILBOX_VERSION");
    expect(err(() => parseMailboxDocument('"x"'))).toBe("MAILBOX_SHAPE");
    expect(err(() => parseMailboxDocument('{"mailboxes":null}'))).toBe("MAILBOX_SHAPE");
    expect(err(() => parseMailboxDocument("[1]"))).toBe("MAILBOX_SHAPE");
    expect(err(() => parseMailboxDocument('[{"target":5}]'))).toBe("MAILBOX_TARGET");
    expect(err(() => parseMailboxDocument("[{}]"))).toBe("MAILBOX_TARGET");
    expect(err(() => parseMailboxDocument('[{"target":"a","mode":-1}]'))).toBe("MAILBOX_MODE");
    expect(err(() => parseMailboxDocument('[{"target":"a","mode":1.5}]'))).toBe("MAILBOX_MODE");
    expect(err(() => parseMailboxDocument('[{"target":"a","mode":true}]'))).toBe("MAILBOX_MODE");
    expect(err(() => parseMailboxDocument('[{"target":"a","capacity":65536}]'))).toBe("MAILBOX_FIELD");
    expect(err(() => parseMailboxDocument('[{"target":"a","capacity":-1}]'))).toBe("MAILBOX_FIELD");
    expect(err(() => parseMailboxDocument('[{"target":"a","owner_pid":"1"}]'))).toBe("MAILBOX_FIELD");
    expect(err(() => parseMailboxDocument('[{"target":"a","bindings":{}}]'))).toBe("MAILBOX_FIELD");
    expect(err(() => parseMailboxDocument('[{"target":"a","bindings":[1]}]'))).toBe("MAILBOX_FIELD");
    expect(err(() => parseMailboxDocument('[{"target":"a","bindings":[{"flags":1}]}]'))).toBe("MAILBOX_FIELD");
    expect(err(() => parseMailboxDocument('[{"target":"a","bindings":[{"pid":1,"flags":70000}]}]'))).toBe("MAILBOX_FIELD");
    expect(err(() => parseMailboxDocument('[{"target":"a"},{"target":"a"}]'))).toBe("MAILBOX_DUPLICATE");
  });
});

describe("parseMailboxSection", () => {
  it("JSON after whitespace, trailing NULs ignored; empty means none", () => {
    const text = new TextEncoder().encode(' \n[{"target":"a"}]\0\0');
    expect(parseMailboxSection(text)).toHaveLength(1);
    expect(parseMailboxSection(new Uint8Array([0, 0, 0]))).toEqual([]);
    expect(parseMailboxSection(new Uint8Array(0))).toEqual([]);
    expect(err(() => parseMailboxSection(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe("MAILBOX_JSON_UTF8");
  });

  it("reads legacy 16-byte binary entries with their string table", () => {
    const legacy = new Uint8Array(32 + 12);
    const dv = new DataView(legacy.buffer);
    dv.setUint32(0, 32);
    dv.setUint16(4, 256);
    dv.setUint16(6, 0);
    dv.setUint32(16, 38);
    dv.setUint16(20, 0);
    dv.setUint16(22, 0x0a);
    legacy.set(new TextEncoder().encode("app:x\0pid:1\0"), 32);
    const want = [
      { target: "app:x", capacity: 256, mode: RDWR, ownerPid: null, bindings: [] },
      { target: "pid:1", capacity: null, mode: 0x0a, ownerPid: null, bindings: [] },
    ];
    expect(parseMailboxSection(legacy, 2)).toEqual(want);
    expect(parseMailboxSection(legacy)).toEqual(want); // count from the first name offset
    expect(err(() => parseMailboxSection(legacy, 3))).toBe("META_TRUNCATED");
    dv.setUint32(16, 0);
    expect(err(() => parseMailboxSection(legacy, 2))).toBe("MAILBOX_TARGET");
    dv.setUint32(16, 500);
    expect(err(() => parseMailboxSection(legacy, 2))).toBe("META_STRING_RANGE");
  });
});

describe("encodeMailboxSection (the prototype linker's json.dumps)", () => {
  it("reproduces the golden section", () => {
    const golden = goldenBytes().subarray(0x12d, 0x12d + 77);
    const entry = parseJson('{"target":"app:demo","capacity":64,"mode":"RDWR"}') as JsonObject;
    const s = encodeMailboxSection([entry]);
    expect(s.type).toBe(HxeSection.MAILBOX);
    expect(s.entryCount).toBe(1);
    expect(Buffer.from(s.payload).toString()).toBe(Buffer.from(golden).toString());
  });

  it("declarations round-trip through their JSON form", () => {
    const decl = { target: "shared:bus", capacity: 300, mode: 0x13, ownerPid: 2, bindings: [{ pid: 5, flags: 1 }] };
    const s = encodeMailboxSection([mailboxDeclToJson(decl)]);
    expect(parseMailboxSection(s.payload)).toEqual([decl]);
    expect(new TextDecoder().decode(s.payload)).toBe('{"mailboxes":[{"bindings":[{"flags":1,"pid":5}],"capacity":300,"mode_mask":19,"owner_pid":2,"target":"shared:bus"}],"version":1}');
    expect(mailboxDeclToJson({ target: "a", capacity: null, mode: 3, ownerPid: null, bindings: [] }).get("mode_mask")).toEqual(new JsonNumber("3"));
  });
});

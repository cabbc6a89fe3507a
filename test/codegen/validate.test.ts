import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSpec } from "../../codegen/load.js";
import { validateHsxEvent, validateMailboxDocument } from "../../generated/validators/index.js";
import { HxeError } from "../../generated/ts/index.js";
import { writeHxe } from "../../src/hxe/index.js";
import { runCli, scratchDir, SPEC_DIR } from "../helpers.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function file(name: string, text: string): string {
  const s = scratchDir();
  cleanup = s.cleanup;
  const p = join(s.dir, name);
  writeFileSync(p, text);
  return p;
}

describe("generated validators", () => {
  it("accept every event example of the spec in its envelope", () => {
    const { model } = loadSpec(SPEC_DIR);
    model.events.events.forEach((e, i) => {
      const env = { seq: i + 1, ts: 1000 * i, type: e.name, pid: e.examplePid, data: e.example };
      expect(validateHsxEvent(env), `${e.name}: ${JSON.stringify(validateHsxEvent.errors)}`).toBe(true);
    });
  });

  it("reject a missing field, an extra field, a wrong type and an unknown event type", () => {
    const good = { seq: 1, ts: 0, type: "mailbox_timeout", pid: 2, data: { descriptor: 1, handle: 1, op: "recv", status: 7, length: 0, flags: 0, channel: 0, src_pid: 0 } };
    expect(validateHsxEvent(good)).toBe(true);
    expect(validateHsxEvent({ ...good, data: { ...good.data, extra: 1 } })).toBe(false);
    expect(validateHsxEvent({ ...good, data: { ...good.data, status: 6 } })).toBe(false); // 6 is reserved
    expect(validateHsxEvent({ ...good, data: { ...good.data, op: "peek" } })).toBe(false);
    expect(validateHsxEvent({ ...good, type: "mailbox_nope" })).toBe(false);
    expect(validateHsxEvent({ ...good, pid: -1 })).toBe(false);
  });

  it("accept the .mailbox documents the prototype toolchain writes, with aliases", () => {
    expect(validateMailboxDocument({ mailboxes: [{ capacity: 64, mode: "RDWR", target: "app:demo" }], version: 1 })).toBe(true);
    expect(validateMailboxDocument([{ name: "app:x", queue_depth: 0, flags: 3 }])).toBe(true);
    expect(validateMailboxDocument({ version: 1, mailboxes: [{ target: "svc:log", bindings: [{ pid: 2, flags: 1 }] }] })).toBe(true);
    expect(validateMailboxDocument({ version: 2, mailboxes: [] })).toBe(false);
    expect(validateMailboxDocument({ mailboxes: [{ capacity: 64 }] })).toBe(false);
    expect(validateMailboxDocument({ mailboxes: [{ target: "app:x", capacity: -1 }] })).toBe(false);
  });
});

describe("hsx-kit validate", () => {
  it("reports each invalid event line with its number and schema path", async () => {
    const p = file(
      "events.jsonl",
      [
        '{"seq":1,"ts":0,"type":"sleep_complete","pid":1,"data":{}}',
        "",
        '{"seq":2,"ts":5,"type":"sleep_request","pid":1,"data":{"ms":"ten","deadline":5}}',
        "not json",
      ].join("\n"),
    );
    const r = await runCli(["validate", "events", p]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${p}:3: /data/ms: must be integer (schema #/definitions/sleep_request_data/properties/ms/type)`);
    expect(r.stdout).toMatch(new RegExp(`${p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:4: not JSON`));
    expect(r.stderr).toContain("2 of 3 event(s) invalid");
  });

  it("accepts a valid stream and a valid .mailbox document", async () => {
    const ev = file("ok.jsonl", '{"seq":1,"ts":0,"type":"sleep_complete","pid":1,"data":{}}\n');
    expect((await runCli(["validate", "events", ev])).code).toBe(0);
    cleanup?.();
    const mb = file("m.json", '{"version":1,"mailboxes":[{"target":"app:demo","capacity":64,"mode_mask":3}]}');
    const r = await runCli(["validate", "mailbox", mb]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 document(s) valid");
  });

  it("checks a spec file against the spec-language schema with positions", async () => {
    expect((await runCli(["validate", "spec", join(SPEC_DIR, "isa.yaml")])).code).toBe(0);
    const p = file("bad.yaml", "kind: isa\ndoc: x\nword: { bits: 32 }\n");
    const r = await runCli(["validate", "spec", p]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.yaml:3:7: missing required key "byte_order"/);
  });

  it("checks an HXE image with the reference loader: a summary, or the spec'd error code of the first failing check", async () => {
    const image = writeHxe({ entry: 0, code: new Uint8Array([0x01, 0x12, 0x30, 0x00]), rodata: new Uint8Array([1, 2, 3]), appName: "demo" });
    const good = file("good.hxe", "");
    writeFileSync(good, image);
    const ok = await runCli(["validate", "hxe", good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("HXE v2, 4 code bytes, 3 rodata bytes, entry 0x0000, app demo");
    const bad = image.slice();
    bad[bad.length - 1]! ^= 0xff; // rodata byte: only the CRC can notice
    writeFileSync(good, bad);
    const r = await runCli(["validate", "hxe", good]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`: HSX_HXE_E_CRC_MISMATCH \\(${HxeError.CRC_MISMATCH}\\): `));
    expect((await runCli(["validate", "hxe", "/nonexistent/a.hxe"])).code).toBe(2);
  });

  it("rejects bad usage with exit code 2", async () => {
    expect((await runCli(["validate"])).code).toBe(2);
    expect((await runCli(["validate", "pictures", "x"])).code).toBe(2);
    expect((await runCli(["validate", "events", "/nonexistent/file.jsonl"])).code).toBe(2);
  });
});

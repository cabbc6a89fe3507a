import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../codegen/driver/types.js";
import { cHeadersEmitter } from "../../codegen/emitters/c-headers.js";
import { pythonEmitter, structFormat } from "../../codegen/emitters/python.js";
import { loadSpec } from "../../codegen/load.js";
import type { StructDef } from "../../codegen/model/types.js";
import { makeStamp } from "../../codegen/print/stamp.js";
import { REPO_ROOT, scratchDir, SPEC_DIR } from "../helpers.js";

const spec = loadSpec(SPEC_DIR);
const stamp = makeStamp(spec, "0.0.0-test");

async function emit(): Promise<GeneratedFile[]> {
  return [...(await cHeadersEmitter.emit({ spec, stamp })), ...(await pythonEmitter.emit({ spec, stamp }))];
}

function python(): string | null {
  for (const cmd of ["python3", "python"]) {
    const r = spawnSync(cmd, ["-c", "import sys; print(sys.version_info[0])"], { encoding: "utf8" });
    if (!r.error && r.status === 0 && r.stdout.trim() === "3") return cmd;
  }
  return null;
}

describe("hsx_constants.py", () => {
  it("is stamped and deterministic", async () => {
    const a = (await pythonEmitter.emit({ spec, stamp }))[0]!;
    const b = (await pythonEmitter.emit({ spec, stamp }))[0]!;
    expect(a.path).toBe("generated/py/hsx_constants.py");
    expect(a.content).toBe(b.content);
    expect(a.content.split("\n")[0]).toBe(`# ${stamp.line}`);
  });

  it("derives struct formats from field types and byte order", () => {
    const s = (byteOrder: StructDef["byteOrder"], fields: [string, string, number, number][], size: number): StructDef => ({
      id: "x", name: "x", domain: "hxe", doc: "", byteOrder, size,
      fields: fields.map(([name, type, offset, sz]) => ({ name, type, offset, size: sz, doc: null })),
    });
    expect(structFormat(s("little", [["a", "i32", 0, 4], ["b", "u16", 4, 2]], 8))).toBe("<iH2x");
    expect(structFormat(s("big", [["a", "u8", 0, 1], ["name", "char[3]", 2, 3]], 5))).toBe(">B1x3s");
    expect(structFormat(s("native", [["a", "u64", 0, 8]], 8))).toBe("=Q");
    expect(() => structFormat(s("big", [["a", "f32", 0, 4]], 4))).toThrow(/no struct format code/);
  });

  const py = python();
  describe.skipIf(!py)(`run with Python 3${py ? "" : " [skipped: python3 is not installed]"}`, () => {
    let dir = "";
    let cleanup = () => {};
    let report: {
      scraped: number;
      values: Record<string, unknown>;
      struct_sizes: Record<string, number>;
      recv_info_size: number;
      mailbox_entry_size: number;
    };
    beforeAll(async () => {
      ({ dir, cleanup } = scratchDir("hsx-kit-py-"));
      for (const f of await emit()) {
        const p = join(dir, f.path);
        mkdirSync(join(p, ".."), { recursive: true });
        writeFileSync(p, f.content);
      }
      // -W error: a stray escape or similar in the generated source would fail the import.
      const r = spawnSync(py!, ["-W", "error", "-B", join(REPO_ROOT, "test/fixtures/py/check_constants.py"), join(dir, "generated/py"), join(dir, "generated/c/hsx_mailbox.h")], { encoding: "utf8" });
      expect([r.status, r.stderr]).toEqual([0, ""]);
      report = JSON.parse(r.stdout) as typeof report;
    });
    afterAll(() => cleanup());

    it("imports, and CONSTANTS equals what the prototype scrapes from hsx_mailbox.h", () => {
      const m = spec.model;
      const mailboxMacros = m.constants.filter((c) => c.domain === "mailbox").length
        + m.svc.modules.find((x) => x.name === m.mailbox.svcModule)!.functions.length
        + m.enums.filter((e) => e.domain === "mailbox").reduce((n, e) => n + e.values.filter((v) => !v.reserved).length, 0);
      expect(report.scraped).toBe(mailboxMacros);
      expect(report.values["HSX_MBX_STATUS_INTERNAL_ERROR"]).toBe(0xff);
      expect(report.values["HSX_MBX_STDIO_OUT"]).toBe("svc:stdio.out");
    });

    it("has the prototype's host_vm.py names with the spec's values", () => {
      const v = report.values;
      expect(v["RECV_INFO_STRUCT"]).toBe("<iiIII");
      expect(v["MAILBOX_ENTRY_STRUCT"]).toBe(">IHHQ");
      expect(report.recv_info_size).toBe(20);
      expect(report.mailbox_entry_size).toBe(16);
      expect(v["METADATA_SECTION_MAILBOX"]).toBe(3);
      expect(v["MAILBOX_COUNTER_FIELDS"]).toEqual(["MAILBOX_STEP", "MAILBOX_WAKE", "MAILBOX_TIMEOUT"]);
      expect(v["HSX_ERR_ENOSYS"]).toBe(0xffffff01);
      expect(v["DEFAULT_STACK_BYTES"]).toBe(0x1000);
      expect(v["REGISTER_REGION_START"]).toBe(0x1000);
      expect(v["REGISTER_BANK_BYTES"]).toBe(64);
      expect(v["RODATA_BASE"]).toBe(0x4000);
      expect([v["MAX_CODE_LEN"], v["MAX_RODATA_LEN"], v["MAX_BSS_SIZE"]]).toEqual([0x10000, 0x10000, 0x10000]);
      expect(v["HSX_VAL_STATUS_EBUSY"]).toBe(6);
      expect(v["HSX_CMD_STATUS_EFAIL"]).toBe(7);
      expect(v["SPEC_VERSION"]).toBe(spec.model.version);
      expect(v["SPEC_HASH"]).toBe(spec.hash);
    });

    it("has MAILBOX_PROFILES in the prototype's shape for every profile", () => {
      const want = Object.fromEntries(
        spec.model.profiles.profiles.map((p) => [
          p.name,
          { max_descriptors: p.limits["max_descriptors"], handle_limit_per_pid: p.limits["handles_per_pid"], default_capacity: p.limits["default_capacity"], tap_rate_limit: p.limits["tap_rate_limit"] },
        ]),
      );
      expect(report.values["MAILBOX_PROFILES"]).toEqual(want);
      // The prototype's own two profiles (hsx-mailbox-exec.md §5).
      expect((want as Record<string, unknown>)["desktop"]).toEqual({ max_descriptors: 256, handle_limit_per_pid: 64, default_capacity: 64, tap_rate_limit: 0 });
      expect((want as Record<string, unknown>)["embedded"]).toEqual({ max_descriptors: 16, handle_limit_per_pid: 8, default_capacity: 64, tap_rate_limit: 20 });
    });

    it("has OPCODES and struct formats whose sizes are the spec's", () => {
      expect(report.values["OPCODES"]).toEqual(Object.fromEntries(spec.model.isa.opcodes.map((o) => [o.mnemonic, o.value])));
      expect(report.struct_sizes).toEqual(Object.fromEntries(spec.model.structs.map((s) => [s.name, s.size])));
    });
  });
});

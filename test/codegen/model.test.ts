import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { lintSpec, loadSpec } from "../../codegen/load.js";
import { canonicalJson } from "../../codegen/model/canonical.js";
import { copySpec, SPEC_DIR } from "../helpers.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function editedCopy(edit: (file: string, text: string) => string): string {
  const c = copySpec();
  cleanup = c.cleanup;
  for (const f of ["meta.yaml", "isa.yaml", "svc.yaml", "mailbox.yaml", "events.yaml", "executive.yaml", "profiles.yaml", "hxe.yaml"]) {
    const p = join(c.specDir, f);
    writeFileSync(p, edit(f, readFileSync(p, "utf8")));
  }
  return c.specDir;
}

describe("canonical model and spec hash", () => {
  it("is the same on every load", () => {
    const a = loadSpec(SPEC_DIR);
    const b = loadSpec(SPEC_DIR);
    expect(a.hash).toBe(b.hash);
    expect(a.canonical).toBe(b.canonical);
  });

  it("sorts object keys in canonical JSON", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it("does not change when only comments, layout or key order change", () => {
    const base = loadSpec(SPEC_DIR).hash;
    const dir = editedCopy((f, t) => {
      let out = `# reformatted copy\n${t.replace(/\n(\s*)- \{ value: 0x01, mnemonic: LDI, form: ri,/, "\n$1# the first opcode\n$1- { form: ri, mnemonic: LDI, value: 0x01,")}`;
      if (f === "profiles.yaml") out = out.replace("max_descriptors: 16\n      name_pool_bytes: 256", "name_pool_bytes: 256\n      max_descriptors: 16");
      return out;
    });
    expect(loadSpec(dir, join(dir, "..")).hash).toBe(base);
  });

  it("changes when one value changes", () => {
    const base = loadSpec(SPEC_DIR);
    const dir = editedCopy((f, t) => (f === "mailbox.yaml" ? t.replace("c: HSX_MBX_DEFAULT_RING_CAPACITY, value: 64,", "c: HSX_MBX_DEFAULT_RING_CAPACITY, value: 65,") : t));
    const changed = loadSpec(dir, join(dir, ".."));
    expect(changed.hash).not.toBe(base.hash);
    expect(changed.model.constants.find((c) => c.c === "HSX_MBX_DEFAULT_RING_CAPACITY")?.value).toBe(65);
  });

  it("gives every coverable item a stable id and a source position", () => {
    const s = loadSpec(SPEC_DIR);
    const ids = s.model.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ["isa.opcode.ADD", "enum.mbx_status.TIMEOUT", "svc.fn.MAILBOX.RECV", "event.mailbox_send", "profile.embedded.max_descriptors", "enum.hxe_error.CRC_MISMATCH", "executive.transition.READY.RUNNING", "mailbox.rule.FANOUT_RECLAIM"]) {
      expect(ids).toContain(id);
      expect(s.positions.get(id)?.line).toBeGreaterThan(0);
    }
    expect(s.positions.get("isa.opcode.ADD")?.file).toBe("spec/isa.yaml");
  });

  it("records every ruling next to the item it decides", () => {
    const s = loadSpec(SPEC_DIR);
    const illegal = s.model.enums.find((e) => e.name === "vm_error")!.values.find((v) => v.name === "ILLEGAL")!;
    expect(illegal.ruling).toBe("R-ISA-ILLEGAL");
    const r = s.model.rulings.find((x) => x.id === "R-ISA-ILLEGAL")!;
    expect(r.item).toBe(illegal.id);
    expect(r.source).toContain("RULINGS.md");
  });

  it("computes each profile's footprint with the spec's formula", () => {
    const { model } = loadSpec(SPEC_DIR);
    const e = model.profiles.profiles.find((p) => p.name === "embedded")!;
    const L = e.limits;
    const C = e.costs;
    expect(e.footprint.metadataBytes).toBe(L.max_descriptors! * C.descriptor_bytes! + L.max_handles! * C.handle_bytes! + L.max_taps! * C.tap_bytes!);
    expect(e.footprint.metadataBytes).toBeLessThanOrEqual(e.budget.metadataBytes);
    expect(e.footprint.totalBytes).toBeLessThanOrEqual(e.budget.sramBytes);
  });

  it("lint never throws on schema-valid but wrong numbers (random edits)", () => {
    const c = copySpec();
    cleanup = c.cleanup;
    const files = ["isa.yaml", "mailbox.yaml", "profiles.yaml", "svc.yaml", "hxe.yaml", "executive.yaml"];
    const originals = new Map(files.map((f) => [f, readFileSync(join(c.specDir, f), "utf8")]));
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.nat(), fc.integer({ min: 0, max: 0x1ffff }), (file, pick, value) => {
        const text = originals.get(file)!;
        const nums = [...text.matchAll(/\b(value|offset|size|id): (0x[0-9A-Fa-f]+|\d+)/g)];
        if (!nums.length) return;
        const m = nums[pick % nums.length]!;
        const edited = text.slice(0, m.index!) + `${m[1]}: ${value}` + text.slice(m.index! + m[0].length);
        writeFileSync(join(c.specDir, file), edited);
        try {
          const r = lintSpec(c.specDir, c.root);
          for (const d of r.diagnostics) {
            expect(d.line).toBeGreaterThan(0);
            expect(d.code).toMatch(/^[a-z]+\.[a-z0-9_-]+$/);
          }
        } finally {
          writeFileSync(join(c.specDir, file), text);
        }
      }),
      { numRuns: 40, seed: 20261122 },
    );
  });
});

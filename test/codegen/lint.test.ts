import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lintSpec } from "../../codegen/load.js";
import type { Diagnostic } from "../../codegen/model/index.js";
import { copySpec, runCli } from "../helpers.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/**
 * Apply one textual edit to a copy of the spec and lint it. `find` must occur once;
 * the expected position is where the replacement starts (line/col of `at` inside it).
 */
function lintWith(file: string, find: string, replace: string, at = replace): { ds: Diagnostic[]; line: number; col: number; path: string } {
  const c = copySpec();
  cleanup = c.cleanup;
  const path = join(c.specDir, file);
  const text = readFileSync(path, "utf8");
  const idx = text.indexOf(find);
  expect(idx, `"${find}" not found in ${file}`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(find, idx + 1), `"${find}" occurs twice in ${file}`).toBe(-1);
  const edited = text.slice(0, idx) + replace + text.slice(idx + find.length);
  writeFileSync(path, edited);
  const offset = idx + replace.indexOf(at);
  const before = edited.slice(0, offset).split("\n");
  const r = lintSpec(c.specDir, c.root);
  return { ds: r.diagnostics, line: before.length, col: before[before.length - 1]!.length + 1, path: `spec/${file}` };
}

function expectAt(r: ReturnType<typeof lintWith>, code: string, line = r.line, messagePart?: string): Diagnostic {
  const hit = r.ds.find((d) => d.code === code && d.file === r.path && d.line === line && (!messagePart || d.message.includes(messagePart)));
  expect(hit, `expected ${code} at ${r.path}:${line}; got:\n${r.ds.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join("\n")}`).toBeDefined();
  return hit!;
}

describe("spec lint", () => {
  it("passes the real spec", () => {
    const r = lintSpec("spec");
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reports YAML syntax errors with their position", () => {
    const r = lintWith("events.yaml", "  - name: mailbox_recv\n    id: 2", "  - name: mailbox_recv\n    id: 2\n    id: 3", "id: 3");
    const d = expectAt(r, "yaml.duplicate_key");
    expect(d.col).toBe(5);
  });

  it("rejects a comment that silently cuts a value short", () => {
    const r = lintWith("svc.yaml", 'source: "RULINGS.md ISA; hsx-isa-hxe.md §10 #3"', "source: RULINGS.md ISA; hsx-isa-hxe.md §10 #3", "#3");
    const d = expectAt(r, "yaml.trailing-comment");
    expect(d.col).toBe(r.col);
  });

  it("reports an unknown key at the key", () => {
    const r = lintWith("isa.yaml", "{ value: 0x04, mnemonic: MOV,", "{ value: 0x04, colour: red, mnemonic: MOV,", "colour");
    const d = expectAt(r, "schema.unknown-key");
    expect(d.col).toBe(r.col);
    expect(d.message).toContain("colour");
  });

  it("reports a wrong type and a missing key", () => {
    const wrong = lintWith("profiles.yaml", "max_descriptors: 16\n", "max_descriptors: many\n", "many");
    expectAt(wrong, "schema.type");
    const missing = lintWith("events.yaml", "    pid: The woken task\n", "", "");
    expect(missing.ds.some((d) => d.code === "schema.required" && d.message.includes('"pid"'))).toBe(true);
  });

  it("catches duplicate names and values within an enum", () => {
    const name = lintWith("mailbox.yaml", "{ name: NO_DATA, value: 0x0003", "{ name: WOULDBLOCK, value: 0x0003", "name: WOULDBLOCK");
    expectAt(name, "enum.duplicate-name", undefined, "WOULDBLOCK");
    const value = lintWith("mailbox.yaml", "{ name: INVALID_HANDLE, value: 0x0002", "{ name: INVALID_HANDLE, value: 0x0001", "name: INVALID_HANDLE");
    expectAt(value, "enum.duplicate-value", undefined, "0x1");
  });

  it("catches a value that does not fit its declared width", () => {
    const r = lintWith("isa.yaml", "{ name: V, value: 0x08,", "{ name: V, value: 0x108,", "name: V");
    expectAt(r, "enum.width", undefined, "does not fit 8 bits");
  });

  it("catches a flag that is not a single bit, and a wrong composite", () => {
    const bits = lintWith("mailbox.yaml", "{ name: OOB, value: 0x0004", "{ name: OOB, value: 0x0006", "name: OOB");
    expectAt(bits, "enum.flag-bits");
    const comp = lintWith("mailbox.yaml", "{ name: RDWR, value: 0x03,", "{ name: RDWR, value: 0x07,", "name: RDWR");
    expectAt(comp, "enum.composite");
  });

  it("catches two opcodes with the same encoding, and the byte left uncovered", () => {
    const r = lintWith("isa.yaml", "{ value: 0x04, mnemonic: MOV,", "{ value: 0x01, mnemonic: MOV,", "value: 0x01");
    expectAt(r, "isa.encoding-overlap", undefined, "0x1");
    expect(r.ds.some((d) => d.code === "isa.opcode-gap" && d.message.includes("0x4"))).toBe(true);
  });

  it("catches a defined opcode inside a reserved range", () => {
    const r = lintWith("isa.yaml", "  - { from: 0x61, to: 0x7E }", "  - { from: 0x60, to: 0x7E }", "from: 0x60");
    expect(r.ds.some((d) => d.code === "isa.reserved-used" && d.message.includes("0x60"))).toBe(true);
  });

  it("catches a value used inside a reserved range", () => {
    const r = lintWith("mailbox.yaml", "{ name: TAP_LIMIT, value: 0x000C", "{ name: TAP_LIMIT, value: 0x0020", "name: TAP_LIMIT");
    expectAt(r, "enum.reserved-used", undefined, "0x20");
  });

  it("catches unresolved references", () => {
    const form = lintWith("isa.yaml", "{ value: 0x04, mnemonic: MOV, form: rr,", "{ value: 0x04, mnemonic: MOV, form: rrrr,", "value: 0x04");
    expectAt(form, "isa.unresolved", undefined, "rrrr");
    const fault = lintWith("isa.yaml", "faults: [DIV_ZERO]", "faults: [DIV_BY_NOTHING]", "faults");
    expectAt(fault, "isa.unresolved", undefined, "DIV_BY_NOTHING");
    const enumRef = lintWith("events.yaml", "- { name: status, type: u16, ref_enum: mbx_status }\n      - { name: handle, type: u16, nullable: true,", "- { name: status, type: u16, ref_enum: mbx_statuz }\n      - { name: handle, type: u16, nullable: true,", "mbx_statuz");
    expect(enumRef.ds.some((d) => d.code === "field.unresolved" && d.message.includes("mbx_statuz"))).toBe(true);
    const svcType = lintWith("svc.yaml", "{ reg: R0, name: steps, type: u32 }", "{ reg: R0, name: steps, type: u33 }", "reg: R0");
    expect(svcType.ds.some((d) => d.code === "svc.unresolved" && d.message.includes("u33"))).toBe(true);
  });

  it("catches struct offsets and sizes that do not add up", () => {
    const gap = lintWith("mailbox.yaml", "{ name: channel, type: u16, offset: 6,", "{ name: channel, type: u16, offset: 7,", "name: channel");
    expectAt(gap, "struct.gap");
    expect(gap.ds.some((d) => d.code === "struct.size" && d.message.includes("hsx_mbx_msg_header_t"))).toBe(true);
    const overlap = lintWith("mailbox.yaml", "{ name: src_pid, type: u16, offset: 4,", "{ name: src_pid, type: u16, offset: 3,", "name: src_pid");
    expectAt(overlap, "struct.overlap");
  });

  it("catches a constant that disagrees with the struct it sizes", () => {
    const r = lintWith("mailbox.yaml", "c: HSX_MBX_MSG_HEADER_BYTES, value: 8,", "c: HSX_MBX_MSG_HEADER_BYTES, value: 9,", "c: HSX_MBX_MSG_HEADER_BYTES");
    expect(r.ds.some((d) => d.code === "cross.mismatch" && d.file === "spec/mailbox.yaml")).toBe(true);
  });

  it("catches a profile over its budget and inconsistent limits", () => {
    const budget = lintWith("profiles.yaml", "budget: { metadata_bytes: 1056, sram_bytes: 3072 }", "budget: { metadata_bytes: 1000, sram_bytes: 3072 }", "budget");
    expect(budget.ds.some((d) => d.code === "profile.budget" && d.message.includes("embedded"))).toBe(true);
    const lim = lintWith("profiles.yaml", "      max_capacity: 256\n", "      max_capacity: 32\n", "max_capacity");
    expect(lim.ds.some((d) => d.code === "profile.inconsistent" && d.message.includes("cortex_m"))).toBe(true);
  });

  it("checks every event example against its own schema", () => {
    const r = lintWith("events.yaml", "example: { ms: 10, deadline: 10500 }", "example: { ms: 10, deadline: 10500, extra: 1 }", "example");
    expect(r.ds.some((d) => d.code === "event.example" && d.message.includes("sleep_request"))).toBe(true);
  });

  it("catches transitions to unknown states", () => {
    const r = lintWith("executive.yaml", "RETURNED: [RETURNED, TERMINATED, KILLED]", "RETURNED: [RETURNED, TERMINATED, ZOMBIE]", "RETURNED:");
    expect(r.ds.some((d) => d.code === "exec.unresolved" && d.message.includes("ZOMBIE"))).toBe(true);
  });

  it("catches conformance operations with a bad name, a clashing result field or a repeated argument", () => {
    const name = lintWith("conformance.yaml", "  - name: exec.history\n    level: executive", "  - name: mbx.history\n    level: executive", "name: mbx.history");
    expectAt(name, "conf.op-name", undefined, "must start with");
    const clash = lintWith("conformance.yaml", '{ name: history, type: array, items: { type: ref, ref: exec_event }', '{ name: events, type: array, items: { type: ref, ref: exec_event }', "name: events");
    expect(clash.ds.some((d) => d.code === "conf.duplicate-field" && d.message.includes("result field events clashes"))).toBe(true);
    const arg = lintWith("conformance.yaml", "args: [{ name: pid, type: u16 }, { name: size, type: u16 }]", "args: [{ name: pid, type: u16 }, { name: pid, type: u16 }]", "args");
    expect(arg.ds.some((d) => d.code === "conf.duplicate-field" && d.message.includes("argument pid appears twice"))).toBe(true);
  });

  it("reports every problem sorted by position, not just the first", () => {
    const r = lintWith(
      "mailbox.yaml",
      "{ name: WOULDBLOCK, value: 0x0001, doc:",
      "{ name: NO_DATA, value: 0x10001, doc:",
      "name: NO_DATA",
    );
    const codes = r.ds.map((d) => d.code);
    expect(codes).toContain("enum.duplicate-name");
    expect(codes).toContain("enum.width");
    const sorted = [...r.ds].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
    expect(r.ds.map((d) => `${d.file}:${d.line}:${d.col}`)).toEqual(sorted.map((d) => `${d.file}:${d.line}:${d.col}`));
  });

  it("hsx-kit lint prints FILE:LINE:COL and exits 1 on problems, 0 when clean", async () => {
    const clean = await runCli(["lint"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/is clean \(sha256 [0-9a-f]{64}\)/);
    const c = copySpec();
    cleanup = c.cleanup;
    const p = join(c.specDir, "isa.yaml");
    writeFileSync(p, readFileSync(p, "utf8").replace("{ value: 0x04, mnemonic: MOV,", "{ value: 0x01, mnemonic: MOV,"));
    const bad = await runCli(["lint", "--spec", c.specDir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/isa\.yaml:\d+:\d+: duplicate opcode 0x1 .*\[isa\.encoding-overlap\]/);
    const json = await runCli(["lint", "--spec", c.specDir, "--json"]);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; diagnostics: Diagnostic[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
  });
});

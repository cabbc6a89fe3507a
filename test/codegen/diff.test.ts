import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { diffSpecs, reportJson, resolveSpecSource, RULES, type ChangeClass, type DiffChange, type RuleId } from "../../codegen/diff/index.js";
import { judge, moveOf } from "../../codegen/diff/version.js";
import { lintSpec, loadSpec } from "../../codegen/load.js";
import type { LoadedSpec } from "../../codegen/model/index.js";
import { copySpec, runCli, runCliProcess, scratchDir } from "../helpers.js";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** One textual edit of a spec file; `find` must occur exactly once. */
interface Edit {
  file: string;
  find: string;
  replace: string;
}

/**
 * Where the change must be reported: `text` inside the replacement of edit `edit`
 * (NEW side) or inside its `find` (OLD side); with `anywhere`, `text` is unique in
 * the whole file on that side (for items located at their definition, not the edit).
 */
interface At {
  side: "old" | "new";
  text: string;
  edit?: number;
  anywhere?: { file: string };
}

interface Case {
  rule: RuleId;
  cls: ChangeClass;
  item: string;
  edits: Edit[];
  at: At;
  /** Edits that cannot pass lint (the diff still runs on the built model). */
  lintDirty?: boolean;
  /** A fragment the message must contain. */
  says?: string;
}

const e = (file: string, find: string, replace: string): Edit => ({ file, find, replace });
const atNew = (text: string, edit = 0): At => ({ side: "new", text, edit });
const atOld = (text: string, edit = 0): At => ({ side: "old", text, edit });
const defAt = (file: string, text: string, side: "old" | "new" = "new"): At => ({ side, text, anywhere: { file } });

/**
 * Every test works from one snapshot of spec/, taken once: other engineers edit the
 * live spec while tests run, and a diff of two moments of it is not "identical".
 */
let SNAP: string;
let base: LoadedSpec;
const original = new Map<string, string>();
beforeAll(() => {
  const c = copySpec();
  SNAP = c.specDir;
  afterAllCleanups.push(c.cleanup);
  base = loadSpec(SNAP, c.root);
});
const afterAllCleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of afterAllCleanups.splice(0)) c();
});
function orig(file: string): string {
  if (!original.has(file)) original.set(file, readFileSync(join(SNAP, file), "utf8"));
  return original.get(file)!;
}

/** A scratch copy of the snapshot. */
function snapCopy(): { root: string; specDir: string } {
  const s = scratchDir("hsx-kit-spec-");
  cleanups.push(s.cleanup);
  cpSync(SNAP, join(s.dir, "spec"), { recursive: true });
  return { root: s.dir, specDir: join(s.dir, "spec") };
}

function once(text: string, needle: string, what: string): number {
  const i = text.indexOf(needle);
  expect(i, `${what}: "${needle}" not found`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(needle, i + 1), `${what}: "${needle}" occurs twice`).toBe(-1);
  return i;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

/** A copy of the spec with the edits applied, loaded; and the final text of each edited file. */
function edited(edits: Edit[], lintDirty = false): { spec: LoadedSpec; specDir: string; root: string; texts: Map<string, string> } {
  const c = snapCopy();
  const texts = new Map<string, string>();
  for (const ed of edits) {
    const text = texts.get(ed.file) ?? orig(ed.file);
    const i = once(text, ed.find, ed.file);
    texts.set(ed.file, text.slice(0, i) + ed.replace + text.slice(i + ed.find.length));
  }
  for (const [file, text] of texts) writeFileSync(join(c.specDir, file), text);
  const r = lintSpec(c.specDir, c.root);
  if (!lintDirty) expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`)).toEqual([]);
  expect(r.spec).not.toBeNull();
  return { spec: r.spec!, specDir: c.specDir, root: c.root, texts };
}

function expectedPos(k: Case, texts: Map<string, string>): { file: string; line: number } {
  const { at } = k;
  if (at.anywhere) {
    const text = at.side === "old" ? orig(at.anywhere.file) : (texts.get(at.anywhere.file) ?? orig(at.anywhere.file));
    return { file: `spec/${at.anywhere.file}`, line: lineAt(text, once(text, at.text, at.anywhere.file)) };
  }
  const ed = k.edits[at.edit ?? 0]!;
  if (at.side === "old") {
    const text = orig(ed.file);
    return { file: `spec/${ed.file}`, line: lineAt(text, once(text, ed.find, ed.file) + once(ed.find, at.text, "find")) };
  }
  const text = texts.get(ed.file)!;
  return { file: `spec/${ed.file}`, line: lineAt(text, once(text, ed.replace, ed.file) + once(ed.replace, at.text, "replacement")) };
}

const show = (cs: readonly DiffChange[]) => cs.map((c) => `${c.class} ${c.kind} ${c.item} ${c.location.file}:${c.location.line} ${c.message}`).join("\n");

/**
 * One case per classification rule of codegen/diff/rules.ts (a test below checks that
 * none is missing). The class is spelled out on purpose: the table is the policy
 * and these rows pin it.
 */
const CASES: Case[] = [
  // --- allocation ---
  { rule: "removed", cls: "breaking", item: "svc.fn.DEVLIBM.EXP", edits: [e("svc.yaml", `      - { id: 0x02, name: EXP, status: planned, doc: "exp", in: [{ reg: R1, name: x, type: u16 }], out: [{ reg: R0, name: f16, type: u16 }] }\n`, "")], at: atOld("name: EXP") },
  { rule: "added", cls: "compatible", item: "enum.task_state_reason.SUSPENDED", edits: [e("executive.yaml", `      - { name: DEBUG_BREAK, value: 15, wire: debug_break, doc: "It executed BRK" }\n`, `      - { name: DEBUG_BREAK, value: 15, wire: debug_break, doc: "It executed BRK" }\n      - { name: SUSPENDED, value: 16, wire: suspended, doc: "Suspended" }\n`)], at: atNew("name: SUSPENDED") },
  {
    rule: "reserved-allocated",
    cls: "compatible",
    item: "enum.mbx_status.CONGESTED",
    edits: [e("mailbox.yaml", "{ from: 0x000E, to: 0x00FE,", "{ from: 0x000F, to: 0x00FE,"), e("mailbox.yaml", "{ name: NO_BUFFER, value: 0x000D, doc: \"The zero-copy buffer pool is exhausted\" }\n", `{ name: NO_BUFFER, value: 0x000D, doc: "The zero-copy buffer pool is exhausted" }\n      - { name: CONGESTED, value: 0x000E, doc: "Too many waiters" }\n`)],
    at: atNew("name: CONGESTED", 1),
    says: 'taken from reserved mbx_status values 0x000E-0x00FE: "Free for future statuses"',
  },
  { rule: "renumbered", cls: "breaking", item: "enum.load_error.MAILBOX", edits: [e("executive.yaml", "{ name: MAILBOX, value: 4,", "{ name: MAILBOX, value: 5,")], at: atNew("name: MAILBOX"), says: "4 -> 5" },
  {
    rule: "value-reused",
    cls: "breaking",
    item: "enum.load_error.QUOTA",
    edits: [e("executive.yaml", "      - { name: MAILBOX, value: 4,", `      - { name: QUOTA, value: 4, doc: "Over quota" }\n      - { name: MAILBOX, value: 5,`)],
    at: atNew("name: QUOTA"),
    says: "which was MAILBOX",
  },
  { rule: "renamed", cls: "breaking", item: "enum.load_error.APP_TAKEN", edits: [e("executive.yaml", "{ name: APP_EXISTS, value: 3,", "{ name: APP_TAKEN, value: 3,")], at: atNew("name: APP_TAKEN"), says: "APP_EXISTS -> APP_TAKEN" },
  { rule: "retired", cls: "breaking", item: "enum.mbx_status.TAP_LIMIT", edits: [e("mailbox.yaml", "{ name: TAP_LIMIT, value: 0x000C,", "{ name: TAP_LIMIT, value: 0x000C, reserved: true,")], at: atNew("name: TAP_LIMIT") },
  { rule: "reserved-given", cls: "breaking", item: "enum.mbx_status.CONGESTED", edits: [e("mailbox.yaml", "      - name: RESERVED_6\n        value: 0x0006\n        reserved: true\n", "      - name: CONGESTED\n        value: 0x0006\n")], at: atNew("name: CONGESTED") },
  { rule: "unreserved", cls: "breaking", item: "enum.mbx_status.reserved.0x0100-0x01FF", edits: [e("mailbox.yaml", "{ from: 0x0100, to: 0xFFFF,", "{ from: 0x0200, to: 0xFFFF,")], at: atOld("from: 0x0100") },
  {
    rule: "reserved-added",
    cls: "compatible",
    item: "enum.task_state_reason.reserved.128-255",
    edits: [e("executive.yaml", "    c_prefix: HSX_TASK_REASON_\n", `    c_prefix: HSX_TASK_REASON_\n    reserved:\n      - { from: 0x80, to: 0xFF, doc: "Vendor reasons" }\n`)],
    at: atNew("{ from: 0x80"),
  },
  {
    // Lint keeps an ordered enum's values increasing in list order, so a reorder renumbers too.
    rule: "order-changed",
    cls: "breaking",
    item: "enum.hxe_error",
    edits: [e("hxe.yaml", `      - { name: CODE_TOO_LARGE, value: 7, doc: "code_len exceeds 0x10000" }\n      - { name: RODATA_TOO_LARGE, value: 8, doc: "ro_len exceeds 0x10000" }\n`, `      - { name: RODATA_TOO_LARGE, value: 7, doc: "ro_len exceeds 0x10000" }\n      - { name: CODE_TOO_LARGE, value: 8, doc: "code_len exceeds 0x10000" }\n`)],
    at: defAt("hxe.yaml", "- name: hxe_error"),
    says: "RODATA_TOO_LARGE now comes before CODE_TOO_LARGE",
  },

  // --- definitions ---
  { rule: "enum-shape", cls: "breaking", item: "enum.task_state_reason", edits: [e("executive.yaml", "  - name: task_state_reason\n    kind: enum\n    width: 8\n", "  - name: task_state_reason\n    kind: enum\n    width: 16\n")], at: atNew("- name: task_state_reason") },
  { rule: "c-name", cls: "breaking", item: "svc.module.DEVLIBM", edits: [e("svc.yaml", "c_name: HSX_SVC_MOD_DEVLIBM", "c_name: HSX_SVC_MOD_MATH")], at: defAt("svc.yaml", "- id: 0xE") },
  {
    rule: "moved-domain",
    cls: "breaking",
    item: "enum.auth_level",
    edits: [
      e("hxe.yaml", `  - name: auth_level\n    kind: enum\n    width: 8\n    c_prefix: HSX_AUTH_\n    doc: Authorisation level of a value or command.\n    values:\n      - { name: PUBLIC, value: 0, doc: "Anyone" }\n      - { name: USER, value: 1, doc: "A user" }\n      - { name: ADMIN, value: 2, doc: "An administrator" }\n      - { name: FACTORY, value: 3, doc: "Factory only" }\n`, ""),
      e("executive.yaml", "\n# Allowed task-state transitions", `\n  - name: auth_level\n    kind: enum\n    width: 8\n    c_prefix: HSX_AUTH_\n    doc: Authorisation level of a value or command.\n    values:\n      - { name: PUBLIC, value: 0, doc: "Anyone" }\n      - { name: USER, value: 1, doc: "A user" }\n      - { name: ADMIN, value: 2, doc: "An administrator" }\n      - { name: FACTORY, value: 3, doc: "Factory only" }\n\n# Allowed task-state transitions`),
    ],
    at: atNew("- name: auth_level", 1),
  },
  { rule: "status-demoted", cls: "breaking", item: "event.sleep_complete", edits: [e("events.yaml", "  - name: sleep_complete\n    id: 13\n", "  - name: sleep_complete\n    id: 13\n    status: planned\n")], at: atNew("- name: sleep_complete") },
  { rule: "status-promoted", cls: "compatible", item: "event.warning", edits: [e("events.yaml", "  - name: warning\n    id: 16\n    status: planned\n", "  - name: warning\n    id: 16\n")], at: atNew("- name: warning") },
  { rule: "value-meaning", cls: "breaking", item: "enum.task_state.PAUSED", edits: [e("executive.yaml", "{ name: PAUSED, value: 4, wire: paused,", "{ name: PAUSED, value: 4, wire: suspended,")], at: atNew("name: PAUSED") },
  { rule: "constant-value", cls: "breaking", item: "mailbox.const.TAP_RATE_WINDOW_MS", edits: [e("mailbox.yaml", "value: 1000, type: u16, doc: \"Length of a tap rate-limit window", "value: 500, type: u16, doc: \"Length of a tap rate-limit window")], at: defAt("mailbox.yaml", "{ name: TAP_RATE_WINDOW_MS"), says: "1000 -> 500" },
  { rule: "constant-type", cls: "breaking", item: "executive.const.STDIN_FD", edits: [e("executive.yaml", "{ name: STDIN_FD, value: 0, type: u32,", "{ name: STDIN_FD, value: 0, type: u16,")], at: atNew("name: STDIN_FD") },
  { rule: "format", cls: "doc", item: "isa.const.REGISTER_COUNT", edits: [e("isa.yaml", "{ name: REGISTER_COUNT, value: 16, type: u32,", "{ name: REGISTER_COUNT, value: 16, type: u32, format: hex,")], at: atNew("name: REGISTER_COUNT") },

  // --- ISA ---
  { rule: "encoding", cls: "breaking", item: "isa.form.brk", edits: [e("isa.yaml", "{ name: brk, fields: [imm12], imm: unsigned,", "{ name: brk, fields: [imm12], imm: signed,")], at: atNew("name: brk") },
  { rule: "asm-syntax", cls: "breaking", item: "isa.form.cmp", edits: [e("isa.yaml", `{ name: cmp, fields: [rs1, rs2], syntax: "{mn} Ra, Rb"`, `{ name: cmp, fields: [rs1, rs2], syntax: "{mn} Rs, Rt"`)], at: atNew("name: cmp") },
  { rule: "opcode-form", cls: "breaking", item: "isa.opcode.SUB", edits: [e("isa.yaml", "mnemonic: SUB, form: rrr,", "mnemonic: SUB, form: rr,")], at: defAt("isa.yaml", "{ value: 0x11, mnemonic: SUB") },
  { rule: "opcode-flags", cls: "breaking", item: "isa.opcode.AND", edits: [e("isa.yaml", "mnemonic: AND, form: rrr, flags: { Z: result, N: result, C: clear, V: clear }", "mnemonic: AND, form: rrr, flags: { Z: result, N: result }")], at: defAt("isa.yaml", "{ value: 0x14, mnemonic: AND"), says: "C clear -> unchanged", lintDirty: true },
  { rule: "opcode-faults", cls: "breaking", item: "isa.opcode.STB", edits: [e("isa.yaml", "mnemonic: STB, form: store, flags: {}, faults: []", "mnemonic: STB, form: store, flags: {}, faults: [MEM_FAULT]")], at: defAt("isa.yaml", "{ value: 0x08, mnemonic: STB"), lintDirty: true },
  { rule: "semantics", cls: "breaking", item: "isa.opcode.MOV", edits: [e("isa.yaml", `doc: "R[rd] = R[rs1]", sem: "R[rd] = a"`, `doc: "R[rd] = R[rs1]", sem: "R[rd] = a | 0"`)], at: defAt("isa.yaml", "{ value: 0x04, mnemonic: MOV") },

  // --- SVC ---
  { rule: "svc-convention", cls: "breaking", item: "svc.convention", edits: [e("svc.yaml", "  args: [R1, R2, R3, R4, R5]\n", "  args: [R1, R2, R3, R4, R5, R6]\n")], at: atNew("[R1, R2") },
  { rule: "svc-registers", cls: "breaking", item: "svc.fn.MAILBOX.RECV.in.R4", edits: [e("svc.yaml", "          - { reg: R4, name: timeout, type: u16 }", "          - { reg: R4, name: timeout, type: u32 }")], at: atNew("{ reg: R4") },
  { rule: "register-name", cls: "doc", item: "svc.fn.MAILBOX.RECV.in.R3", edits: [e("svc.yaml", "          - { reg: R3, name: max_len, type: u16 }", "          - { reg: R3, name: capacity, type: u16 }")], at: atNew("{ reg: R3") },

  // --- fields: events and records are outputs, the .mailbox document an input ---
  {
    rule: "field-removed",
    cls: "breaking",
    item: "event.mailbox_overrun.queue_depth",
    edits: [e("events.yaml", `      - { name: queue_depth, type: u32, doc: "Depth after the drop" }\n`, ""), e("events.yaml", ", queue_depth: 2 }", " }")],
    at: atOld("name: queue_depth"),
  },
  { rule: "field-retyped", cls: "breaking", item: "event.sleep_request.ms", edits: [e("events.yaml", "      - { name: ms, type: u32 }\n", "      - { name: ms, type: u16 }\n")], at: atNew("name: ms") },
  { rule: "field-widened", cls: "compatible", item: "hxe.mailbox_document.entry.owner_pid", edits: [e("hxe.yaml", "{ name: owner_pid, type: u16,", "{ name: owner_pid, type: u32,")], at: atNew("name: owner_pid") },
  { rule: "field-added-optional", cls: "compatible", item: "event.sleep_request.note", edits: [e("events.yaml", "      - { name: ms, type: u32 }\n", "      - { name: ms, type: u32 }\n      - { name: note, type: string, optional: true }\n")], at: atNew("name: note") },
  {
    rule: "field-added-required",
    cls: "breaking",
    item: "event.sleep_request.slot",
    edits: [e("events.yaml", "      - { name: ms, type: u32 }\n", "      - { name: ms, type: u32 }\n      - { name: slot, type: u32 }\n"), e("events.yaml", "example: { ms: 10, deadline: 10500 }", "example: { ms: 10, slot: 1, deadline: 10500 }")],
    at: atNew("name: slot"),
  },
  { rule: "field-nullable-output", cls: "breaking", item: "event.sleep_request.ms", edits: [e("events.yaml", "      - { name: ms, type: u32 }\n", "      - { name: ms, type: u32, nullable: true }\n")], at: atNew("name: ms") },
  { rule: "field-nullable-input", cls: "compatible", item: "hxe.mailbox_document.entry.target", edits: [e("hxe.yaml", "{ name: target, aliases: [name], type: string,", "{ name: target, aliases: [name], type: string, nullable: true,")], at: atNew("name: target") },
  { rule: "field-non-nullable", cls: "breaking", item: "event.mailbox_wait.deadline", edits: [e("events.yaml", "{ name: deadline, type: u64, nullable: true, doc: \"Deadline on", "{ name: deadline, type: u64, doc: \"Deadline on")], at: atNew("name: deadline") },
  { rule: "field-optional-output", cls: "breaking", item: "event.sleep_request.ms", edits: [e("events.yaml", "      - { name: ms, type: u32 }\n", "      - { name: ms, type: u32, optional: true }\n")], at: atNew("name: ms") },
  { rule: "field-optional-input", cls: "compatible", item: "hxe.mailbox_document.entry.target", edits: [e("hxe.yaml", "{ name: target, aliases: [name], type: string,", "{ name: target, aliases: [name], type: string, optional: true,")], at: atNew("name: target") },
  { rule: "field-required", cls: "breaking", item: "hxe.mailbox_document.entry.owner_pid", edits: [e("hxe.yaml", "{ name: owner_pid, type: u16, nullable: true, optional: true,", "{ name: owner_pid, type: u16, nullable: true,")], at: atNew("name: owner_pid") },
  { rule: "field-values-narrowed", cls: "breaking", item: "event.mailbox_overrun.reason", edits: [e("events.yaml", "{ name: reason, type: string, enum: [fanout_drop, tap_overflow] }", "{ name: reason, type: string, enum: [fanout_drop] }")], at: atNew("name: reason"), says: "tap_overflow" },
  { rule: "field-values-widened", cls: "compatible", item: "event.mailbox_overrun.reason", edits: [e("events.yaml", "{ name: reason, type: string, enum: [fanout_drop, tap_overflow] }", "{ name: reason, type: string, enum: [fanout_drop, tap_overflow, tap_rate] }")], at: atNew("name: reason") },
  { rule: "field-alias-removed", cls: "breaking", item: "hxe.mailbox_document.entry.capacity", edits: [e("hxe.yaml", "{ name: capacity, aliases: [queue_depth], type: u16,", "{ name: capacity, type: u16,")], at: atNew("name: capacity") },
  { rule: "field-alias-added", cls: "compatible", item: "hxe.mailbox_document.entry.owner_pid", edits: [e("hxe.yaml", "{ name: owner_pid, type: u16,", "{ name: owner_pid, aliases: [owner], type: u16,")], at: atNew("name: owner_pid") },
  {
    rule: "field-renamed",
    cls: "breaking",
    item: "event.sleep_request.millis",
    edits: [e("events.yaml", "      - { name: ms, type: u32 }\n", "      - { name: millis, aliases: [ms], type: u32 }\n"), e("events.yaml", "example: { ms: 10, deadline: 10500 }", "example: { millis: 10, deadline: 10500 }")],
    at: atNew("name: millis"),
  },
  { rule: "field-renamed-aliased", cls: "compatible", item: "hxe.mailbox_document.entry.owner", edits: [e("hxe.yaml", "{ name: owner_pid, type: u16,", "{ name: owner, aliases: [owner_pid], type: u16,")], at: atNew("name: owner") },
  { rule: "field-closed", cls: "breaking", item: "hxe.mailbox_document.entry.bindings", edits: [e("hxe.yaml", "        open: true\n        fields:\n          - { name: pid, type: u16, doc: \"The pid the handle", "        open: false\n        fields:\n          - { name: pid, type: u16, doc: \"The pid the handle")], at: defAt("hxe.yaml", "- name: bindings") },
  {
    rule: "field-opened",
    cls: "compatible",
    item: "record.mailbox_descriptor_snapshot.waiters",
    edits: [e("mailbox.yaml", "      - name: waiters\n        type: array\n        items:\n          type: object\n", "      - name: waiters\n        type: array\n        items:\n          type: object\n          open: true\n")],
    at: atNew("- name: waiters"),
  },

  // --- structs ---
  { rule: "struct-size", cls: "breaking", item: "struct.hsx_mbx_trace_event_t", ...traceEventGrows(), at: defAt("mailbox.yaml", "- name: hsx_mbx_trace_event_t") },
  { rule: "struct-field-added", cls: "breaking", item: "struct.hsx_mbx_trace_event_t.extra", ...traceEventGrows(), at: atNew("name: extra", 1) },
  { rule: "struct-byte-order", cls: "breaking", item: "struct.hsx_mbx_recv_info_t", edits: [e("mailbox.yaml", "  - name: hsx_mbx_recv_info_t\n    doc: The receive info record RECV writes at info_ptr, little-endian in guest memory.\n    byte_order: little\n", "  - name: hsx_mbx_recv_info_t\n    doc: The receive info record RECV writes at info_ptr, little-endian in guest memory.\n    byte_order: big\n")], at: atNew("- name: hsx_mbx_recv_info_t") },
  { rule: "struct-field-moved", cls: "breaking", item: "struct.hsx_mbx_bind_config_t.capacity", ...bindConfigSwapped(), at: atNew("name: capacity") },
  { rule: "struct-field-resized", cls: "breaking", item: "struct.hsx_mbx_bind_config_t.reserved0", ...bindConfigMerged(), at: atNew("name: reserved0") },
  { rule: "struct-field-removed", cls: "breaking", item: "struct.hsx_mbx_bind_config_t.reserved1", ...bindConfigMerged(), at: atOld("name: reserved1") },
  { rule: "struct-field-retyped", cls: "breaking", item: "struct.hsx_mbx_recv_info_t.status", edits: [e("mailbox.yaml", "      - { name: status, type: i32, offset: 0 }", "      - { name: status, type: u32, offset: 0 }")], at: atNew("name: status") },
  { rule: "struct-field-renamed", cls: "breaking", item: "struct.hsx_mbx_bind_config_t.pad1", edits: [e("mailbox.yaml", "      - { name: reserved1, type: u16, offset: 6 }", "      - { name: pad1, type: u16, offset: 6 }")], at: atNew("name: pad1") },

  // --- profiles ---
  { rule: "limit-lowered", cls: "breaking", item: "profile.embedded.max_taps", edits: [e("profiles.yaml", "      max_taps: 4\n", "      max_taps: 2\n")], at: atNew("2") },
  { rule: "limit-raised", cls: "compatible", item: "profile.cortex_m.task_stack_bytes", edits: [e("profiles.yaml", "      task_stack_bytes: 2048\n", "      task_stack_bytes: 3072\n")], at: atNew("3072") },
  { rule: "limit-meaning", cls: "breaking", item: "profiles.limit.max_tasks", edits: [e("profiles.yaml", "{ name: max_tasks, unit: tasks,", "{ name: max_tasks, unit: task slots,")], at: atNew("name: max_tasks") },
  { rule: "cost-lowered", cls: "breaking", item: "profile.embedded.descriptor_bytes", edits: [e("profiles.yaml", "costs: { descriptor_bytes: 32, handle_bytes: 16, tap_bytes: 8 }", "costs: { descriptor_bytes: 24, handle_bytes: 16, tap_bytes: 8 }")], at: atNew("24") },
  { rule: "cost-raised", cls: "compatible", item: "profile.cortex_m.tap_bytes", edits: [e("profiles.yaml", "costs: { descriptor_bytes: 48, handle_bytes: 24, tap_bytes: 16 }", "costs: { descriptor_bytes: 48, handle_bytes: 24, tap_bytes: 20 }")], at: atNew("20") },
  { rule: "budget-raised", cls: "breaking", item: "profile.embedded.budget.sram_bytes", edits: [e("profiles.yaml", "budget: { metadata_bytes: 1056, sram_bytes: 3072 }", "budget: { metadata_bytes: 1056, sram_bytes: 4096 }")], at: atNew("4096") },
  { rule: "budget-lowered", cls: "compatible", item: "profile.desktop.budget.sram_bytes", edits: [e("profiles.yaml", "sram_bytes: 67108864 }", "sram_bytes: 50000000 }")], at: atNew("50000000") },
  { rule: "footprint-formula", cls: "breaking", item: "profiles.footprint", edits: [e("profiles.yaml", "    - { count: max_taps, each: max_capacity }\n", "")], at: defAt("profiles.yaml", "  rings:") },
  { rule: "default-profile", cls: "breaking", item: "profiles", edits: [e("profiles.yaml", "default_profile: desktop", "default_profile: cortex_m")], at: atNew("cortex_m") },

  // --- executive ---
  { rule: "transition-removed", cls: "breaking", item: "executive.transition.RETURNED.TERMINATED", edits: [e("executive.yaml", "    RETURNED: [RETURNED, TERMINATED, KILLED]", "    RETURNED: [RETURNED, KILLED]")], at: atOld("[RETURNED") },
  { rule: "transition-added", cls: "compatible", item: "executive.transition.KILLED.READY", edits: [e("executive.yaml", "    KILLED: [KILLED]", "    KILLED: [KILLED, READY]")], at: atNew("[KILLED") },

  // --- HXE ---
  { rule: "crc", cls: "breaking", item: "hxe.crc", edits: [e("hxe.yaml", "    file[0x00:0x1C] followed by file[header_size:EOF]", "    file[0x00:0x18] followed by file[header_size:EOF]")], at: defAt("hxe.yaml", "  span: >-") },
  { rule: "mode-token-removed", cls: "breaking", item: "hxe.mailbox_document.mode.RW", edits: [e("hxe.yaml", "- { tokens: [RDWR, RW], value: 0x03 }", "- { tokens: [RDWR], value: 0x03 }")], at: atOld("tokens") },
  { rule: "mode-token-added", cls: "compatible", item: "hxe.mailbox_document.mode.TAPPED", edits: [e("hxe.yaml", "- { tokens: [TAP], value: 0x04 }", "- { tokens: [TAP, TAPPED], value: 0x04 }")], at: atNew("tokens") },
  {
    rule: "mode-token-changed",
    cls: "breaking",
    item: "hxe.mailbox_document.mode.RO",
    edits: [e("hxe.yaml", "- { tokens: [RDONLY, READONLY, RO], value: 0x01 }", "- { tokens: [RDONLY, READONLY], value: 0x01 }"), e("hxe.yaml", "- { tokens: [WRONLY, WRITEONLY, WO], value: 0x02 }", "- { tokens: [WRONLY, WRITEONLY, WO, RO], value: 0x02 }")],
    at: atNew("tokens", 1),
    says: "RO means 2 instead of 1",
  },
  { rule: "mailbox-module", cls: "breaking", item: "mailbox", edits: [e("mailbox.yaml", "svc_module: MAILBOX", "svc_module: EXEC")], at: atNew("EXEC"), lintDirty: true },

  // --- conformance ---
  { rule: "protocol-version", cls: "breaking", item: "conformance.protocol", edits: [e("conformance.yaml", "protocol:\n  version: 1\n", "protocol:\n  version: 2\n")], at: atNew("2") },
  { rule: "op-level", cls: "breaking", item: "conformance.op.isa.load", edits: [e("conformance.yaml", "  - name: isa.load\n    level: isa\n", "  - name: isa.load\n    level: hxe\n")], at: atNew("- name: isa.load"), lintDirty: true },
  { rule: "coverage-gate", cls: "compatible", item: "conformance.coverage", edits: [e("conformance.yaml", "hxe_error, transition]", "hxe_error]")], at: defAt("conformance.yaml", "  gate: [") },

  // --- meta and prose ---
  { rule: "spec-name", cls: "breaking", item: "meta", edits: [e("meta.yaml", "\nname: hsx\n", "\nname: hsx2\n")], at: atNew("hsx2") },
  { rule: "doc", cls: "doc", item: "meta", edits: [e("meta.yaml", "title: HSX ABI and behaviour specification", "title: HSX ABI specification")], at: atNew("HSX ABI") },
  { rule: "rule-text", cls: "doc", item: "isa.rule.ILLEGAL_OPCODE", edits: [e("isa.yaml", "text: An opcode byte that is reserved is the ILLEGAL fault.", "text: An opcode byte that is reserved is the ILLEGAL fault; pc stays.")], at: defAt("isa.yaml", "- id: ILLEGAL_OPCODE") },
  { rule: "ruling", cls: "doc", item: "ruling.R-ISA-JZ-PSW", edits: [e("isa.yaml", "text: JZ and JNZ test PSW.Z, not a register", "text: JZ and JNZ test the Z flag, not a register")], at: defAt("isa.yaml", "id: R-ISA-JZ-PSW") },
];

function traceEventGrows(): { edits: Edit[] } {
  return {
    edits: [
      e("mailbox.yaml", "    size: 16\n    fields:\n      - { name: ts_lo", "    size: 20\n    fields:\n      - { name: ts_lo"),
      e("mailbox.yaml", `      - { name: reserved, type: u16, offset: 14, doc: "Padding made explicit" }\n`, `      - { name: reserved, type: u16, offset: 14, doc: "Padding made explicit" }\n      - { name: extra, type: u32, offset: 16 }\n`),
    ],
  };
}

function bindConfigSwapped(): { edits: Edit[] } {
  return { edits: [e("mailbox.yaml", "      - { name: capacity, type: u16, offset: 0 }\n      - { name: mode, type: u16, offset: 2 }\n", "      - { name: mode, type: u16, offset: 0 }\n      - { name: capacity, type: u16, offset: 2 }\n")] };
}

function bindConfigMerged(): { edits: Edit[] } {
  return { edits: [e("mailbox.yaml", "      - { name: reserved0, type: u16, offset: 4 }\n      - { name: reserved1, type: u16, offset: 6 }\n", "      - { name: reserved0, type: u32, offset: 4 }\n")] };
}

/** Rules no lint-clean spec edit can reach; checked on a model changed directly. */
const MODEL_ONLY: RuleId[] = ["unclassified"];

describe("hsx-kit diff: classification (one spec edit per rule)", () => {
  it("has a case for every rule of the classification table", () => {
    const covered = new Set<string>([...CASES.map((k) => k.rule), ...MODEL_ONLY]);
    expect(Object.keys(RULES).filter((r) => !covered.has(r))).toEqual([]);
  });

  for (const k of CASES) {
    it(`${k.rule}: ${k.item} is ${k.cls}`, () => {
      const { spec, texts } = edited(k.edits, k.lintDirty);
      const r = diffSpecs(base, spec);
      const hit = r.changes.find((c) => c.kind === k.rule && c.item === k.item);
      expect(hit, `expected ${k.rule} on ${k.item}; got:\n${show(r.changes)}`).toBeDefined();
      expect(hit!.class).toBe(k.cls);
      expect(RULES[k.rule].class).toBe(k.cls);
      const want = expectedPos(k, texts);
      expect({ file: hit!.location.file, line: hit!.location.line }).toEqual(want);
      if (k.says) expect(hit!.message).toContain(k.says);
    });
  }

  it("classifies every property of the current model (perturb each leaf once)", () => {
    // Derived values and ids are compared through what they derive from, so they may stay silent.
    const unclassified: string[] = [];
    const seen = new Set<string>();
    const model = structuredClone(base.model) as unknown as Record<string | number, unknown>;
    const walk = (v: unknown, path: (string | number)[]): void => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      else if (v !== null && path[0] !== "version") {
        const key = path.map((k) => (typeof k === "number" ? "[]" : k)).join(".");
        if (seen.has(key)) return;
        seen.add(key);
        let o = model;
        for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
        const last = path[path.length - 1]!;
        o[last] = typeof v === "number" ? v + 1 : typeof v === "boolean" ? !v : `${String(v)}_x`;
        const r = diffSpecs(base, { ...base, model: model as unknown as LoadedSpec["model"], hash: "x" });
        o[last] = v; // one copy, restored after each perturbation (diffSpecs does not mutate)
        for (const c of r.changes) if (c.kind === "unclassified") unclassified.push(`${key}: ${c.message}`);
      }
    };
    walk(base.model, []);
    expect(seen.size).toBeGreaterThan(200);
    expect(unclassified, "model properties without an ABI-diff rule: add them to a property table under codegen/diff/compare/").toEqual([]);
  });

  it("unclassified: a model property without a rule fails closed as breaking", () => {
    const model = structuredClone(base.model) as unknown as { isa: Record<string, unknown> };
    model.isa.futureThing = { answer: 42 };
    const r = diffSpecs(base, { ...base, model: model as unknown as LoadedSpec["model"] });
    const hit = r.changes.find((c) => c.kind === "unclassified");
    expect(hit?.class).toBe("breaking");
    expect(hit?.message).toContain("futureThing");
    expect(hit?.location.file).toBe("spec/isa.yaml");
  });
});

describe("hsx-kit diff: allocation and reservations", () => {
  it("an opcode added in a reserved slot is compatible and names the range it came from", () => {
    const { spec } = edited([
      e("isa.yaml", "  - { from: 0x05, to: 0x05 }\n", ""),
      e("isa.yaml", "  - { value: 0x04, mnemonic: MOV,", `  - { value: 0x05, mnemonic: NEG, form: rr, flags: {}, faults: [], doc: "R[rd] = -R[rs1]", sem: "R[rd] = u32(0 - a)" }\n  - { value: 0x04, mnemonic: MOV,`),
    ]);
    const r = diffSpecs(base, spec);
    expect(show(r.changes)).toContain("compatible reserved-allocated isa.opcode.NEG");
    expect(r.changes.find((c) => c.item === "isa.opcode.NEG")?.message).toContain("taken from reserved opcodes 0x05");
    expect(r.changes.filter((c) => c.class === "breaking")).toEqual([]);
    expect(r.required_bump).toBe("minor");
  });

  it("a new check appended to an ordered enum is compatible; inserted before existing checks it is breaking", () => {
    const last = `          source: RULINGS.md HXE and .mailbox; hsx-mailbox-exec.md §7.3, §7.7\n`;
    const appended = edited([e("hxe.yaml", last, `${last}      - { name: MAILBOX_EXTRA, value: 30, doc: "A new check" }\n`)]);
    expect(diffSpecs(base, appended.spec).changes.map((c) => `${c.class} ${c.kind}`)).toEqual(["compatible added"]);
    const inserted = edited([e("hxe.yaml", `      - { name: TOO_SMALL, value: 1,`, `      - { name: EMPTY, value: 0, doc: "The file is empty" }\n      - { name: TOO_SMALL, value: 1,`)]);
    const r = diffSpecs(base, inserted.spec);
    expect(r.changes.find((c) => c.kind === "order-changed" && c.item === "enum.hxe_error.EMPTY")?.message).toContain("inserted before existing TOO_SMALL");
  });

  it("exempting a value from the coverage gate changes the gate; rewording the reason is prose", () => {
    const exempt = edited([e("mailbox.yaml", `{ name: TAP_LIMIT, value: 0x000C, doc: "The profile's tap pool is exhausted" }`, `{ name: TAP_LIMIT, value: 0x000C, doc: "The profile's tap pool is exhausted", coverage_exempt: "Needs a tap pool" }`)]);
    const hit = diffSpecs(base, exempt.spec).changes.find((c) => c.item === "enum.mbx_status.TAP_LIMIT");
    expect([hit?.class, hit?.kind, hit?.message]).toEqual(["compatible", "coverage-gate", "mbx_status value TAP_LIMIT: now exempt from the coverage gate"]);
  });

  it("a field that gains an enum reference is narrowed; losing one widens it", () => {
    const gain = edited([e("events.yaml", "      - { name: ms, type: u32 }\n", "      - { name: ms, type: u32, ref_enum: load_error }\n")], true);
    expect(diffSpecs(base, gain.spec).changes.map((c) => [c.class, c.kind, c.item, c.message])).toEqual([["breaking", "field-values-narrowed", "event.sleep_request.ms", "event sleep_request field ms: values now restricted to enum load_error"]]);
    const lose = edited([e("events.yaml", "{ name: code, type: u32, ref_enum: vm_error }", "{ name: code, type: u32 }")]);
    expect(diffSpecs(base, lose.spec).changes.map((c) => [c.class, c.kind, c.item])).toEqual([["compatible", "field-values-widened", "event.vm_error.code"]]);
  });

  it("a 0 that means 'no limit' is the highest limit", () => {
    const { spec } = edited([e("profiles.yaml", "      tap_rate_limit: 0\n", "      tap_rate_limit: 1000\n")]);
    const hit = diffSpecs(base, spec).changes.find((c) => c.item === "profile.desktop.tap_rate_limit");
    expect(hit?.kind).toBe("limit-lowered");
    expect(hit?.message).toContain("0 (no limit) -> 1000");
  });

  it("reordering a JSON field list or an opcode's faults is no change", () => {
    const { spec } = edited([e("events.yaml", "      - { name: ms, type: u32 }\n      - { name: deadline,", "      - { name: deadline,"), e("events.yaml", `"Wake time on the executive clock in microseconds" }\n`, `"Wake time on the executive clock in microseconds" }\n      - { name: ms, type: u32 }\n`)]);
    expect(diffSpecs(base, spec).changes).toEqual([]);
  });
});

describe("hsx-kit diff: version rule", () => {
  it("identical specs: no changes, exit 0", async () => {
    const r = await runCli(["diff", SNAP, SNAP]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no changes");
    expect(r.stdout).toContain("verdict: ok: no changes, so no bump is required");
  });

  const bump = (to: string): Edit => e("meta.yaml", `\nversion: ${base.model.version}\n`, `\nversion: ${to}\n`);
  const next = (part: "major" | "minor" | "patch") => {
    const [a, b, c] = (base.model.version.split(".").map(Number) as [number, number, number]);
    return part === "major" ? `${a + 1}.0.0` : part === "minor" ? `${a}.${b + 1}.0` : `${a}.${b}.${c + 1}`;
  };
  const breaking = e("executive.yaml", "{ name: MAILBOX, value: 4,", "{ name: MAILBOX, value: 5,");
  const compatible = e("executive.yaml", "    KILLED: [KILLED]", "    KILLED: [KILLED, READY]");
  const docOnly = e("meta.yaml", "title: HSX ABI and behaviour specification", "title: HSX ABI specification");

  async function cli(edits: Edit[], ...extra: string[]) {
    const { specDir } = edited(edits);
    return runCli(["diff", SNAP, specDir, ...extra]);
  }

  it("a breaking change without a major bump exits 1", async () => {
    const r = await cli([breaking, bump(next("minor"))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/verdict: breaking: 1 breaking change\(s\) require a major bump; but .* is only a minor bump/);
    expect(r.stderr).toContain("verdict: breaking");
  });

  it("a breaking change with a major bump exits 0", async () => {
    const r = await cli([breaking, bump(next("major"))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/verdict: ok: 1 breaking change\(s\) require a major bump; .* is a major bump, which covers it/);
  });

  it("a compatible change needs at least a minor bump", async () => {
    const without = await cli([compatible, bump(next("patch"))]);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain("verdict: version: 1 compatible change(s) require a minor bump");
    const unchanged = await cli([compatible]);
    expect(unchanged.code).toBe(1);
    expect(unchanged.stdout).toContain(`but the version stays ${base.model.version}`);
    expect((await cli([compatible, bump(next("minor"))])).code).toBe(0);
    expect((await cli([compatible, bump(next("major"))])).code).toBe(0);
  });

  it("documentation changes may keep the version", async () => {
    const r = await cli([docOnly], "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { required_bump: string; verdict: string };
    expect([j.required_bump, j.verdict]).toEqual(["patch", "ok"]);
  });

  it("a version that goes backwards is a finding even without changes", async () => {
    const { specDir } = edited([bump(next("major"))]);
    const r = await runCli(["diff", specDir, SNAP]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("verdict: version: no changes, so no bump is required; but the version went backwards");
  });

  it("judges every combination by the meta.yaml rules", () => {
    expect(moveOf("1.2.3", "2.0.0")).toBe("major");
    expect(moveOf("1.2.3", "1.3.0")).toBe("minor");
    expect(moveOf("1.2.3", "1.2.4")).toBe("patch");
    expect(moveOf("1.2.3", "1.2.3")).toBe("none");
    expect(moveOf("1.2.3", "1.2.2")).toBe("backwards");
    expect(moveOf("1.10.0", "1.9.9")).toBe("backwards");
    const v = (o: string, n: string, ...cls: ChangeClass[]) => judge(o, n, cls).verdict;
    expect(v("1.0.0", "1.0.0")).toBe("ok");
    expect(v("1.0.0", "1.0.0", "doc")).toBe("ok");
    expect(v("1.0.0", "1.0.1", "compatible")).toBe("version");
    expect(v("1.0.0", "1.1.0", "compatible", "doc")).toBe("ok");
    expect(v("1.0.0", "1.9.0", "breaking", "compatible")).toBe("breaking");
    expect(v("1.0.0", "2.0.0", "breaking")).toBe("ok");
    expect(v("2.0.0", "1.0.0", "breaking")).toBe("breaking");
    expect(judge("1.0.0", "1.0.0", ["breaking", "compatible", "doc"]).required).toBe("major");
  });
});

describe("hsx-kit diff: output", () => {
  it("--json has the documented shape, key order and sorting", async () => {
    const { specDir } = edited([e("executive.yaml", "{ name: MAILBOX, value: 4,", "{ name: MAILBOX, value: 5,"), e("executive.yaml", "    KILLED: [KILLED]", "    KILLED: [KILLED, READY]"), e("meta.yaml", "title: HSX ABI and behaviour specification", "title: HSX ABI specification")]);
    const r = await runCli(["diff", SNAP, specDir, "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { changes: Record<string, unknown>[] };
    expect(Object.keys(j)).toEqual(["old", "new", "changes", "required_bump", "verdict"]);
    expect(j.old).toEqual({ version: base.model.version, hash: base.hash });
    expect(Object.keys(j.new as object)).toEqual(["version", "hash"]);
    expect([j.required_bump, j.verdict]).toEqual(["major", "breaking"]);
    expect(j.changes.map((c) => [c.class, c.kind, c.item])).toEqual([
      ["breaking", "renumbered", "enum.load_error.MAILBOX"],
      ["compatible", "transition-added", "executive.transition.KILLED.READY"],
      ["doc", "doc", "meta"],
    ]);
    expect(Object.keys(j.changes[0]!)).toEqual(["class", "kind", "item", "location", "message", "old", "new"]);
    expect(Object.keys(j.changes[0]!.location as object)).toEqual(["file", "line", "col"]);
    expect([j.changes[0]!.old, j.changes[0]!.new]).toEqual([4, 5]);
    // sorted by file, then line
    const locs = j.changes.map((c) => c.location as { file: string; line: number });
    expect(locs.map((l) => l.file)).toEqual(["spec/executive.yaml", "spec/executive.yaml", "spec/meta.yaml"]);
    expect(locs[0]!.line).toBeLessThan(locs[1]!.line);
  });

  it("text groups changes by class, each as FILE:LINE:COL: item: message [kind]", async () => {
    const { specDir } = edited([e("executive.yaml", "    KILLED: [KILLED]", "    KILLED: [KILLED, READY]"), e("meta.yaml", "title: HSX ABI and behaviour specification", "title: HSX ABI specification"), e("executive.yaml", "{ name: MAILBOX, value: 4,", "{ name: MAILBOX, value: 5,")]);
    const r = await runCli(["diff", SNAP, specDir]);
    const out = r.stdout;
    expect(out.indexOf("breaking (1):")).toBeLessThan(out.indexOf("compatible (1):"));
    expect(out.indexOf("compatible (1):")).toBeLessThan(out.indexOf("doc (1):"));
    expect(out).toMatch(/\n {2}spec\/executive\.yaml:\d+:\d+: enum\.load_error\.MAILBOX: load_error value MAILBOX renumbered 4 -> 5 \[renumbered\]\n/);
    expect(out.trimEnd().split("\n").pop()).toMatch(/^verdict: breaking: /);
  });

  it("reportJson and the report agree", () => {
    const r = diffSpecs(base, base);
    expect(reportJson(r)).toEqual({ old: { version: base.model.version, hash: base.hash }, new: { version: base.model.version, hash: base.hash }, changes: [], required_bump: "none", verdict: "ok" });
  });

  it("--rules prints the classification table; --help documents the CI invocation", async () => {
    const rules = await runCli(["diff", "--rules", "--json"]);
    expect(rules.code).toBe(0);
    const rows = JSON.parse(rules.stdout) as { kind: string; class: string }[];
    expect(rows.find((x) => x.kind === "limit-lowered")?.class).toBe("breaking");
    expect(rows).toHaveLength(Object.keys(RULES).length);
    const help = await runCli(["diff", "--help"]);
    expect(help.stdout).toContain("hsx-kit diff $(git merge-base origin/main HEAD) spec");
  });
});

describe("hsx-kit diff: arguments and git revisions", () => {
  let repo: string;
  const git = (...args: string[]) => {
    const r = spawnSync("git", ["-C", repo, "-c", "user.name=hsx-kit test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", ...args], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim();
  };
  let removeRepo: () => void;

  beforeAll(() => {
    const s = scratchDir("hsx-kit-diff-repo-");
    repo = s.dir;
    removeRepo = s.cleanup;
    git("init", "-q", "-b", "main");
    cpSync(SNAP, join(repo, "spec"), { recursive: true });
    git("add", "spec");
    git("commit", "-q", "-m", "spec as is");
    git("branch", "released");
    const p = join(repo, "spec", "executive.yaml");
    writeFileSync(p, readFileSync(p, "utf8").replace("    KILLED: [KILLED]", "    KILLED: [KILLED, READY]"));
    git("commit", "-q", "-am", "allow KILLED -> READY");
  });
  afterAll(() => removeRepo());

  it("diffs HEAD~1 HEAD read from the repository (--repo)", async () => {
    const r = await runCli(["diff", "HEAD~1", "HEAD", "--repo", repo, "--json"]);
    expect(r.stderr).toContain("verdict: version");
    const j = JSON.parse(r.stdout) as { changes: DiffChange[]; verdict: string };
    expect(j.changes.map((c) => [c.kind, c.item, c.location.file])).toEqual([["transition-added", "executive.transition.KILLED.READY", "spec/executive.yaml"]]);
    expect(j.changes[0]!.location.line).toBe(lineAt(readFileSync(join(repo, "spec", "executive.yaml"), "utf8"), readFileSync(join(repo, "spec", "executive.yaml"), "utf8").indexOf("    KILLED: [KILLED, READY]") + 4));
    expect(j.verdict).toBe("version");
  });

  it("diffs a revision against a working-tree path, and branch names and SHAs work (cwd in the repo)", () => {
    const p = join(repo, "spec", "meta.yaml");
    const meta = readFileSync(p, "utf8");
    writeFileSync(p, meta.replace(`\nversion: ${base.model.version}\n`, "\nversion: 99.0.0\n"));
    try {
      const a = runCliProcess(["diff", "HEAD~1", "spec"], { cwd: repo });
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout).toMatch(/^old: HEAD~1 \([0-9a-f]{12}\): version /);
      expect(a.stdout).toContain("is a major bump, which covers it");
      const sha = git("rev-parse", "HEAD~1");
      const b = runCliProcess(["diff", "released", sha, "--json"], { cwd: repo });
      expect(b.code).toBe(0);
      expect((JSON.parse(b.stdout) as { changes: unknown[] }).changes).toEqual([]);
    } finally {
      writeFileSync(p, meta);
    }
  });

  it("an argument that is both a path and a revision is the path", async () => {
    const dir = join(repo, "released");
    mkdirSync(dir);
    try {
      cpSync(join(repo, "spec"), join(dir, "spec"), { recursive: true });
      const src = resolveSpecSource("released", repo, repo);
      cleanups.push(src.cleanup);
      expect([src.kind, src.specDir]).toEqual(["path", join(dir, "spec")]);
      const r = runCliProcess(["diff", "released", "HEAD", "--json"], { cwd: repo });
      expect((JSON.parse(r.stdout) as { changes: unknown[] }).changes).toEqual([]);
    } finally {
      spawnSync("rm", ["-rf", dir]);
    }
  });

  it("extracts the revision's spec/ to a temporary directory it removes", () => {
    const src = resolveSpecSource("HEAD~1", repo, repo);
    expect(src.kind).toBe("revision");
    expect(readFileSync(join(src.specDir, "executive.yaml"), "utf8")).toContain("    KILLED: [KILLED]\n");
    src.cleanup();
    expect(() => readFileSync(join(src.specDir, "executive.yaml"))).toThrow();
  });

  it("a bad argument is a usage error (exit 2) that says why", async () => {
    const r = await runCli(["diff", "no-such-rev", "HEAD", "--repo", repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('OLD: "no-such-rev" is neither an existing path nor a git revision');
    const notRepo = scratchDir();
    cleanups.push(notRepo.cleanup);
    const n = await runCli(["diff", SNAP, "HEAD", "--repo", notRepo.dir]);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain("is not in a git repository");
    const one = await runCli(["diff", SNAP]);
    expect([one.code, one.stderr.includes("expected two arguments")]).toEqual([2, true]);
    const file = await runCli(["diff", join(SNAP, "meta.yaml"), SNAP]);
    expect([file.code, file.stderr.includes("is a file")]).toEqual([2, true]);
  });

  it("a revision without spec/ is a usage error", async () => {
    git("checkout", "-q", "--orphan", "empty");
    git("rm", "-rq", "--cached", "spec");
    git("commit", "-q", "--allow-empty", "-m", "nothing");
    const r = await runCli(["diff", "empty", "main", "--repo", repo]);
    git("checkout", "-q", "-f", "main");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('revision "empty"');
    expect(r.stderr).toContain("has no spec/ directory");
  });

  it("either spec failing lint is exit 2, naming its problems", async () => {
    const { specDir } = edited([e("mailbox.yaml", "{ name: INVALID_HANDLE, value: 0x0002", "{ name: INVALID_HANDLE, value: 0x0001")], true);
    const r = await runCli(["diff", SNAP, specDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the NEW spec \(.*\) fails lint with \d+ problem\(s\):/);
    expect(r.stderr).toMatch(/spec\/mailbox\.yaml:\d+:\d+: .*\[enum\.duplicate-value\]/);
    expect(r.stdout).toBe("");
  });
});

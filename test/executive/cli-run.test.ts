// runImages (the multi-image `hsx-kit run`): output, outcomes, diagnoses, options.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validateHsxEvent } from "../../generated/validators/index.js";
import { UsageError, type Io } from "../../src/cli/io.js";
import { runImages } from "../../src/executive/index.js";
import { scratchDir } from "../helpers.js";
import { asm, program } from "./fixture.js";

const scratch = scratchDir("hsx-kit-run-");
afterAll(() => scratch.cleanup());
let n = 0;

function image(body: string, data = "", app = "t"): string {
  const path = join(scratch.dir, `${app}-${n++}.hxe`);
  writeFileSync(path, asm(program(body, data), app));
  return path;
}

async function run(paths: string[], opts: Parameters<typeof runImages>[1] = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), tty: false };
  const code = await runImages(paths, opts, io);
  return { code, out, err };
}

const HELLO = '    LDI32 R1, hi\n    CALL line\n    LDI32 R1, oops\n    LDI R2, 5\n    MOV R3, R2\n    MOV R2, R1\n    LDI R1, 2\n    SVC 4, 2\n    LDI R0, 3\n    RET';
const HELLO_DATA = 'hi: .asciz "hello"\noops: .ascii "oops\\n"';

describe("runImages", () => {
  it("prints stdout lines on out and stderr lines on err, prefixed by the task, then each exit status", async () => {
    const r = await run([image(HELLO, HELLO_DATA, "hello")]);
    expect(r.out).toBe("[1:hello] hello\n");
    expect(r.err).toMatch(/^\[1:hello!\] oops\n\[1:hello\] exit 3\nall tasks ended \(\d+ steps, [\d.]+ ms virtual\)\n$/);
    expect(r.code).toBe(0);
  });

  it("a partial last line is printed too", async () => {
    const r = await run([image('    LDI32 R1, hi\n    CALL puts\n    RET', 'hi: .asciz "no newline"', "p")]);
    expect(r.out).toBe("[1:p] no newline\n");
  });

  it("names each waiting task and its mailbox on a deadlock", async () => {
    const waiter = image("    LDI32 R1, q\n    LDI R2, 0\n    SVC 5, 0\n    LDI32 R2, buf\n    LDI R3, 4\n    LDI32 R4, 0xFFFF\n    SVC 5, 3\n    RET", 'q: .asciz "app:never"\nbuf: .zero 4', "waiter");
    const r = await run([waiter, image("    RET", "", "quick")]);
    expect(r.err).toContain("[1:waiter] waiting_mbx at pc 0x");
    expect(r.err).toContain("[2:quick] exit 0");
    expect(r.err).toContain("deadlock: no task can run and no timer is pending");
    expect(r.err).toContain("  1:waiter waits to recv on app:never (descriptor 9, handle 4)");
    expect(r.code).toBe(1);
  });

  it("names the task, pc and fault on a fault", async () => {
    const r = await run([image("    LDI R1, 0\n    DIV R0, R0, R1", "", "crash")]);
    expect(r.err).toContain("[1:crash] fault DIV_ZERO (0xFFFFFF05) at pc 0x0004");
    expect(r.code).toBe(1);
  });

  it("stops at --max-steps and reports it", async () => {
    const r = await run([image("spin:\n    JMP spin", "", "spin")], { maxSteps: 500 });
    expect(r.err).toContain("[1:spin] running at pc 0x");
    expect(r.err).toContain("step limit 500 reached (500 steps, 0.500 ms virtual)");
    expect(r.code).toBe(1);
  });

  it("reports a paused task (BRK) as idle", async () => {
    const r = await run([image("    BRK 7", "", "brk")]);
    expect(r.err).toContain("idle: every live task is paused or blocked");
    expect(r.err).toContain("  1:brk is paused at pc 0x0004");
    expect(r.code).toBe(1);
  });

  it("--events writes every event as a JSON line, each valid", async () => {
    const file = join(scratch.dir, "events.jsonl");
    await run([image(HELLO, HELLO_DATA, "hello")], { eventsFile: file, quantum: 5, profile: "cortex_m", instructionsPerMs: 10 });
    const lines = readFileSync(file, "utf8").trim().split("\n");
    const events = lines.map((l) => JSON.parse(l) as unknown);
    expect(events.every((e) => validateHsxEvent(e))).toBe(true);
    expect(events.map((e) => (e as { seq: number }).seq)).toEqual(lines.map((_, i) => i + 1));
  });

  it("refuses an unreadable file (usage) and an image the executive refuses (failed)", async () => {
    const missing = await run([join(scratch.dir, "nope.hxe")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*nope\.hxe/);
    const bad = join(scratch.dir, "bad.hxe");
    writeFileSync(bad, new Uint8Array([1, 2, 3]));
    const refused = await run([bad]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/bad\.hxe: load refused: IMAGE TOO_SMALL/);
  });

  it("throws UsageError for bad options (the command prints its usage)", async () => {
    const img = image("    RET");
    await expect(run([])).rejects.toThrow(UsageError);
    await expect(run([img], { profile: "mainframe" as never })).rejects.toThrow(/--profile must be one of desktop, cortex_m, embedded/);
    await expect(run([img], { quantum: 0 })).rejects.toThrow(/--quantum/);
    await expect(run([img], { maxSteps: -1 })).rejects.toThrow(/--max-steps/);
    await expect(run([img], { clock: "sundial" as never })).rejects.toThrow(/--clock/);
  });

  it("runs on the wall clock when asked", async () => {
    const r = await run([image("    LDI R0, 2\n    SVC 6, 0\n    RET", "", "nap")], { clock: "wall" });
    expect(r.err).toMatch(/all tasks ended \(\d+ steps, [\d.]+ ms wall\)/);
    expect(r.code).toBe(0);
  });
});

// hsx-kit asm / disasm / run (exit codes: 0 ok, 1 program fault or failed check, 2 usage or unreadable image).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, runCliProcess, scratchDir } from "../helpers.js";
import { goldenBytes } from "../hxe/images.js";
import { FIXTURES } from "./util.js";

const tmp = scratchDir();
afterAll(() => tmp.cleanup());
const DEMO = join(FIXTURES, "mvasm", "demo.mvasm");
const at = (name: string) => join(tmp.dir, name);

describe("hsx-kit asm", () => {
  it("assembles the demo; the output stem is the default app name (golden bytes)", async () => {
    const r = await runCli(["asm", DEMO, "-o", at("demo.hxe")]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^wrote .*demo\.hxe: 378 bytes \(code 76, rodata 20, 3 metadata sections, entry 0x0000\)\n$/);
    expect(Buffer.from(readFileSync(at("demo.hxe"))).equals(Buffer.from(goldenBytes()))).toBe(true);
  });

  it("--app-name and --single-instance", async () => {
    expect((await runCli(["asm", DEMO, "-o", at("x.hxe"), "--app-name", "demo", "--single-instance"])).code).toBe(0);
    const b = readFileSync(at("x.hxe"));
    expect(b.readUInt16BE(6)).toBe(0);
    expect(b.subarray(0x20, 0x24).toString()).toBe("demo");
  });

  it("links several files in order", async () => {
    writeFileSync(at("lib.mvasm"), ".export two\ntwo: LDI R0, 2\nRET\n");
    writeFileSync(at("main.mvasm"), ".import two\n.entry go\n.export go\ngo: CALL two\nSVC 1, 0\n");
    expect((await runCli(["asm", at("lib.mvasm"), at("main.mvasm"), "-o", at("linked.hxe")])).code).toBe(0);
    const r = await runCli(["run", at("linked.hxe")]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toContain("[exit 2]");
  });

  it("reports FILE:LINE:COL errors with exit 1, warnings on stderr", async () => {
    writeFileSync(at("bad.mvasm"), "RET\n  LDI R1, 5000\n");
    const r = await runCli(["asm", at("bad.mvasm"), "-o", at("bad.hxe")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${at("bad.mvasm")}:2:11: LDI immediate 5000 outside -2048..2047\n`);
    writeFileSync(at("warn.mvasm"), '.value {"group":1,"id":1,"rate_ms":5}\nRET\n');
    const w = await runCli(["asm", at("warn.mvasm"), "-o", at("warn.hxe")]);
    expect(w.code).toBe(0);
    expect(w.stderr).toContain("warning: .value: rate_ms has no field in the HXE and is dropped");
  });

  it("usage errors and unreadable files exit 2", async () => {
    expect((await runCli(["asm", DEMO])).code).toBe(2);
    expect((await runCli(["asm", "-o", at("y.hxe")])).code).toBe(2);
    expect((await runCli(["asm", at("missing.mvasm"), "-o", at("y.hxe")])).code).toBe(2);
    expect((await runCli(["asm", DEMO, "-o", join(tmp.dir, "no", "such", "dir.hxe")])).code).toBe(2);
    expect((await runCli(["asm", "--help"])).stdout).toContain("usage: hsx-kit asm FILE... -o OUT.hxe");
  });
});

describe("hsx-kit disasm", () => {
  it("prints MVASM that reassembles to the same bytes", async () => {
    writeFileSync(at("golden.hxe"), goldenBytes());
    const r = await runCli(["disasm", at("golden.hxe")]);
    expect(r.code).toBe(0);
    writeFileSync(at("golden.mvasm"), r.stdout);
    expect((await runCli(["asm", at("golden.mvasm"), "-o", at("again.hxe")])).code).toBe(0);
    expect(readFileSync(at("again.hxe")).equals(Buffer.from(goldenBytes()))).toBe(true);
    expect((await runCli(["disasm", at("golden.hxe"), "-o", at("g2.mvasm")])).code).toBe(0);
    expect(readFileSync(at("g2.mvasm"), "utf8")).toBe(r.stdout);
  });

  it("reports the loader's error code for a bad image, exit 2", async () => {
    const bad = goldenBytes();
    bad[0x70] ^= 1;
    writeFileSync(at("bad.hxe"), bad);
    const r = await runCli(["disasm", at("bad.hxe")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("CRC_MISMATCH");
    expect((await runCli(["disasm"])).code).toBe(2);
    expect((await runCli(["disasm", at("nothing.hxe")])).stderr).toContain("ENOENT");
    expect((await runCli(["disasm", at("golden.hxe"), "-o", join(tmp.dir, "no", "x")])).code).toBe(2);
  });
});

describe("hsx-kit run", () => {
  it("prints the UART output and the exit code", async () => {
    writeFileSync(at("golden.hxe"), goldenBytes());
    const r = await runCli(["run", at("golden.hxe")]);
    expect(r).toEqual({ code: 0, stdout: "hello\n", stderr: "[exit 3025] TASK EXIT (pc 0x0040, 43 steps)\n" });
  });

  it("--trace prints one line per instruction: pc, word, disassembly, changes", async () => {
    const r = await runCli(["run", at("golden.hxe"), "--trace"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(44);
    expect(lines[0]).toMatch(/^0000  60100000 00004000  LDI32 R1, 0x00004000\s+R1 00000000->00004000$/);
    expect(lines[3]).toBe('      UART "hello"');
    expect(lines.find((l) => l.startsWith("0020"))).toMatch(/SUB R3, R3, R5\s+R3 0000000A->00000009  PSW \[-\]->\[C\]$/);
  });

  it("faults, BRK and the step limit exit 1; bad input exits 2", async () => {
    writeFileSync(at("fault.mvasm"), "LDI R1, -1\nLD R2, [R1+0]\n");
    writeFileSync(at("brk.mvasm"), 'LDI32 R1, m\nLDI R2, 2\nSVC 1, 1\nBRK 3\n.data\nm: .ascii "ok"\n');
    await runCli(["asm", at("fault.mvasm"), "-o", at("fault.hxe")]);
    await runCli(["asm", at("brk.mvasm"), "-o", at("brk.hxe")]);
    const f = await runCli(["run", at("fault.hxe")]);
    expect(f).toMatchObject({ code: 1, stderr: "[fault MEM_FAULT 0xFFFFFF04] (pc 0x0004, 1 steps)\n" });
    expect(await runCli(["run", at("brk.hxe")])).toMatchObject({ code: 1, stdout: "ok\n", stderr: "[brk 3] (pc 0x0014, 4 steps)\n" });
    expect(await runCli(["run", at("golden.hxe"), "--max-steps", "10"])).toMatchObject({ code: 1, stdout: "hello\n", stderr: "[step limit 10 reached] (pc 0x0020, 10 steps)\n" });
    expect((await runCli(["run", at("golden.hxe"), "--max-steps", "x"])).code).toBe(2);
    expect((await runCli(["run"])).code).toBe(2);
    const bad = await runCli(["run", at("bad.hxe")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("CRC_MISMATCH");
  });

  it("names the SVCs the standalone VM answered ENOSYS to, which only the executive services", async () => {
    writeFileSync(at("mbx.mvasm"), ".text\n    LDI32 R1, name\n    LDI R2, 0\n    SVC 5, 0\n    SVC 4, 1\n    SVC 5, 0\n    SVC 14, 3\n    LDI R0, 0\n    RET\n.data\nname: .asciz \"app:x\"\n");
    expect((await runCli(["asm", at("mbx.mvasm"), "-o", at("mbx.hxe")])).code).toBe(0);
    const bare = await runCli(["run", at("mbx.hxe")]);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toContain("note: the standalone VM answered ENOSYS to FS.READ, MAILBOX.OPEN, 14.3; run the image under the executive (--executive)");
    const exec = await runCli(["run", "--executive", at("mbx.hxe")]);
    expect(exec.stderr).not.toContain("note:");
    expect(exec.code).toBe(0);
  });

  it("works through the real entry point", () => {
    const r = runCliProcess(["run", at("golden.hxe")]);
    expect(r).toMatchObject({ code: 0, stdout: "hello\n" });
  });
});

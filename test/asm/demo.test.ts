// hsx-isa-hxe §6.4 and §5.6: the demo assembles to the documented words, rodata and golden file.
import { describe, expect, it } from "vitest";
import { assemble } from "../../src/asm/index.js";
import { readHxe } from "../../src/hxe/index.js";
import { runStandalone } from "../../src/vm/index.js";
import { goldenBytes } from "../hxe/images.js";
import { fixture } from "./util.js";

const DEMO = fixture("mvasm", "demo.mvasm");
const WORDS = "60100000 00004000 01200005 30000101 0130000A 01400000 01500001 10443000 11335000 2300001C 24000006 60600000 00004008 02760004 04040000 30000100 12444000 25000000 25000000";
const RODATA = "68656c6c6f000000 44332211 00400000 003c 4142";

describe("the §6.4 demo", () => {
  const r = assemble([{ name: "demo.mvasm", text: DEMO }], { appName: "demo" });
  const img = readHxe(r.bytes);

  it("assembles to exactly the listed code words and rodata", () => {
    const code = Buffer.from(img.code).toString("hex").toUpperCase().match(/.{8}/g)!.join(" ");
    expect(code).toBe(WORDS);
    expect(Buffer.from(img.rodata).toString("hex")).toBe(RODATA.replace(/ /g, ""));
    expect(r.warnings).toEqual([]);
    expect(r.entry).toBe(0);
    expect(r.symbols.get("main")).toEqual({ address: 0, section: "text", file: "demo.mvasm" });
  });

  it("reproduces the §5.6 golden file byte for byte (app name demo)", () => {
    expect(Buffer.from(r.bytes).toString("hex")).toBe(Buffer.from(goldenBytes()).toString("hex"));
  });

  it("takes the app name from the output stem by default, as hld does", () => {
    const other = assemble([{ name: "demo.mvasm", text: DEMO }], { defaultAppName: "  demo  " });
    expect(Buffer.from(other.bytes).equals(Buffer.from(r.bytes))).toBe(true);
  });

  it("runs to the listed registers and output", () => {
    const run = runStandalone(img, { maxSteps: 1000 });
    expect(run.outcome).toBe("EXIT");
    expect(Array.from(run.vm.regs.subarray(0, 8))).toEqual([3025, 16384, 5, 0, 3025, 1, 16392, 16384]);
    expect(Buffer.from(run.output).toString()).toBe("hello");
  });
});

// The examples under examples/ (plan 5.2, 5.3), assembled and run through runImages
// (what `hsx-kit run` prints), each with its expected output.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { runImages } from "../../src/executive/index.js";
import { scratchDir } from "../helpers.js";
import { example } from "./fixture.js";

const scratch = scratchDir("hsx-kit-examples-");
afterAll(() => scratch.cleanup());

async function run(files: string[], opts: Parameters<typeof runImages>[1] = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const paths = files.map((rel, i) => {
    const path = join(scratch.dir, `${i}-${rel.replace(/\//g, "-").replace(/\.mvasm$/, ".hxe")}`);
    writeFileSync(path, example(rel));
    return path;
  });
  let out = "";
  let err = "";
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), tty: false };
  const code = await runImages(paths, opts, io);
  return { code, out: out.split("\n").filter((l) => l !== ""), err: err.split("\n").filter((l) => l !== "") };
}

describe("examples", () => {
  it("pipe: producer and consumer over app:pipe", async () => {
    const r = await run(["pipe/consumer.mvasm", "pipe/producer.mvasm"]);
    const expected: string[] = [];
    for (const n of [1, 4, 9, 16, 25]) expected.push(`[2:producer] producer sent ${n}`, `[1:consumer] consumer got ${n}`, "[1:consumer]   from pid 2", "[1:consumer]   on channel 7");
    expect(r.out).toEqual(expected);
    expect(r.err.slice(0, 2)).toEqual(["[1:consumer] exit 0", "[2:producer] exit 0"]);
    expect(r.code).toBe(0);
  });

  it("fanout: three readers, the slow one sees OVERRUN and fewer readings", async () => {
    const r = await run(["fanout/fast.mvasm", "fanout/fast.mvasm", "fanout/slow.mvasm", "fanout/sensor.mvasm"]);
    const of = (label: string) => r.out.filter((l) => l.startsWith(`[${label}]`)).map((l) => l.slice(label.length + 3));
    const all = Array.from({ length: 12 }, (_, i) => `got ${101 + i}`);
    expect(of("1:fast")).toEqual([...all, "readings: 12"]);
    expect(of("2:fast_#0")).toEqual([...all, "readings: 12"]);
    const lost = "  (overrun: readings were dropped before this one)";
    expect(of("3:slow")).toEqual(["got 101", "got 102", "got 105", lost, "got 109", lost, "got 110", "got 111", "got 112", "readings: 7"]);
    expect(of("4:sensor")).toEqual(["sensor done"]);
    expect(r.code).toBe(0);
  });

  it("tap: a monitor taps the worker's stdout; the host still gets every line", async () => {
    const r = await run(["tap/monitor.mvasm", "tap/worker.mvasm"]);
    const expected: string[] = [];
    for (const n of [1, 2, 3]) expected.push(`[2:worker] working on step ${n}`, `[1:monitor] tap saw: working on step ${n}`);
    expect(r.out).toEqual(expected);
    expect(r.code).toBe(0);
  });

  it("tee: a fan-out stdout read by the host and by another task", async () => {
    const r = await run(["tee/upper.mvasm", "tee/chatty.mvasm"]);
    expect(r.out).toEqual([
      "[2:chatty] hello from chatty",
      "[2:chatty] stdout is a fan-out mailbox",
      "[1:upper] HELLO FROM CHATTY",
      "[2:chatty] so two readers see every line",
      "[1:upper] STDOUT IS A FAN-OUT MAILBOX",
      "[1:upper] SO TWO READERS SEE EVERY LINE",
    ]);
    expect(r.code).toBe(0);
  });

  it("timeout: poll, finite and infinite receives", async () => {
    const r = await run(["timeout/patience.mvasm"]);
    expect(r.out).toEqual([
      "[1:patience] poll: status 3",
      "[1:patience] 25 ms wait: status 7",
      "[1:patience]   info record status 7",
      "[1:patience] infinite wait: status 0",
      "[1:patience]   bytes received: 5",
    ]);
    expect(r.err.at(-1)).toMatch(/^all tasks ended \(\d+ steps, 25\.\d{3} ms virtual\)$/);
    expect(r.code).toBe(0);
  });

  it("sleep: two sleepers interleave in virtual-clock order", async () => {
    const r = await run(["sleep/tick.mvasm", "sleep/tock.mvasm"]);
    expect(r.out).toEqual(["[1:tick] tick 1", "[2:tock] tock 1", "[1:tick] tick 2", "[1:tick] tick 3", "[2:tock] tock 2", "[1:tick] tick 4", "[2:tock] tock 3"]);
    expect(r.code).toBe(0);
  });

  it("every example runs the same under a small quantum (only the interleaving may change)", async () => {
    const r = await run(["pipe/consumer.mvasm", "pipe/producer.mvasm"], { quantum: 3 });
    expect(r.out.filter((l) => l.startsWith("[1:consumer] consumer got")).length).toBe(5);
    expect(r.code).toBe(0);
  });
});

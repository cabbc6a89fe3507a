// The JSON-lines transport on both sides: serveStdio's framing (line ends, lines split
// across chunks, several requests in one chunk answered in one write, bye, EOF) and the
// ProcessEndpoint's reply matching (outstanding requests answered in order, blank and
// split lines, the shared timeout watchdog, crashes).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import type { Handler } from "../../conformance/adapters/inprocess.js";
import { ProcessEndpoint } from "../../conformance/adapters/process.js";
import { TransportError, type Reply, type Request } from "../../conformance/adapters/protocol.js";
import { serveStdio } from "../../conformance/adapters/stdio-server.js";

/** Echoes each request's command and seq, so tests see what was parsed. */
const echo: Handler = { handle: (req: Request): Reply => ({ seq: req.seq, ok: { cmd: req.cmd } }) };

async function serve(chunks: (string | Buffer)[], opts: { end?: boolean } = {}): Promise<{ writes: string[]; lines: unknown[] }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const writes: string[] = [];
  output.on("data", (c: Buffer) => writes.push(c.toString("utf8")));
  const done = serveStdio(echo, input, output);
  for (const c of chunks) {
    input.write(c);
    await new Promise((r) => setImmediate(r));
  }
  if (opts.end !== false) input.end();
  await done;
  const lines = writes
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
  return { writes, lines };
}

const req = (seq: number, cmd = "end"): string => JSON.stringify({ seq, cmd });

describe("serveStdio framing", () => {
  it("takes \\n, \\r\\n and a lone \\r as line ends, skips blank lines, answers garbage with an error", async () => {
    const { lines } = await serve([`${req(1)}\r\n\r\n  \n${req(2)}\r${req(3)}\nnot json\n${req(4)}\n`]);
    expect(lines).toEqual([
      { seq: 1, ok: { cmd: "end" } },
      { seq: 2, ok: { cmd: "end" } },
      { seq: 3, ok: { cmd: "end" } },
      { seq: 0, error: { message: "request is not JSON" } },
      { seq: 4, ok: { cmd: "end" } },
    ]);
  });

  it("joins lines split across chunks, including a multi-byte character and a \\r\\n split between chunks", async () => {
    const line = JSON.stringify({ seq: 1, cmd: "héllo ✓" });
    const bytes = Buffer.from(`${line}\r\n${req(2)}\n`, "utf8");
    const at = bytes.indexOf(Buffer.from("✓")) + 1; // inside the 3-byte sequence
    const cr = bytes.indexOf(0x0d) + 1; // between \r and \n
    const { lines } = await serve([bytes.subarray(0, at), bytes.subarray(at, cr), bytes.subarray(cr)]);
    expect(lines).toEqual([
      { seq: 1, ok: { cmd: "héllo ✓" } },
      { seq: 2, ok: { cmd: "end" } },
    ]);
  });

  it("answers every request of one chunk in one write, in order", async () => {
    const { writes, lines } = await serve([[1, 2, 3, 4, 5].map((n) => req(n)).join("\n") + "\n"]);
    expect(writes).toHaveLength(1);
    expect(lines.map((l) => (l as Reply).seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("stops after bye without reading on, and serves a last line without a newline at EOF", async () => {
    const bye = await serve([`${req(1)}\n${req(2, "bye")}\n${req(3)}\n`], { end: false });
    expect(bye.lines.map((l) => (l as Reply).seq)).toEqual([1, 2]);
    const eof = await serve([`${req(1)}\n${req(2)}`]);
    expect(eof.lines.map((l) => (l as Reply).seq)).toEqual([1, 2]);
  });
});

/** A child adapter written as a script: it reads lines and runs `body` with `q`, the parsed request. */
function child(body: string): ProcessEndpoint {
  const dir = mkdtempSync(join(tmpdir(), "hsx-transport-"));
  dirs.push(dir);
  const file = join(dir, "adapter.cjs");
  writeFileSync(
    file,
    `let b = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => {
  b += c;
  let i;
  while ((i = b.indexOf("\\n")) >= 0) {
    const q = JSON.parse(b.slice(0, i));
    b = b.slice(i + 1);
    ${body}
  }
});
`,
  );
  return new ProcessEndpoint(`"${process.execPath}" "${file}"`);
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("ProcessEndpoint", () => {
  it("matches several outstanding requests to their replies in order, across blank lines and split writes", async () => {
    // Each reply goes out in two writes with a blank line before it.
    const ep = child(
      `const s = JSON.stringify({ seq: q.seq, ok: { n: q.n } }); globalThis.chain = (globalThis.chain ?? Promise.resolve()).then(() => new Promise((done) => { process.stdout.write("\\r\\n" + s.slice(0, 5)); setTimeout(() => { process.stdout.write(s.slice(5) + "\\r\\n"); done(); }, 2); }));`,
    );
    try {
      const replies = await Promise.all([1, 2, 3, 4].map((n) => ep.request({ seq: n, cmd: "call", n }, 5000)));
      expect(replies).toEqual([1, 2, 3, 4].map((n) => ({ seq: n, ok: { n } })));
    } finally {
      await ep.close();
    }
  });

  it("times out a request the adapter never answers, with one watchdog across requests, and kills it", async () => {
    const ep = child(`if (q.cmd !== "hang") process.stdout.write(JSON.stringify({ seq: q.seq, ok: {} }) + "\\n");`);
    for (let i = 1; i <= 50; i++) await ep.request({ seq: i, cmd: "end" }, 5000);
    const t0 = performance.now();
    const e = await ep.request({ seq: 51, cmd: "hang" }, 150).catch((x: unknown) => x);
    const waited = performance.now() - t0;
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).kind).toBe("timeout");
    expect((e as TransportError).message).toBe("no reply to hang within 150 ms");
    expect(waited).toBeGreaterThanOrEqual(145);
    expect(waited).toBeLessThan(3000);
    const after = await ep.request({ seq: 52, cmd: "end" }, 1000).catch((x: unknown) => x);
    expect((after as TransportError).kind).toBe("crash");
    await ep.close();
  });

  it("fails every outstanding request as a crash when the adapter dies", async () => {
    const ep = child(`if (q.seq === 2) { process.stderr.write("dying on 2\\n"); process.exit(3); } process.stdout.write(JSON.stringify({ seq: q.seq, ok: {} }) + "\\n");`);
    const results = await Promise.allSettled([1, 2, 3].map((n) => ep.request({ seq: n, cmd: `c${n}` }, 5000)));
    expect(results[0]).toEqual({ status: "fulfilled", value: { seq: 1, ok: {} } });
    for (const r of results.slice(1)) {
      expect(r.status).toBe("rejected");
      const e = (r as PromiseRejectedResult).reason as TransportError;
      expect(e.kind).toBe("crash");
      expect(e.message).toMatch(/^the adapter exited with code 3 while handling c[23]$/);
    }
    await ep.close();
  });

  it("rejects a reply that is not JSON as garbage", async () => {
    const ep = child(`process.stdout.write("nope\\n");`);
    const e = (await ep.request({ seq: 1, cmd: "hello" }, 5000).catch((x: unknown) => x)) as TransportError;
    expect(e.kind).toBe("garbage");
    expect(e.message).toBe("reply to hello is not JSON: nope");
    await ep.close();
  });
});

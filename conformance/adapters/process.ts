import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { TransportError, type Endpoint, type Reply, type Request } from "./protocol.js";

/** Split a command line into words, honouring single and double quotes. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let any = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      any = true;
    } else if (/\s/.test(c)) {
      if (cur || any) words.push(cur);
      cur = "";
      any = false;
    } else if (c === "\\" && i + 1 < line.length) {
      cur += line[++i];
    } else cur += c;
  }
  if (quote) throw new Error(`unterminated ${quote} in command: ${line}`);
  if (cur || any) words.push(cur);
  return words;
}

const STDERR_KEEP = 4096;

/**
 * An adapter run as a child process speaking JSON lines (conformance.rule.CRASH):
 * a reply that is late, missing (the process died) or not a JSON line kills the
 * process; the endpoint is then dead and the runner starts a new one.
 */
export class ProcessEndpoint implements Endpoint {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = "";
  private stderr = "";
  private readonly lines: string[] = [];
  private waiter: ((line: string | null) => void) | null = null;
  private exited: string | null = null;

  constructor(
    readonly description: string,
    opts: { cwd?: string } = {},
  ) {
    const [cmd, ...args] = splitCommand(description);
    if (!cmd) throw new Error("empty adapter command");
    this.child = spawn(cmd, args, { cwd: opts.cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8");
    this.child.stderr.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => this.onData(chunk));
    this.child.stderr.on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEEP);
    });
    this.child.on("error", (e) => this.onExit(`could not run: ${e.message}`));
    this.child.on("exit", (code, signal) => this.onExit(signal ? `killed by ${signal}` : `exited with code ${code}`));
    this.child.stdin.on("error", () => undefined);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, "");
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() === "") continue;
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        w(line);
      } else this.lines.push(line);
    }
  }

  private onExit(why: string): void {
    if (this.exited) return;
    this.exited = why;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(null);
    }
  }

  private nextLine(timeoutMs: number): Promise<string | null | "timeout"> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.exited) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve("timeout");
      }, timeoutMs);
      this.waiter = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
    });
  }

  async request(req: Request, timeoutMs: number): Promise<Reply> {
    if (this.exited) throw new TransportError("crash", `the adapter ${this.exited}`, this.stderr);
    this.child.stdin.write(JSON.stringify(req) + "\n");
    const line = await this.nextLine(timeoutMs);
    if (line === "timeout") {
      this.kill();
      throw new TransportError("timeout", `no reply to ${req.cmd} within ${timeoutMs} ms`, this.stderr);
    }
    if (line === null) throw new TransportError("crash", `the adapter ${this.exited ?? "closed its output"} while handling ${req.cmd}`, this.stderr);
    try {
      return JSON.parse(line) as Reply;
    } catch {
      this.kill();
      throw new TransportError("garbage", `reply to ${req.cmd} is not JSON: ${line.slice(0, 120)}`, this.stderr);
    }
  }

  private kill(): void {
    if (!this.exited) this.child.kill("SIGKILL");
  }

  async close(): Promise<void> {
    if (this.exited) return;
    this.child.stdin.end();
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.kill();
        resolve();
      }, 2000);
      this.child.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

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
const NL = 0x0a;

/** A request waiting for its reply line. */
interface Pending {
  cmd: string;
  timeoutMs: number;
  /** performance.now() by which the reply must have come. */
  deadline: number;
  resolve: (reply: Reply) => void;
  reject: (e: TransportError) => void;
}

/**
 * An adapter run as a child process speaking JSON lines (conformance.rule.CRASH):
 * a reply that is late, missing (the process died) or not a JSON line kills the
 * process; the endpoint is then dead and the runner starts a new one.
 *
 * Replies match requests in order (the protocol: one reply per request, in order), so
 * several requests may be outstanding; the runner sends one at a time. The hot path
 * per request is one write, one read and one JSON.parse: lines are cut from the raw
 * bytes (a newline byte never occurs inside a UTF-8 sequence), and the per-request
 * timeouts share one watchdog timer instead of a timer per request.
 */
export class ProcessEndpoint implements Endpoint {
  private readonly child: ChildProcessWithoutNullStreams;
  /** Bytes of a line not yet ended by a newline. */
  private partial: Buffer[] = [];
  private stderr = "";
  /** Lines that came while no request was waiting (a reply is then taken from here). */
  private readonly lines: string[] = [];
  /** Requests sent and not yet answered, oldest first. */
  private readonly pending: Pending[] = [];
  private exited: string | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  /** When the armed watchdog fires (performance.now() scale). */
  private watchdogAt = Infinity;

  constructor(
    readonly description: string,
    opts: { cwd?: string } = {},
  ) {
    const [cmd, ...args] = splitCommand(description);
    if (!cmd) throw new Error("empty adapter command");
    this.child = spawn(cmd, args, { cwd: opts.cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEEP);
    });
    this.child.on("error", (e) => this.onExit(`could not run: ${e.message}`));
    this.child.on("exit", (code, signal) => this.onExit(signal ? `killed by ${signal}` : `exited with code ${code}`));
    this.child.stdin.on("error", () => undefined);
  }

  /** The adapter's process id (undefined when it could not be started). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private onData(chunk: Buffer): void {
    let start = 0;
    let nl = chunk.indexOf(NL);
    while (nl >= 0) {
      let line: string;
      if (this.partial.length) {
        this.partial.push(chunk.subarray(start, nl));
        line = Buffer.concat(this.partial).toString("utf8");
        this.partial = [];
      } else line = chunk.toString("utf8", start, nl);
      this.onLine(line);
      start = nl + 1;
      nl = chunk.indexOf(NL, start);
    }
    if (start < chunk.length) this.partial.push(start === 0 ? chunk : chunk.subarray(start));
  }

  private onLine(raw: string): void {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    // Blank lines are not messages (a line of JSON never starts or ends with whitespace here).
    if (line.length === 0 || ((line.charCodeAt(0) <= 0x20 || line.charCodeAt(line.length - 1) <= 0x20) && line.trim() === "")) return;
    const p = this.pending.shift();
    if (p) this.settle(p, line);
    else this.lines.push(line);
  }

  private settle(p: Pending, line: string): void {
    let reply: Reply;
    try {
      reply = JSON.parse(line) as Reply;
    } catch {
      this.kill();
      p.reject(new TransportError("garbage", `reply to ${p.cmd} is not JSON: ${line.slice(0, 120)}`, this.stderr));
      return;
    }
    p.resolve(reply);
  }

  private onExit(why: string): void {
    if (this.exited) return;
    this.exited = why;
    this.disarm();
    for (const p of this.pending.splice(0)) p.reject(new TransportError("crash", `the adapter ${why} while handling ${p.cmd}`, this.stderr));
  }

  request(req: Request, timeoutMs: number): Promise<Reply> {
    if (this.exited) return Promise.reject(new TransportError("crash", `the adapter ${this.exited}`, this.stderr));
    this.child.stdin.write(JSON.stringify(req) + "\n");
    return new Promise<Reply>((resolve, reject) => {
      const p: Pending = { cmd: req.cmd, timeoutMs, deadline: performance.now() + timeoutMs, resolve, reject };
      const queued = this.pending.length === 0 ? this.lines.shift() : undefined;
      if (queued !== undefined) return this.settle(p, queued);
      this.pending.push(p);
      if (p.deadline < this.watchdogAt) this.arm(p.deadline);
    });
  }

  /** One timer watches the earliest deadline; it re-arms itself while replies keep coming in time. */
  private arm(at: number): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdogAt = at;
    this.watchdog = setTimeout(() => this.watch(), Math.max(1, Math.ceil(at - performance.now())));
    this.watchdog.unref();
  }

  private disarm(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
    this.watchdogAt = Infinity;
  }

  private watch(): void {
    this.watchdog = null;
    this.watchdogAt = Infinity;
    if (!this.pending.length) return;
    let first = 0;
    for (let i = 1; i < this.pending.length; i++) if (this.pending[i]!.deadline < this.pending[first]!.deadline) first = i;
    const p = this.pending[first]!;
    if (performance.now() < p.deadline) return this.arm(p.deadline);
    // Late: the adapter is killed; requests behind this one fail as a crash when it exits.
    this.pending.splice(first, 1);
    this.kill();
    p.reject(new TransportError("timeout", `no reply to ${p.cmd} within ${p.timeoutMs} ms`, this.stderr));
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

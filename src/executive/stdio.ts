// The host side of stdio (executive.rule.TASK_STDIO): the host, pid 0, reads each
// task's svc:stdio.out and svc:stdio.err through its own handles and keeps what it
// read until someone takes it (exec.output, the CLI).
// SPEC-GAP: exec.output only says the host reads the stdio mailbox; the reference
// host reads right after the SVC or host operation that sent (a regular reader in
// FIFO order like any other), so a task writing to stdout never waits for the host.
// The host may instead tap a stream (a copy that steals nothing from other readers),
// or not read it at all ("none"), leaving the stream to other tasks.
import { EXECUTIVE, MAILBOX, MbxMode, MbxStatus } from "../../generated/ts/index.js";
import type { MailboxManager } from "../mailbox/index.js";
import type { StdioStream, Task } from "./task.js";
import { concatBytes } from "../common/bytes.js";

const HOST = EXECUTIVE.HOST_PID;
const MAX_MESSAGE = 0xffff;

/** How the host treats a task's stdout and stderr. */
export type HostStdioMode = "read" | "tap" | "none";

export type OutputStream = Exclude<StdioStream, "in">;
const OUTPUTS: readonly OutputStream[] = ["out", "err"];
const TARGET: Record<OutputStream, string> = { out: MAILBOX.STDIO_OUT, err: MAILBOX.STDIO_ERR };
const FD: Record<OutputStream, number> = { out: EXECUTIVE.STDOUT_FD, err: EXECUTIVE.STDERR_FD };

export type OutputListener = (pid: number, stream: OutputStream, bytes: Uint8Array) => void;

interface HostStream {
  readonly pid: number;
  readonly stream: OutputStream;
  readonly target: string;
  /** The host's handle, or 0: read through a handle opened for each drain. */
  handle: number;
  mode: HostStdioMode;
  chunks: Uint8Array[];
  dirty: boolean;
  /** The task ended and the host let go of the stream. */
  closed: boolean;
}

export class HostStdio {
  private readonly streams = new Map<number, HostStream>();
  private readonly byPid = new Map<number, HostStream[]>();
  private readonly dirty: HostStream[] = [];
  private readonly scratch = new Uint8Array(MAX_MESSAGE);
  /** Called with every chunk the host reads, as it reads it. */
  onOutput: OutputListener | null = null;

  constructor(
    private readonly mbx: MailboxManager,
    private readonly defaultMode: HostStdioMode,
  ) {}

  /** Whether the host needs to hear about sends (so the manager needs a listener). */
  get listening(): boolean {
    return this.defaultMode !== "none";
  }

  /**
   * A task was loaded: open the host's handles on its stdout and stderr (when the
   * host's quota and the pool have room for both; else it reads through a handle
   * per drain). Never fails the load: these are the host's handles, not the task's.
   */
  attach(t: Task, mode: HostStdioMode = this.defaultMode): void {
    const list: HostStream[] = [];
    let persistent = false;
    if (mode !== "none") {
      const s = this.mbx.stats();
      const mine = s.handles_per_pid[String(HOST)] ?? 0;
      persistent = mine + OUTPUTS.length <= s.handle_limit_per_pid && s.handles_total + OUTPUTS.length <= s.max_handles;
    }
    for (const stream of OUTPUTS) {
      const hs: HostStream = { pid: t.pid, stream, target: `${TARGET[stream]}@${t.pid}`, handle: 0, mode, chunks: [], dirty: false, closed: false };
      if (persistent && this.mbx.open(HOST, hs.target, MbxMode.RDONLY) === MbxStatus.OK) {
        hs.handle = this.mbx.out.handle;
        if (mode === "tap" && this.mbx.tap(HOST, hs.handle, true) !== MbxStatus.OK) hs.mode = "read";
      } else if (mode === "tap") {
        hs.mode = "none"; // a tap needs a handle of its own
      }
      this.streams.set(t.stdioDescriptors[FD[stream]]!, hs);
      list.push(hs);
    }
    this.byPid.set(t.pid, list);
  }

  /** A message was queued on `descriptor` (a mailbox_send event). */
  noteSend(descriptor: number): void {
    const hs = this.streams.get(descriptor);
    if (hs !== undefined && !hs.dirty && hs.mode !== "none") {
      hs.dirty = true;
      this.dirty.push(hs);
    }
  }

  /** Read every stream that was sent to since the last flush. Returns whether it read anything. */
  flush(): boolean {
    let any = false;
    while (this.dirty.length > 0) {
      const hs = this.dirty.shift()!;
      hs.dirty = false;
      if (this.drain(hs)) any = true;
    }
    return any;
  }

  /**
   * The task is ending: read what is left of its output, then close the host's
   * handles (before the manager's taskExit, so nothing the task wrote is lost and the
   * stdio mailboxes go with the task).
   */
  detach(pid: number): void {
    for (const hs of this.byPid.get(pid) ?? []) {
      this.drain(hs);
      if (hs.handle !== 0) this.mbx.close(HOST, hs.handle);
      hs.handle = 0;
      hs.closed = true;
      if (hs.dirty) this.dirty.splice(this.dirty.indexOf(hs), 1);
      hs.dirty = false;
      for (const [d, s] of this.streams) if (s === hs) this.streams.delete(d);
    }
  }

  /** Read a stream now (whatever the mode) and take everything read since the last take. */
  take(pid: number, stream: OutputStream): Uint8Array {
    const hs = this.byPid.get(pid)?.find((s) => s.stream === stream);
    if (hs === undefined) return new Uint8Array(0);
    this.drain(hs, true);
    const all = concatBytes(hs.chunks);
    hs.chunks = [];
    return all;
  }

  /** Switch the host's handle on a stream to a tap or back to a reader (mailbox TAP status). */
  setTap(pid: number, stream: OutputStream, on: boolean): number {
    const hs = this.byPid.get(pid)?.find((s) => s.stream === stream);
    if (hs === undefined || hs.handle === 0) return MbxStatus.INVALID_HANDLE;
    const st = this.mbx.tap(HOST, hs.handle, on);
    if (st === MbxStatus.OK) hs.mode = on ? "tap" : "read";
    return st;
  }

  /** Receive every message the host can take from the stream (polling, never waiting). */
  private drain(hs: HostStream, force = false): boolean {
    if (hs.closed || (hs.mode === "none" && !force)) return false;
    const mbx = this.mbx;
    let handle = hs.handle;
    const transient = handle === 0;
    if (transient) {
      if (mbx.open(HOST, hs.target, MbxMode.RDONLY) !== MbxStatus.OK) return false;
      handle = mbx.out.handle;
    }
    let any = false;
    const buf = this.scratch;
    while (mbx.recv(HOST, handle, buf, 0, MAX_MESSAGE, MAILBOX.TIMEOUT_POLL) === MbxStatus.OK) {
      const n = mbx.out.length;
      if (n === 0) continue; // a wake hint carries no bytes
      const bytes = buf.slice(0, n);
      hs.chunks.push(bytes);
      any = true;
      this.onOutput?.(hs.pid, hs.stream, bytes);
    }
    if (transient) mbx.close(HOST, handle);
    return any;
  }
}


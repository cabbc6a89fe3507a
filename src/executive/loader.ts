// Loading an image as a task: executive.rule.TASK_LOAD, TASK_STDIO, LOAD_MAILBOXES and
// LOAD_ATOMIC, the app instance names (hxe.rule.APP_INSTANCES) and max_tasks.
//
// Everything that can fail happens before the task exists, as the pid it would get;
// a failure undoes what was created (the binding handles of other pids, then the
// manager's taskExit of that pid) and consumes no pid.
import { EXECUTIVE, HXE, LoadError, MAILBOX, MbxMode, MbxStatus, TaskState } from "../../generated/ts/index.js";
import { isHxeLoadError, readHxe, type HxeImage, type MailboxDecl } from "../hxe/index.js";
import type { Kernel } from "./kernel.js";
import { isEnded } from "./states.js";
import type { HostStdioMode } from "./stdio.js";
import { STDIO_STREAMS, Task } from "./task.js";

export interface LoadOptions {
  /** Load the task PAUSED instead of READY. */
  readonly paused?: boolean;
  /** 0 (most urgent) .. MAX_PRIORITY_VALUE; default DEFAULT_PRIORITY. */
  readonly priority?: number;
  /** How the host treats the task's stdout and stderr (default: the executive's). */
  readonly stdio?: HostStdioMode;
}

export type LoadResult =
  | { readonly ok: true; readonly pid: number; readonly app: string | null }
  | {
      readonly ok: false;
      readonly error: LoadError;
      /** IMAGE: the hxe_error value. */
      readonly hxeError: number | null;
      /** MAILBOX: the mailbox status of the call that failed. */
      readonly mbxStatus: number | null;
      /** For people; tests compare codes. */
      readonly message: string;
    };

const STDIO_TARGETS = [MAILBOX.STDIO_IN, MAILBOX.STDIO_OUT, MAILBOX.STDIO_ERR];
const HOST = EXECUTIVE.HOST_PID;

function refuse(error: LoadError, message: string, hxeError: number | null = null, mbxStatus: number | null = null): LoadResult {
  return { ok: false, error, hxeError, mbxStatus, message };
}

/** Read an HXE image and load it. */
export function loadImage(k: Kernel, bytes: Uint8Array, opts: LoadOptions = {}): LoadResult {
  let image: HxeImage;
  try {
    image = readHxe(bytes);
  } catch (e) {
    if (!isHxeLoadError(e)) throw e;
    return refuse(LoadError.IMAGE, e.message, e.value);
  }
  return loadParsed(k, image, opts);
}

/** Load an image the HXE reader already accepted. */
export function loadParsed(k: Kernel, image: HxeImage, opts: LoadOptions = {}): LoadResult {
  const priority = opts.priority ?? EXECUTIVE.DEFAULT_PRIORITY;
  if (!Number.isInteger(priority) || priority < 0 || priority > EXECUTIVE.MAX_PRIORITY_VALUE) {
    throw new RangeError(`priority must be 0..${EXECUTIVE.MAX_PRIORITY_VALUE}, got ${priority}`);
  }
  const maxTasks = k.profile.limits.max_tasks;
  if (k.live >= maxTasks) return refuse(LoadError.TASK_LIMIT, `the ${k.profile.name} profile allows ${maxTasks} tasks`);
  // executive.rule.TASK_LOAD: pids are u16 and never reused; once they run out, loads fail with TASK_LIMIT.
  if (k.nextPid > 0xffff) return refuse(LoadError.TASK_LIMIT, "no pid is left");
  const app = instanceName(k, image);
  if (app === undefined) return refuse(LoadError.APP_EXISTS, `app ${image.appName} is loaded and the image does not allow multiple instances`);

  const pid = k.nextPid;
  const tx = new LoadTransaction(k, pid);
  const failure = tx.run(image.mailboxes);
  if (failure !== null) {
    tx.rollback();
    return refuse(LoadError.MAILBOX, failure.message, null, failure.status);
  }

  const t = new Task(pid, app, priority, image, k.profile.limits.task_stack_bytes);
  tx.fill(t);
  k.tasks.set(pid, t);
  k.nextPid++;
  k.live++;
  k.created(t, opts.paused ? TaskState.PAUSED : TaskState.READY);
  k.stdio.attach(t, opts.stdio);
  return { ok: true, pid, app };
}

/**
 * hxe.rule.APP_INSTANCES: the first instance keeps the name; with ALLOW_MULTIPLE later
 * ones are name_#0, name_#1, ... (the lowest free); else undefined (APP_EXISTS).
 * The name is trimmed before the suffix, so the suffix survives and instances stay
 * distinct.
 */
function instanceName(k: Kernel, image: HxeImage): string | null | undefined {
  const base = image.appName;
  if (base === null) return null;
  const taken = new Set<string>();
  for (const t of k.tasks.values()) if (t.app !== null && !isEnded(t.state)) taken.add(t.app);
  if (!taken.has(base)) return base;
  if (!image.allowMultiple) return undefined;
  for (let n = 0; ; n++) {
    const suffix = `_#${n}`;
    const name = base.slice(0, HXE.APP_NAME_MAX_CHARS - suffix.length) + suffix;
    if (!taken.has(name)) return name;
  }
}

/**
 * The name a declared target has for its holder: caller-owned forms (pid:, svc:name,
 * a bare name) get the holder as owner, so every binding opens the same descriptor.
 */
export function ownedTarget(target: string, holder: number): string {
  if (target.startsWith(MAILBOX.PREFIX_PID)) return target.length === MAILBOX.PREFIX_PID.length ? `${MAILBOX.PREFIX_PID}${holder}` : target;
  if (target.startsWith(MAILBOX.PREFIX_APP) || target.startsWith(MAILBOX.PREFIX_SHARED)) return target;
  const name = target.startsWith(MAILBOX.PREFIX_SVC) ? target.slice(MAILBOX.PREFIX_SVC.length) : target;
  const at = name.indexOf("@");
  if (at < 0) return `${MAILBOX.PREFIX_SVC}${name}@${holder}`;
  if (at === name.length - 1) return `${MAILBOX.PREFIX_SVC}${name.slice(0, at)}@${holder}`;
  return `${MAILBOX.PREFIX_SVC}${name}`;
}

interface Failure {
  readonly status: number;
  readonly message: string;
}

/** A handle the load opens: stdio for the task, then each binding in table order. */
interface PlannedOpen {
  readonly pid: number;
  readonly target: string;
  readonly flags: number;
  readonly what: string;
}

/**
 * The mailbox side of one load, undone as a whole when any part fails
 * (executive.rule.LOAD_ATOMIC). Everything that can fail comes before the first
 * handle is opened: the binds, then a check that every planned open will succeed.
 * Handle ids are never reused (mailbox.rule.CLOSE), so a load that opened handles and
 * failed would leave the pid's next handles at 4, 5, 6 instead of 1, 2, 3.
 */
class LoadTransaction {
  private readonly descriptors: number[] = [];
  private readonly opens: PlannedOpen[] = [];
  private readonly handles: number[] = [];

  constructor(
    private readonly k: Kernel,
    private readonly pid: number,
  ) {}

  run(decls: readonly MailboxDecl[]): Failure | null {
    return this.checkPids(decls) ?? this.stdio() ?? this.declared(decls) ?? this.checkOpens() ?? this.open();
  }

  /**
   * SPEC-GAP: a holder or binding pid must be the loading task, the host or a live
   * task; a pid that is not (yet) a task would get handles before its own stdio (so
   * its stdio handles would not be 1, 2, 3) or keep a dead task's handles. Such an
   * entry fails the load with INVALID_ARGUMENT.
   */
  private checkPids(decls: readonly MailboxDecl[]): Failure | null {
    for (const d of decls) {
      const holder = d.ownerPid ?? this.pid;
      if (!this.knownPid(holder)) return { status: MbxStatus.INVALID_ARGUMENT, message: `${d.target}: owner_pid ${holder} is not a live task` };
      for (const b of d.bindings) {
        if (!this.knownPid(b.pid)) return { status: MbxStatus.INVALID_ARGUMENT, message: `${d.target}: binding pid ${b.pid} is not a live task` };
      }
    }
    return null;
  }

  private knownPid(p: number): boolean {
    if (p === this.pid || p === HOST) return true;
    const t = this.k.tasks.get(p);
    return t !== undefined && !isEnded(t.state);
  }

  /** executive.rule.TASK_STDIO: bind svc:stdio.in/out/err and pid:<pid>; plan handles 1, 2, 3. */
  private stdio(): Failure | null {
    const { k, pid } = this;
    for (const target of [...STDIO_TARGETS, MAILBOX.PREFIX_PID]) {
      const st = k.mbx.bind(pid, target, 0, MbxMode.RDWR);
      if (st !== MbxStatus.OK) return { status: st, message: `cannot bind ${target} for pid ${pid}` };
      if (target !== MAILBOX.PREFIX_PID) this.descriptors.push(k.mbx.out.descriptor);
    }
    for (const target of STDIO_TARGETS) this.opens.push({ pid, target: ownedTarget(target, pid), flags: MbxMode.RDWR, what: target });
    return null;
  }

  /**
   * executive.rule.LOAD_MAILBOXES: every entry bound in table order by its holder
   * (owner_pid, else the loading task); each binding plans a handle for its pid.
   */
  private declared(decls: readonly MailboxDecl[]): Failure | null {
    for (const d of decls) {
      const holder = d.ownerPid ?? this.pid;
      const st = this.k.mbx.bind(holder, d.target, d.capacity ?? 0, d.mode);
      if (st !== MbxStatus.OK) return { status: st, message: `cannot bind declared mailbox ${d.target}` };
      const target = ownedTarget(d.target, holder);
      for (const b of d.bindings) this.opens.push({ pid: b.pid, target, flags: b.flags, what: d.target });
    }
    return null;
  }

  /**
   * Every planned OPEN will succeed: its descriptor exists (just bound), so only the
   * pid: isolation rule and the handle quotas can refuse it (mailbox.rule.OPEN_CREATES,
   * PID_ISOLATION, QUOTAS). SPEC-GAP: a refusal found here fails the load with the
   * status OPEN would answer, without OPEN's mailbox_exhausted/mailbox_error events.
   */
  private checkOpens(): Failure | null {
    const stats = this.k.mbx.stats();
    const perPid = new Map<number, number>();
    for (const o of this.opens) {
      if (o.target.startsWith(MAILBOX.PREFIX_PID) && o.target !== `${MAILBOX.PREFIX_PID}${o.pid}` && o.pid !== HOST && (o.flags & MbxMode.RDONLY) !== 0) {
        return { status: MbxStatus.ACCESS_DENIED, message: `${o.what}: pid ${o.pid} may not read ${o.target}` };
      }
      const n = (perPid.get(o.pid) ?? stats.handles_per_pid[String(o.pid)] ?? 0) + 1;
      if (n > stats.handle_limit_per_pid) return { status: MbxStatus.HANDLE_QUOTA, message: `${o.what}: pid ${o.pid} would hold more than ${stats.handle_limit_per_pid} handles` };
      perPid.set(o.pid, n);
    }
    if (stats.handles_total + this.opens.length > stats.max_handles) {
      return { status: MbxStatus.HANDLE_QUOTA, message: `the load needs ${this.opens.length} handles; ${stats.max_handles - stats.handles_total} are free` };
    }
    return null;
  }

  /** Open the planned handles (stdio 1, 2, 3 first, then the bindings in table order). */
  private open(): Failure | null {
    for (const o of this.opens) {
      const st = this.k.mbx.open(o.pid, o.target, o.flags);
      if (st !== MbxStatus.OK) return { status: st, message: `cannot open ${o.what} for pid ${o.pid}` };
      this.handles.push(this.k.mbx.out.handle);
    }
    return null;
  }

  /**
   * executive.rule.LOAD_ATOMIC: close what was opened for other pids, then the
   * manager's taskExit releases every hold and descriptor of the pid.
   * SPEC-GAP: what the manager reports as history since start stays: its
   * descriptor_high_water and descriptor_pool_exhausted, the events, and the id
   * counters (descriptor ids are not reused until they wrap).
   * SPEC-GAP (needs a manager call to drop one hold): a declaration whose owner_pid is
   * another live pid keeps that pid's hold on the descriptor when a later entry fails.
   */
  rollback(): void {
    const { k } = this;
    for (let i = this.handles.length - 1; i >= 0; i--) {
      const o = this.opens[i]!;
      if (o.pid !== this.pid) k.mbx.close(o.pid, this.handles[i]!);
    }
    k.mbx.taskExit(this.pid);
    k.settle();
  }

  /** The new task's fds, stdio descriptors and the largest chunk each stdio mailbox holds. */
  fill(t: Task): void {
    const caps = new Map(this.k.mbx.snapshot().map((d) => [d.descriptor_id, d.capacity]));
    for (let fd = 0; fd < STDIO_STREAMS.length; fd++) {
      t.fdHandles[fd] = this.handles[fd]!;
      t.stdioDescriptors[fd] = this.descriptors[fd]!;
      t.stdioChunk[fd] = Math.max(0, (caps.get(this.descriptors[fd]!) ?? 0) - MAILBOX.MSG_HEADER_BYTES);
    }
  }
}

// Target strings: prefix, name, owner suffix (mailbox.rule.TARGET_PARSE,
// mailbox.rule.TARGET_OWNER, mailbox.rule.TARGET_INVALID).
//
// A target resolves to (namespace, name, owner) and to its canonical text, which is
// also the descriptor's lookup key: pid:N, svc:name@N, app:name[@N], shared:name.
// Parsing is cached per target string (OPEN is on the executive's hot path); only the
// owner of caller-owned forms (pid:, svc:name) depends on the calling pid.
import { MAILBOX, MbxNamespace } from "../../generated/ts/index.js";

const AT = 0x40;
const MAX_U16 = 0xffff;
/** Entries kept before the parse cache is dropped (hostile input must not grow it). */
const CACHE_LIMIT = 4096;

interface Parsed {
  readonly ns: MbxNamespace;
  readonly name: string;
  /** Fixed owner, or null; ignored when ownerIsCaller. */
  readonly owner: number | null;
  readonly ownerIsCaller: boolean;
  /** Canonical target when it does not depend on the caller. */
  readonly key: string | null;
  /** Canonical targets per caller pid, for caller-owned forms. */
  keys: Map<number, string> | null;
}

/** Decimal 0..65535 in s[from, to), or -1. An empty string is not a number. */
function decimal(s: string, from: number, to: number): number {
  if (from >= to) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
    if (v > MAX_U16) return -1;
  }
  return v;
}

/** A name is 1..MAX_NAME_BYTES bytes of 0x21..0x7E without '@' (the caller cut at '@'). */
function validName(s: string): boolean {
  if (s.length === 0 || s.length > MAILBOX.MAX_NAME_BYTES) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

export function canonicalTarget(ns: MbxNamespace, name: string, owner: number | null): string {
  switch (ns) {
    case MbxNamespace.PID:
      return `${MAILBOX.PREFIX_PID}${owner}`;
    case MbxNamespace.SVC:
      return `${MAILBOX.PREFIX_SVC}${name}@${owner}`;
    case MbxNamespace.APP:
      return owner === null ? `${MAILBOX.PREFIX_APP}${name}` : `${MAILBOX.PREFIX_APP}${name}@${owner}`;
    default:
      return `${MAILBOX.PREFIX_SHARED}${name}`;
  }
}

function make(ns: MbxNamespace, name: string, owner: number | null, ownerIsCaller: boolean): Parsed {
  return { ns, name, owner, ownerIsCaller, key: ownerIsCaller ? null : canonicalTarget(ns, name, owner), keys: null };
}

/** Parse without the caller: null when the target is malformed. */
function parseRaw(raw: string): Parsed | null {
  const n = raw.length;
  // mailbox.rule.TARGET_INVALID: empty, longer than MAX_TARGET_BYTES, or not a byte string.
  if (n === 0 || n > MAILBOX.MAX_TARGET_BYTES) return null;
  for (let i = 0; i < n; i++) if (raw.charCodeAt(i) > 0xff) return null;

  if (raw.startsWith(MAILBOX.PREFIX_PID)) {
    // pid: alone is the caller's inbox; pid:N takes a decimal and no suffix.
    const from = MAILBOX.PREFIX_PID.length;
    if (from === n) return make(MbxNamespace.PID, "", null, true);
    const pid = decimal(raw, from, n);
    return pid < 0 ? null : make(MbxNamespace.PID, "", pid, false);
  }
  // Anything without a known prefix is a bare svc: name.
  let ns: MbxNamespace = MbxNamespace.SVC;
  let from = 0;
  if (raw.startsWith(MAILBOX.PREFIX_SVC)) {
    from = MAILBOX.PREFIX_SVC.length;
  } else if (raw.startsWith(MAILBOX.PREFIX_APP)) {
    ns = MbxNamespace.APP;
    from = MAILBOX.PREFIX_APP.length;
  } else if (raw.startsWith(MAILBOX.PREFIX_SHARED)) {
    ns = MbxNamespace.SHARED;
    from = MAILBOX.PREFIX_SHARED.length;
  }

  let at = -1;
  for (let i = from; i < n; i++) {
    if (raw.charCodeAt(i) === AT) {
      at = i;
      break;
    }
  }
  const name = raw.slice(from, at < 0 ? n : at);
  if (!validName(name)) return null;
  // shared: drops anything after '@' and is never owned.
  if (ns === MbxNamespace.SHARED) return make(ns, name, null, false);
  // An absent or empty suffix means the default owner: the caller for svc:, nobody for app:.
  if (at < 0 || at === n - 1) return make(ns, name, null, ns === MbxNamespace.SVC);
  const owner = decimal(raw, at + 1, n);
  return owner < 0 ? null : make(ns, name, owner, false);
}

/**
 * Resolves targets for a caller. resolve() fills ns/name/owner/key and returns true, or
 * returns false for INVALID_TARGET; the fields are reused so a resolution allocates
 * nothing once a target string has been seen.
 */
export class TargetResolver {
  ns: MbxNamespace = MbxNamespace.SVC;
  name = "";
  owner: number | null = null;
  key = "";
  private readonly cache = new Map<string, Parsed | null>();

  resolve(caller: number, raw: unknown): boolean {
    if (typeof raw !== "string") return false;
    let p = this.cache.get(raw);
    if (p === undefined) {
      p = parseRaw(raw);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(raw, p);
    }
    if (p === null) return false;
    this.ns = p.ns;
    this.name = p.name;
    if (!p.ownerIsCaller) {
      this.owner = p.owner;
      this.key = p.key!;
      return true;
    }
    this.owner = caller;
    const keys = (p.keys ??= new Map());
    let key = keys.get(caller);
    if (key === undefined) {
      key = canonicalTarget(p.ns, p.name, caller);
      if (keys.size >= CACHE_LIMIT) keys.clear();
      keys.set(caller, key);
    }
    this.key = key;
    return true;
  }
}

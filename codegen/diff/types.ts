/**
 * Public shapes of the ABI diff. The JSON report is a contract with CI scripts, so its
 * key order is fixed here (see report.ts) and never derived from object insertion.
 */
import type { Pos } from "../model/index.js";

/**
 * breaking: old binaries, images, guests, streams or ports stop working (needs a major bump).
 * compatible: an addition or relaxation nothing existing depends on (needs a minor bump).
 * doc: prose, provenance or presentation only (may keep the version or bump the patch).
 */
export type ChangeClass = "breaking" | "compatible" | "doc";

export type Bump = "major" | "minor" | "patch" | "none";

/** What the version moved by, old to new. */
export type VersionMove = Bump | "backwards";

/** ok: the version covers the changes; breaking: a breaking change without a major bump; version: any other version problem. */
export type Verdict = "ok" | "breaking" | "version";

export type Location = Pos;

export interface DiffChange {
  class: ChangeClass;
  /** Short kebab-case name of the classification rule that fired (see rules.ts). */
  kind: string;
  /** Spec item id, e.g. isa.opcode.ADD, enum.mbx_status.TIMEOUT, event.mailbox_send.length. */
  item: string;
  /** Where in the NEW spec (added, changed) or the OLD spec (removed). */
  location: Location;
  message: string;
  old?: unknown;
  new?: unknown;
}

export interface SpecIdentity {
  version: string;
  hash: string;
}

export interface DiffReport {
  old: SpecIdentity;
  new: SpecIdentity;
  /** Sorted by file, line, then item id. */
  changes: DiffChange[];
  required_bump: Bump;
  verdict: Verdict;
  /** Not part of the JSON report: how the version moved, and the one-line verdict for people. */
  move: VersionMove;
  summary: string;
}

export type DiffErrorCode =
  | "diff.source-not-found"
  | "diff.source-not-spec"
  | "diff.git-failed"
  | "diff.no-spec-at-revision"
  | "diff.bad-version";

/** A problem with the diff's inputs (not with the spec's content, which lint reports). */
export class DiffError extends Error {
  constructor(
    readonly code: DiffErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DiffError";
  }
}

export function isDiffError(e: unknown): e is DiffError {
  return e instanceof DiffError;
}

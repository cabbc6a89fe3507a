/**
 * The version rule of spec/meta.yaml: VERSION_MAJOR (breaking needs a new major),
 * VERSION_MINOR (compatible additions need at least a new minor), VERSION_PATCH
 * (documentation may keep the version). A version that goes backwards is always a
 * finding: releases must be ordered for the rule to mean anything.
 */
import { DiffError, type Bump, type ChangeClass, type Verdict, type VersionMove } from "./types.js";

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function parseVersion(v: string): [number, number, number] {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(v);
  if (!m) throw new DiffError("diff.bad-version", `version "${v}" is not MAJOR.MINOR.PATCH`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function moveOf(oldVersion: string, newVersion: string): VersionMove {
  const a = parseVersion(oldVersion);
  const b = parseVersion(newVersion);
  for (let i = 0; i < 3; i++) {
    if (b[i]! > a[i]!) return (["major", "minor", "patch"] as const)[i]!;
    if (b[i]! < a[i]!) return "backwards";
  }
  return "none";
}

const BUMP_FOR: Record<ChangeClass, Bump> = { breaking: "major", compatible: "minor", doc: "patch" };

export function requiredBump(classes: Iterable<ChangeClass>): Bump {
  let need: Bump = "none";
  for (const c of classes) if (RANK[BUMP_FOR[c]] > RANK[need]) need = BUMP_FOR[c];
  return need;
}

export interface Judgement {
  required: Bump;
  move: VersionMove;
  verdict: Verdict;
  /** One line for people: which bump the change requires and whether the versions have it. */
  summary: string;
}

export function judge(oldVersion: string, newVersion: string, classes: readonly ChangeClass[]): Judgement {
  const required = requiredBump(classes);
  const move = moveOf(oldVersion, newVersion);
  const count = (c: ChangeClass) => classes.filter((x) => x === c).length;
  const verdict: Verdict =
    required === "major" && move !== "major" ? "breaking" : move === "backwards" ? "version" : RANK[required] >= RANK.minor && RANK[move as Bump] < RANK.minor ? "version" : "ok";

  const need = {
    major: `${count("breaking")} breaking change(s) require a major bump`,
    minor: `${count("compatible")} compatible change(s) require a minor bump`,
    patch: `${count("doc")} documentation change(s) need no bump (a patch bump at most)`,
    none: "no changes, so no bump is required",
  }[required];
  const versions = `${oldVersion} -> ${newVersion}`;
  let has: string;
  if (move === "backwards") has = `but the version went backwards (${versions})`;
  else if (verdict === "ok") has = move === "none" ? `the version stays ${oldVersion}, which is fine` : `${versions} is a ${move} bump, which covers it`;
  else has = move === "none" ? `but the version stays ${oldVersion}` : `but ${versions} is only a ${move} bump`;
  return { required, move, verdict, summary: `verdict: ${verdict}: ${need}; ${has}` };
}

/**
 * Where a side of the diff comes from: a spec directory on disk, or the spec/ tree of
 * a git revision. An argument that is an existing path is a path, even when it also
 * names a revision (a directory called `main` next to a branch called `main`), so what
 * is on disk is never silently replaced by history.
 *
 * Revisions are read with `git ls-tree` and one `git cat-file --batch`, which touch
 * neither the index nor the work tree (so a diff can run beside a dirty checkout or
 * another git process) and need no tar.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { DiffError } from "./types.js";

export interface SpecSource {
  kind: "path" | "revision";
  /** How output names this side: the argument, plus the commit for a revision. */
  label: string;
  specDir: string;
  /**
   * Spec file paths are shown relative to this directory, the spec directory's
   * parent, so both sides read spec/FILE.yaml whether on disk or extracted.
   */
  base: string;
  /** The full commit id, for a revision. */
  commit?: string;
  /** Removes the extracted copy of a revision; does nothing for a path. */
  cleanup(): void;
}

function hasYaml(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).some((n) => n.endsWith(".yaml"));
}

function fromPath(arg: string, full: string): SpecSource {
  if (!statSync(full).isDirectory()) throw new DiffError("diff.source-not-spec", `"${arg}" is a file; give a spec directory or a git revision`);
  const specDir = hasYaml(full) ? full : hasYaml(join(full, "spec")) ? join(full, "spec") : null;
  if (!specDir) throw new DiffError("diff.source-not-spec", `"${arg}" holds no spec (no .yaml files in it or in its spec/ directory)`);
  return { kind: "path", label: arg, specDir, base: dirname(specDir), cleanup: () => {} };
}

function git(repo: string, args: string[], input?: string): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync("git", ["-C", repo, ...args], { input, maxBuffer: 1 << 30 });
  if (r.error) throw new DiffError("diff.git-failed", `cannot run git: ${r.error.message}`);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString("utf8").trim() };
}

function gitOk(repo: string, args: string[], input?: string): Buffer {
  const r = git(repo, args, input);
  if (r.status !== 0) throw new DiffError("diff.git-failed", `git ${args[0]} failed in ${repo}: ${r.stderr || `exit ${r.status}`}`);
  return r.stdout;
}

/** Blob contents by object id, from one `git cat-file --batch`. */
function readBlobs(repo: string, oids: readonly string[]): Map<string, Buffer> {
  const out = gitOk(repo, ["cat-file", "--batch"], oids.join("\n") + "\n");
  const blobs = new Map<string, Buffer>();
  let at = 0;
  while (at < out.length) {
    const nl = out.indexOf(0x0a, at);
    const [oid, type, size] = out.subarray(at, nl).toString("utf8").split(" ");
    if (type !== "blob" || !oid || size === undefined) throw new DiffError("diff.git-failed", `git cat-file: unexpected "${out.subarray(at, nl).toString("utf8")}"`);
    const start = nl + 1;
    blobs.set(oid, out.subarray(start, start + Number(size)));
    at = start + Number(size) + 1;
  }
  return blobs;
}

function fromRevision(arg: string, repo: string): SpecSource {
  if (arg.startsWith("-")) throw new DiffError("diff.source-not-found", `"${arg}" is neither an existing path nor a git revision`);
  const rev = git(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${arg}^{commit}`]);
  if (rev.status !== 0) {
    const isRepo = git(repo, ["rev-parse", "--git-dir"]).status === 0;
    throw new DiffError("diff.source-not-found", `"${arg}" is neither an existing path nor a git revision${isRepo ? ` of ${repo}` : ` (${repo} is not in a git repository; use --repo)`}`);
  }
  const commit = rev.stdout.toString("utf8").trim();
  // When hsx-kit's directory is a subdirectory of the repository, spec/ is below that prefix.
  const prefix = git(repo, ["rev-parse", "--show-prefix"]).stdout.toString("utf8").trim();
  const root = `${prefix}spec`;
  const entries = gitOk(repo, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", root])
    .toString("utf8")
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta = "", path = ""] = line.split("\t");
      const [mode, type, oid] = meta.split(" ");
      return { mode, type, oid: oid ?? "", path };
    })
    .filter((e) => e.type === "blob" && e.mode !== "120000" && e.path.startsWith(`${root}/`));
  if (entries.length === 0) throw new DiffError("diff.no-spec-at-revision", `revision "${arg}" (${commit.slice(0, 12)}) has no ${root}/ directory`);

  const blobs = readBlobs(repo, [...new Set(entries.map((e) => e.oid))]);
  const tmp = mkdtempSync(join(tmpdir(), "hsx-kit-diff-"));
  try {
    for (const e of entries) {
      const dest = join(tmp, "spec", e.path.slice(root.length + 1));
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, blobs.get(e.oid) ?? Buffer.alloc(0));
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { kind: "revision", label: `${arg} (${commit.slice(0, 12)})`, specDir: join(tmp, "spec"), base: tmp, commit, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/**
 * Resolve a diff argument: an existing path (relative to `cwd`) wins; otherwise a git
 * revision of the repository at `repoRoot`, whose spec/ tree is extracted to a
 * temporary directory (call cleanup() when done).
 */
export function resolveSpecSource(arg: string, repoRoot: string, cwd: string = process.cwd()): SpecSource {
  if (arg === "") throw new DiffError("diff.source-not-found", "an empty argument is neither a path nor a revision");
  const full = resolve(cwd, arg);
  if (existsSync(full)) return fromPath(arg, full);
  return fromRevision(arg, resolve(cwd, repoRoot));
}

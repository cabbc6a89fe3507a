import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { OUTPUT_ROOTS } from "./plan.js";
import type { GeneratedFile } from "./types.js";

export interface DriftEntry {
  path: string;
  status: "stale" | "missing" | "extra";
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      // Python writes its byte-code cache beside generated/py when the module is imported.
      if (name === "__pycache__") continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Compare planned files with what is on disk under the output roots. */
export function checkOutputs(root: string, files: readonly GeneratedFile[]): DriftEntry[] {
  const planned = new Map(files.map((f) => [f.path, f.content]));
  const drift: DriftEntry[] = [];
  for (const f of files) {
    const full = join(root, f.path);
    if (!existsSync(full)) drift.push({ path: f.path, status: "missing" });
    else if (readFileSync(full, "utf8").replace(/\r\n/g, "\n") !== f.content) drift.push({ path: f.path, status: "stale" });
  }
  for (const r of OUTPUT_ROOTS) {
    for (const full of listFiles(join(root, r))) {
      const rel = relative(root, full).split("\\").join("/");
      if (!planned.has(rel)) drift.push({ path: rel, status: "extra" });
    }
  }
  return drift.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * Replace each output root as a whole: write the new tree beside it, then swap
 * directories. If anything fails before the swap, the old tree is untouched.
 */
export function writeOutputs(root: string, files: readonly GeneratedFile[]): { written: number } {
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const staged: { dir: string; tmp: string }[] = [];
  try {
    for (const r of OUTPUT_ROOTS) {
      const dir = join(root, r);
      const tmp = `${dir}.tmp-${tag}`;
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      staged.push({ dir, tmp });
      for (const f of files.filter((x) => x.path.startsWith(r + "/"))) {
        const full = join(tmp, f.path.slice(r.length + 1));
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, f.content);
      }
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { recursive: true, force: true });
    throw e;
  }
  for (const { dir, tmp } of staged) {
    const old = `${dir}.old-${tag}`;
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  }
  return { written: files.length };
}

import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../src/cli/main.js";
import type { Io } from "../src/cli/io.js";

/** The repository root (tests run from dist/test/, two levels below it). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const SPEC_DIR = join(REPO_ROOT, "spec");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in this process (fast; covered by the in-process coverage). */
export async function runCli(args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), tty: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Run bin/hsx-kit.js as a separate process (exercises the real entry point). */
export function runCliProcess(args: string[], opts: { cwd?: string; input?: string; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, "bin", "hsx-kit.js"), ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    input: opts.input,
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch directory removed by the returned cleanup function. */
export function scratchDir(prefix = "hsx-kit-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of the spec (with its schemas) in a scratch directory, for tests that edit it. */
export function copySpec(): { root: string; specDir: string; cleanup: () => void } {
  const { dir, cleanup } = scratchDir("hsx-kit-spec-");
  cpSync(SPEC_DIR, join(dir, "spec"), { recursive: true });
  return { root: dir, specDir: join(dir, "spec"), cleanup };
}

// Every command the user documentation shows (```sh blocks of docs/*.md) is run here, in
// page order, and its exit status and shown output (```text blocks) are checked; the
// conventions are in ./markdown.ts and docs/README.md.
//
// Each page (or each independent part of a page) runs in its own copy of the checkout
// (built dist/ included, node_modules linked), made a git repository with one commit
// when it uses git or `hsx-kit diff REV`; nothing a page does reaches the real tree. `hsx-kit` is on
// PATH there as a small script, as it is for a reader who followed getting-started.md.
// HSX_DOCS_KEEP=1 keeps the copies and prints where they are; HSX_DOCS_TIMING=1 prints
// how long each command took.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../codegen/paths.js";
import { matchOutput, parsePage, splitCommands, type DocPage } from "./markdown.js";

const DOCS = join(PACKAGE_ROOT, "docs");
const COMMAND_TIMEOUT_MS = 60_000;

/** Top-level entries a fresh clone would not have (or that are large and irrelevant). */
const NOT_COPIED = new Set(["node_modules", ".git", "coverage", ".c8_output", ".scratch", "reports", "tmp"]);
/** Compiled tests and benchmarks: no command of the docs runs them. */
const NOT_COPIED_DIST = new Set(["dist/test", "dist/bench"]);

function pages(): DocPage[] {
  return readdirSync(DOCS)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => parsePage(`docs/${f}`, readFileSync(join(DOCS, f), "utf8")));
}

const env = (bin: string): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
  // c8 collects coverage from child processes through this; the copies are not the sources.
  delete e.NODE_V8_COVERAGE;
  for (const k of Object.keys(e)) if (k.startsWith("VITEST") || k.startsWith("GIT_")) delete e[k];
  Object.assign(e, { GIT_AUTHOR_NAME: "Docs Test", GIT_AUTHOR_EMAIL: "docs@example.invalid", GIT_COMMITTER_NAME: "Docs Test", GIT_COMMITTER_EMAIL: "docs@example.invalid", NO_COLOR: "1" });
  return e;
};

/** A copy of the checkout to run one page in: { root, bin, cleanup }. */
function sandbox(name: string, git: boolean): { root: string; bin: string; cleanup: () => void } {
  const base = mkdtempSync(join(tmpdir(), `hsx-docs-${name}-`));
  const root = join(base, "hsx-kit");
  cpSync(PACKAGE_ROOT, root, {
    recursive: true,
    filter: (src) => {
      const rel = relative(PACKAGE_ROOT, src);
      return !NOT_COPIED.has(rel.split("/")[0]!) && !rel.startsWith("ports/c/build") && !NOT_COPIED_DIST.has(rel);
    },
  });
  symlinkSync(join(PACKAGE_ROOT, "node_modules"), join(root, "node_modules"), "dir");
  const bin = join(base, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "hsx-kit"), `#!/bin/sh\nexec node "${join(root, "bin", "hsx-kit.js")}" "$@"\n`);
  chmodSync(join(bin, "hsx-kit"), 0o755);
  if (git) {
    const run = (...args: string[]) => {
      const r = spawnSync("git", ["-c", "commit.gpgsign=false", ...args], { cwd: root, env: env(bin), encoding: "utf8" });
      if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed in ${root}: ${r.stderr}`);
    };
    run("init", "-q", "-b", "main");
    run("add", "-A");
    run("commit", "-q", "-m", "docs test: the checkout as it was");
  }
  return {
    root,
    bin,
    cleanup: () => {
      if (process.env.HSX_DOCS_KEEP) console.log(`docs test: ${name} ran in ${root}`);
      else rmSync(base, { recursive: true, force: true });
    },
  };
}

function sh(command: string, cwd: string, bin: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", `exec 2>&1\n${command}`], { cwd, env: env(bin), stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (output += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (output += s));
    const timer = setTimeout(() => {
      output += `\n[docs test: killed after ${COMMAND_TIMEOUT_MS} ms]`;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, COMMAND_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const indent = (s: string) => s.trimEnd().replace(/^/gm, "    ");

/** Run one part of a page, its blocks in order, in a copy of its own; return every problem found. */
async function runPart(page: DocPage, part: number): Promise<string[]> {
  const blocks = page.blocks.filter((b) => b.part === part);
  // Only parts that use git (or hsx-kit diff with revisions) need the copy to be a repository.
  const usesGit = blocks.some((b) => b.directive?.kind !== "skip" && b.commands.some((c) => /\bgit\b|hsx-kit diff/.test(c.text)));
  const box = sandbox(`${page.file.replace(/^docs\/|\.md$/g, "")}-${part}`, usesGit);
  const problems: string[] = [];
  try {
    for (const block of blocks) {
      if (block.directive?.kind === "skip") continue;
      let output = "";
      if (block.directive?.kind === "run") {
        output = (await sh(block.directive.command, box.root, box.bin)).output;
      } else {
        for (const cmd of block.commands) {
          const t0 = Date.now();
          const r = await sh(cmd.text, box.root, box.bin);
          if (process.env.HSX_DOCS_TIMING) console.log(`${page.file}:${cmd.line}: ${Date.now() - t0} ms  ${cmd.text.split("\n")[0]}`);
          output += r.output;
          if (r.code !== cmd.exit) problems.push(`${page.file}:${cmd.line}: \`${cmd.text.split("\n")[0]}\` exited ${r.code}, the page says ${cmd.exit}\n${indent(r.output)}`);
        }
      }
      for (const o of block.outputs) {
        const miss = matchOutput(o.lines, output);
        if (miss) problems.push(`${page.file}:${o.line}: output of the block at line ${block.line} does not match (${miss}); it printed:\n${indent(output)}`);
      }
    }
  } finally {
    box.cleanup();
  }
  return problems;
}

/** Every part of a page, at the same time. */
async function runPage(page: DocPage): Promise<string[]> {
  const parts = [...new Set(page.blocks.map((b) => b.part))];
  return (await Promise.all(parts.map((p) => runPart(page, p)))).flat();
}

describe("the docs' conventions", () => {
  it("splits commands at lines, joins continuations and here-documents, reads # exit N", () => {
    const cmds = splitCommands(["# a comment", "hsx-kit lint   # exit 1", "hsx-kit asm a.mvasm \\", "  -o a.hxe", "cat > x <<'EOF'", "# not a comment", "EOF", ""], 10);
    expect(cmds).toEqual([
      { text: "hsx-kit lint   # exit 1", line: 11, exit: 1 },
      { text: "hsx-kit asm a.mvasm \\\n  -o a.hxe", line: 12, exit: 0 },
      { text: "cat > x <<'EOF'\n# not a comment\nEOF", line: 14, exit: 0 },
    ]);
  });

  it("matches output lines in order, with … as a wildcard", () => {
    const out = "spec hsx 2.0.0 (sha256 abc)\nnoise\nverdict: CERTIFIED (3 passed in 0.1 s)\n";
    expect(matchOutput(["spec hsx … (sha256 …)", "…", "verdict: CERTIFIED (3 passed in … s)"], out)).toBeNull();
    expect(matchOutput(["verdict: CERTIFIED …", "spec hsx …"], out)).toMatch(/^out of order/);
    expect(matchOutput(["verdict: FAILED"], out)).toMatch(/^missing/);
  });

  it("ties output blocks and directives to their command block, and refuses untestable blocks", () => {
    const page = parsePage("p.md", ["<!-- docs-test: run node x.js -->", "```sh", "npm start", "```", "prints", "```text", "ok", "```"].join("\n"));
    expect(page.blocks).toEqual([{ line: 2, part: 0, commands: [{ text: "npm start", line: 3, exit: 0 }], directive: { kind: "run", command: "node x.js" }, outputs: [{ line: 6, lines: ["ok"] }] }]);
    const parts = parsePage("p.md", ["```sh", "a", "```", "<!-- docs-test: part -->", "```sh", "b", "```"].join("\n"));
    expect(parts.blocks.map((b) => b.part)).toEqual([0, 1]);
    expect(() => parsePage("p.md", ["```sh", "a", "```", "<!-- docs-test: part -->", "```text", "x", "```"].join("\n"))).toThrow(/no ```sh block above/);
    expect(() => parsePage("p.md", "```text\nhello\n```\n")).toThrow(/no ```sh block above/);
    expect(() => parsePage("p.md", "```bash\nls\n```\n")).toThrow(/```bash block/);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...text.matchAll(/^#{1,6} (.*)$/gm)].map((m) => slug(m[1]!)));
}

describe("docs links", () => {
  it("every relative link names an existing file, and an existing heading when it has a #", () => {
    const broken: string[] = [];
    for (const f of readdirSync(DOCS).filter((x) => x.endsWith(".md"))) {
      const text = readFileSync(join(DOCS, f), "utf8").replace(/^```[\s\S]*?^```/gm, "");
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const [path, hash] = target.split("#") as [string, string | undefined];
        const file = path === "" ? join(DOCS, f) : join(DOCS, path);
        let ok = true;
        try {
          readFileSync(file);
        } catch (e) {
          ok = (e as NodeJS.ErrnoException).code === "EISDIR";
        }
        if (!ok) broken.push(`docs/${f}: ${target} (no such file)`);
        else if (hash && file.endsWith(".md") && !anchors(file).has(hash)) broken.push(`docs/${f}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe("docs/*.md", () => {
  const all = pages();

  it("show commands", () => {
    expect(all.filter((p) => p.blocks.length > 0).length).toBeGreaterThan(0);
  });

  // Pages run concurrently, each in its own copy.
  it.concurrent.each(all.filter((p) => p.blocks.length > 0).map((p) => [p.file, p] as const))("%s: every command runs as shown", async (_file, page) => {
    const problems = await runPage(page);
    expect(problems, problems.join("\n\n")).toEqual([]);
  }, 180_000);
});

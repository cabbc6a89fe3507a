// Reading the runnable parts of the user documentation (docs/*.md) for
// test/docs/commands.test.ts. The conventions (also in docs/README.md):
//
//   ```sh     commands, one per line (a trailing `\` continues a line; a here-document
//             runs to its terminator). Each runs from the repository root and must exit 0,
//             unless the line ends with a comment `# exit N`.
//   ```text   output of the nearest ```sh block above it on the same page. Each non-blank
//             line must appear in that block's output (stdout and stderr together), in
//             order; other output lines may come between. `…` in a line matches any text;
//             a line that is only `…` marks an elision and is not checked.
//   <!-- docs-test: skip REASON -->     on the line before a ```sh block: not run (and its
//                                       output blocks are not checked).
//   <!-- docs-test: run COMMAND -->     on the line before a ```sh block: COMMAND runs in
//                                       its place, its exit status is not checked, and the
//                                       output blocks are checked against its output.
//   <!-- docs-test: part -->            on a line of its own: the blocks after it need
//                                       nothing the blocks before it did, so the test may
//                                       run them in a fresh copy, at the same time.
//
// Any other fenced block (yaml, json, mvasm, c, ...) is prose to the test. Blocks tagged
// bash, shell, console or shell-session are refused, so that no command can hide from it.

export interface DocCommand {
  /** The command as bash gets it (continuations and here-documents included). */
  text: string;
  /** 1-based line in the page where it starts. */
  line: number;
  /** Expected exit status: 0 unless marked `# exit N`. */
  exit: number;
}

export type Directive = { kind: "skip"; reason: string } | { kind: "run"; command: string };

export interface OutputBlock {
  line: number;
  lines: string[];
}

export interface CommandBlock {
  line: number;
  /** Index of the independent part of the page the block belongs to (from 0). */
  part: number;
  commands: DocCommand[];
  directive: Directive | null;
  outputs: OutputBlock[];
}

export interface DocPage {
  file: string;
  blocks: CommandBlock[];
}

export class DocFormatError extends Error {}

const REFUSED = new Set(["bash", "shell", "console", "shell-session", "zsh"]);
const DIRECTIVE = /^<!--\s*docs-test:\s*(\S+)\s*(.*?)\s*-->\s*$/;
const EXIT_MARK = /\s#\s*exit\s+(\d+)\s*$/;
const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

/** The ```sh and ```text blocks of one page, in order. */
export function parsePage(file: string, source: string): DocPage {
  const lines = source.split("\n");
  const blocks: CommandBlock[] = [];
  const fail = (line: number, msg: string): never => {
    throw new DocFormatError(`${file}:${line}: ${msg}`);
  };
  let i = 0;
  let part = 0;
  while (i < lines.length) {
    const open = /^(`{3,})\s*([\w-]*)\s*$/.exec(lines[i]!);
    if (!open) {
      if (/^<!--\s*docs-test:\s*part\s*-->\s*$/.test(lines[i]!.trim())) part++;
      i++;
      continue;
    }
    const fence = open[1]!;
    const lang = open[2]!.toLowerCase();
    const start = i + 1; // 1-based line of the opening fence
    const body: string[] = [];
    i++;
    while (i < lines.length && lines[i]!.trimEnd() !== fence) body.push(lines[i++]!);
    if (i >= lines.length) fail(start, "unclosed code fence");
    i++;
    if (REFUSED.has(lang)) fail(start, `a \`\`\`${lang} block: write commands as \`\`\`sh and their output as \`\`\`text`);
    if (lang === "sh") {
      blocks.push({ line: start, part, commands: splitCommands(body, start + 1, file), directive: directiveBefore(lines, start - 1, file), outputs: [] });
      if (!blocks.at(-1)!.commands.length && blocks.at(-1)!.directive?.kind !== "run") fail(start, "a ```sh block without commands");
    } else if (lang === "text") {
      const owner = blocks.at(-1);
      if (!owner || owner.part !== part) fail(start, "a ```text block (command output) with no ```sh block above it");
      owner!.outputs.push({ line: start, lines: body });
    }
  }
  return { file, blocks };
}

/** The docs-test directive on the last non-blank line before a fence (index of the fence line). */
function directiveBefore(lines: readonly string[], fenceIndex: number, file: string): Directive | null {
  let j = fenceIndex - 1;
  while (j >= 0 && lines[j]!.trim() === "") j--;
  const m = j >= 0 ? DIRECTIVE.exec(lines[j]!.trim()) : null;
  if (!m) return null;
  if (m[1] === "part") return null;
  if (m[1] === "skip") return { kind: "skip", reason: m[2] ?? "" };
  if (m[1] === "run" && m[2]) return { kind: "run", command: m[2] };
  throw new DocFormatError(`${file}:${j + 1}: unknown docs-test directive "${m[1]} ${m[2]}" (skip REASON or run COMMAND)`);
}

/** Commands of one ```sh block; firstLine is the page line of body[0]. */
export function splitCommands(body: readonly string[], firstLine: number, file = "?"): DocCommand[] {
  const out: DocCommand[] = [];
  let i = 0;
  while (i < body.length) {
    const first = body[i]!;
    if (first.trim() === "" || first.trim().startsWith("#")) {
      i++;
      continue;
    }
    const start = i;
    const shellLines = [first]; // lines bash reads as command text (not here-document bodies)
    while (shellLines.at(-1)!.endsWith("\\") && i + 1 < body.length) shellLines.push(body[++i]!);
    const parts = [...shellLines];
    const heredoc = shellLines.map((l) => HEREDOC.exec(l)?.[2]).find((w) => w !== undefined);
    if (heredoc !== undefined) {
      let closed = false;
      while (i + 1 < body.length) {
        parts.push(body[++i]!);
        if (body[i]!.trim() === heredoc) {
          closed = true;
          break;
        }
      }
      if (!closed) throw new DocFormatError(`${file}:${firstLine + start}: here-document ${heredoc} is not terminated`);
    }
    i++;
    const mark = shellLines.map((l) => EXIT_MARK.exec(l)?.[1]).find((m) => m !== undefined);
    out.push({ text: parts.join("\n"), line: firstLine + start, exit: mark === undefined ? 0 : Number(mark) });
  }
  return out;
}

/**
 * Check that the expected lines appear in the output in order (other lines may come
 * between). `…` matches any text within a line; a line that is only `…` is skipped.
 * Returns null when they do, else what is missing.
 */
export function matchOutput(expected: readonly string[], output: string): string | null {
  const got = output.split("\n").map((l) => l.trimEnd());
  let pos = 0;
  for (const want of expected) {
    const w = want.trimEnd();
    if (w.trim() === "" || w.trim() === "…") continue;
    const re = new RegExp(`^${w.split("…").map(escapeRegExp).join(".*")}$`);
    let found = -1;
    for (let j = pos; j < got.length; j++) {
      if (re.test(got[j]!)) {
        found = j;
        break;
      }
    }
    if (found < 0) {
      const anywhere = got.some((g) => re.test(g));
      return `${anywhere ? "out of order" : "missing"}: ${w}`;
    }
    pos = found + 1;
  }
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { PACKAGE_ROOT } from "../../codegen/paths.js";
import { OP_LEVEL } from "../../generated/ts/index.js";
import { validateVectorFile } from "../../generated/validators/index.js";

export interface Step {
  op: string;
  args: Record<string, unknown>;
  expect: Record<string, unknown> | null;
  note: string | null;
}

export interface Vector {
  id: string;
  title: string;
  spec: string[];
  level: string;
  profile: string | null;
  features: string[];
  tags: string[];
  steps: Step[];
  /** File the vector came from, relative to the suite root. */
  file: string;
}

export interface VectorProblem {
  file: string;
  line: number | null;
  message: string;
}

interface RawVector {
  id: string;
  title: string;
  spec: string[];
  profile?: string;
  requires?: { features?: string[] };
  tags?: string[];
  steps: { op: string; args?: Record<string, unknown>; expect?: Record<string, unknown>; note?: string }[];
}

interface RawFile {
  level: string;
  profile?: string;
  requires?: { features?: string[] };
  vectors: RawVector[];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if ([".json", ".yaml", ".yml"].includes(extname(name))) out.push(p);
  }
  return out;
}

/**
 * Parsed YAML vector files as JSON, keyed by the sha256 of the file's bytes: parsing the
 * YAML is most of the time a certify run spends before its first vector, and the files
 * rarely change. A file whose data is cached is still schema-checked; only when it has a
 * problem is the YAML parsed again, for the line numbers.
 */
const CACHE_DIR = join(PACKAGE_ROOT, "node_modules", ".cache", "hsx-kit", "vectors");

function cachedData(key: string): unknown {
  try {
    return JSON.parse(readFileSync(join(CACHE_DIR, `${key}.json`), "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function storeData(key: string, data: unknown): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename, so a concurrent reader never sees half a file.
    const tmp = join(CACHE_DIR, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, join(CACHE_DIR, `${key}.json`));
  } catch {
    // A read-only install just parses every time.
  }
}

/** Parse one file; YAML keeps positions so schema errors can name a line. */
function parseFile(path: string, shown: string): { data: unknown; lineOf: (pointer: string) => number | null } | VectorProblem {
  const text = readFileSync(path, "utf8");
  if (extname(path) === ".json") {
    try {
      return { data: JSON.parse(text) as unknown, lineOf: () => null };
    } catch (e) {
      return { file: shown, line: null, message: `not JSON: ${(e as Error).message}` };
    }
  }
  const key = createHash("sha256").update(text).digest("hex");
  const cached = cachedData(key);
  if (cached !== undefined) {
    return {
      data: cached,
      lineOf: (pointer) => {
        const full = parseYaml(text, shown);
        return "message" in full ? null : full.lineOf(pointer);
      },
    };
  }
  const parsed = parseYaml(text, shown);
  if ("message" in parsed) return parsed;
  // The same JSON the cache gives back, so a first run and a cached run see equal data.
  const data = JSON.parse(JSON.stringify(parsed.data)) as unknown;
  storeData(key, data);
  return { data, lineOf: parsed.lineOf };
}

function parseYaml(text: string, shown: string): { data: unknown; lineOf: (pointer: string) => number | null } | VectorProblem {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length) return { file: shown, line: doc.errors[0]!.linePos?.[0].line ?? null, message: doc.errors[0]!.message.split("\n")[0]! };
  return {
    data: doc.toJS(),
    lineOf: (pointer) => {
      const path = pointer.split("/").slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number] } | undefined;
        if (node && node.range) return lines.linePos(node.range[0]).line;
      }
      return null;
    },
  };
}

/**
 * Load every vector file under the given roots (files or directories), check each
 * against the generated vector-file schema, and check that ids are unique and every
 * step's operation belongs to the file's level.
 */
export function loadVectors(roots: readonly string[], base: string): { vectors: Vector[]; problems: VectorProblem[] } {
  const vectors: Vector[] = [];
  const problems: VectorProblem[] = [];
  const seen = new Map<string, string>();
  const files = roots.flatMap((r) => (statSync(r).isDirectory() ? walk(r) : [r]));
  for (const path of files) {
    const shown = relative(base, path).split("\\").join("/");
    const parsed = parseFile(path, shown);
    if ("message" in parsed) {
      problems.push(parsed);
      continue;
    }
    if (!validateVectorFile(parsed.data)) {
      for (const e of (validateVectorFile.errors ?? []).slice(0, 5)) problems.push({ file: shown, line: parsed.lineOf(e.instancePath), message: `${e.instancePath || "/"}: ${e.message ?? e.keyword}` });
      continue;
    }
    const f = parsed.data as unknown as RawFile;
    f.vectors.forEach((v, i) => {
      const prior = seen.get(v.id);
      if (prior) {
        problems.push({ file: shown, line: parsed.lineOf(`/vectors/${i}/id`), message: `duplicate vector id ${v.id} (also in ${prior})` });
        return;
      }
      seen.set(v.id, shown);
      const wrong = v.steps.findIndex((s) => OP_LEVEL[s.op as keyof typeof OP_LEVEL] !== f.level);
      if (wrong >= 0) {
        problems.push({ file: shown, line: parsed.lineOf(`/vectors/${i}/steps/${wrong}/op`), message: `vector ${v.id}: ${v.steps[wrong]!.op} is not an operation of level ${f.level}` });
        return;
      }
      vectors.push({
        id: v.id,
        title: v.title,
        spec: v.spec,
        level: f.level,
        profile: v.profile ?? f.profile ?? null,
        features: [...(f.requires?.features ?? []), ...(v.requires?.features ?? [])],
        tags: v.tags ?? [],
        steps: v.steps.map((s) => ({ op: s.op, args: s.args ?? {}, expect: s.expect ?? null, note: s.note ?? null })),
        file: shown,
      });
    });
  }
  return { vectors, problems };
}

import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { validateExpectationsFile } from "../../generated/validators/index.js";

export interface Expectation {
  id: string;
  expect: "fail" | "skip";
  reason: string;
  issue: string | null;
}

export class ExpectationsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpectationsError";
  }
}

/**
 * Load an expectations file (YAML or JSON) for one implementation. Every entry must
 * name a vector of the suite: a stale entry is an error, so the file cannot rot.
 */
export interface ExpectationSet {
  /** The implementation the file is for (checked against the handshake). */
  implementation: string;
  file: string;
  entries: Map<string, Expectation>;
}

export function loadExpectations(path: string, knownIds: ReadonlySet<string>): ExpectationSet {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ExpectationsError(`${path}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!validateExpectationsFile(data)) {
    const e = validateExpectationsFile.errors?.[0];
    throw new ExpectationsError(`${path}: ${e?.instancePath || "/"} ${e?.message ?? "invalid"}`);
  }
  const out = new Map<string, Expectation>();
  const stale: string[] = [];
  for (const e of data.entries) {
    if (!knownIds.has(e.id)) stale.push(e.id);
    if (out.has(e.id)) throw new ExpectationsError(`${path}: ${e.id} is listed twice`);
    out.set(e.id, { id: e.id, expect: e.expect, reason: e.reason, issue: e.issue ?? null });
  }
  if (stale.length) throw new ExpectationsError(`${path}: stale entries name no vector of the suite: ${stale.join(", ")}`);
  return { implementation: data.implementation, file: path, entries: out };
}

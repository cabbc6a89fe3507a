// Traceability: every rule of spec/mailbox.yaml that the manager implements has a
// describe() block named after its id in test/mailbox/.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Rules that are not the manager's: the SVC layer and the C header own them. */
const ELSEWHERE: Record<string, string> = {
  UNKNOWN_FUNCTION: "SVC dispatch (executive) answers ENOSYS for unknown mailbox functions",
  HEADER_DROP_IN: "generated C header (codegen)",
};

/** Optional features ("an implementation may offer") the reference manager does not offer yet (none: it offers ZERO_COPY). */
const NOT_OFFERED: Record<string, string> = {};

describe("mailbox rules traceability", () => {
  it("each manager rule has tests named after its id", () => {
    const spec = parse(readFileSync(join(ROOT, "spec", "mailbox.yaml"), "utf8")) as { rules: { id: string }[] };
    const dir = join(ROOT, "test", "mailbox");
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .join("\n");
    const missing = spec.rules
      .map((r) => r.id)
      .filter((id) => !(id in ELSEWHERE) && !(id in NOT_OFFERED) && !sources.includes(`describe("mailbox.rule.${id}"`));
    expect(missing).toEqual([]);
    for (const id of [...Object.keys(ELSEWHERE), ...Object.keys(NOT_OFFERED)]) expect(spec.rules.map((r) => r.id)).toContain(id);
  });
});

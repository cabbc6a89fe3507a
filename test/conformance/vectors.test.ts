// The vector loader: schema problems, duplicate ids and operations of another level
// are reported with file and line, whether the file's parse came from the cache or not.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadVectors } from "../../conformance/runner/vectors.js";
import { scratchDir } from "../helpers.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function suite(files: Record<string, string>): string {
  const s = scratchDir("hsx-kit-vectors-");
  cleanup = s.cleanup;
  for (const [name, text] of Object.entries(files)) writeFileSync(join(s.dir, name), text);
  return s.dir;
}

const GOOD = `level: mailbox
vectors:
  - id: mbx.test.one
    title: one
    spec: [mailbox.rule.RECV]
    steps:
      - { op: mbx.open, args: { pid: 1, target: "app:a", flags: 0 }, expect: { status: 0 } }
`;

describe("loadVectors", () => {
  it("loads a file the same way twice (the second time from the parse cache)", () => {
    const dir = suite({ "a.yaml": GOOD });
    const first = loadVectors([dir], dir);
    const second = loadVectors([dir], dir);
    expect(first.problems).toEqual([]);
    expect(second).toEqual(first);
    expect(first.vectors.map((v) => [v.id, v.level, v.file, v.steps[0]!.op])).toEqual([["mbx.test.one", "mailbox", "a.yaml", "mbx.open"]]);
  });

  it("names the line of a schema problem, also when the parse is cached", () => {
    const bad = GOOD.replace("    title: one\n", "    title: one\n    colour: blue\n");
    const dir = suite({ "b.yaml": bad });
    for (let run = 0; run < 2; run++) {
      const r = loadVectors([dir], dir);
      expect(r.vectors).toEqual([]);
      expect(r.problems.length).toBeGreaterThan(0);
      expect(r.problems[0]).toMatchObject({ file: "b.yaml", line: 3 });
    }
  });

  it("reports YAML syntax errors, duplicate ids and an operation of another level with their lines", () => {
    const dir = suite({
      "c.yaml": "level: mailbox\nvectors: [ {\n",
      "d.yaml": GOOD,
      "e.yaml": GOOD,
      "f.yaml": GOOD.replace("mbx.test.one", "mbx.test.two").replace("op: mbx.open", "op: isa.run"),
      "g.yaml": GOOD.replace("mbx.test.one", "mbx.test.three").replace('{ op: mbx.open, args: { pid: 1, target: "app:a", flags: 0 }, expect: { status: 0 } }', "{ op: isa.run, args: { max_steps: 1 } }"),
    });
    const r = loadVectors([dir], dir);
    const byFile = Object.fromEntries(r.problems.map((p) => [p.file, p]));
    expect(byFile["c.yaml"]!.line).not.toBeNull();
    expect(byFile["e.yaml"]).toMatchObject({ line: 3, message: "duplicate vector id mbx.test.one (also in d.yaml)" });
    // The generated schema already knows each level's operations, so it names the step.
    expect(byFile["f.yaml"]).toMatchObject({ line: 7, message: expect.stringMatching(/^\/vectors\/0\/steps\/0/) });
    // A step that fits another level's operation passes the schema; the loader catches it.
    expect(byFile["g.yaml"]).toMatchObject({ line: 7, message: "vector mbx.test.three: isa.run is not an operation of level mailbox" });
    expect(r.vectors.map((v) => v.id)).toEqual(["mbx.test.one"]);
  });
});

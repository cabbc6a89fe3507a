import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docsEmitter } from "../../codegen/emitters/docs.js";
import { loadSpec } from "../../codegen/load.js";
import type { LoadedSpec } from "../../codegen/model/index.js";
import type { Model } from "../../codegen/model/types.js";
import { anchorsOf, block, brokenLinks, cell, code, slug, table, text } from "../../codegen/print/md.js";
import { makeStamp } from "../../codegen/print/stamp.js";
import { REPO_ROOT, SPEC_DIR } from "../helpers.js";

const spec = loadSpec(SPEC_DIR);
const m = spec.model;

/** Emit the docs for a (possibly modified) spec, keyed by file name. */
async function emit(s: LoadedSpec = spec): Promise<Map<string, string>> {
  const files = await docsEmitter.emit({ spec: s, stamp: makeStamp(s, "9.9.9") });
  return new Map(files.map((f) => [f.path.replace(/^generated\/docs\//, ""), f.content]));
}

/** A spec whose model is a deep copy changed by `edit` (the hash is left as is; docs only print it). */
function withModel(edit: (m: Model) => void): LoadedSpec {
  const model = structuredClone(spec.model);
  edit(model);
  return { ...spec, model };
}

const docs = await emit();
const page = (name: string): string => {
  const p = docs.get(name);
  if (p === undefined) throw new Error(`no page ${name}`);
  return p;
};
const lines = (name: string): string[] => page(name).split("\n");

/** Domains with a dedicated page; any other domain of the model gets the generic `<domain>.md`. */
const PAGE_OF: Readonly<Record<string, string>> = { meta: "rules.md", isa: "isa.md", svc: "abi.md", mailbox: "mailbox.md", events: "events.md", executive: "executive.md", profiles: "profiles.md", hxe: "hxe.md" };
const pageOfDomain = (d: string): string => PAGE_OF[d] ?? `${d}.md`;
const genericDomains = [...new Set([...m.constants, ...m.enums, ...m.structs, ...m.records, ...m.rules, ...m.items].map((x) => x.domain as string))].filter((d) => !(d in PAGE_OF)).sort();

// ---- an independent reading of the Markdown (not the helpers under test) ----------------

/** Lines outside fenced code blocks, with their index. */
function prose(md: string): { line: string; i: number }[] {
  let fenced = false;
  const out: { line: string; i: number }[] = [];
  md.split("\n").forEach((line, i) => {
    if (line.startsWith("```")) {
      fenced = !fenced;
      return;
    }
    if (!fenced) out.push({ line, i });
  });
  return out;
}

/** GitHub's anchor for a heading's Markdown: drop code ticks and escapes, lower-case, strip punctuation, spaces to hyphens. */
function githubAnchor(heading: string): string {
  const plain = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\\(.)/g, "$1")
    .replace(/`/g, "");
  return plain.toLowerCase().replace(/[^a-z0-9 _-]/g, "").replace(/ /g, "-");
}

function headings(md: string): string[] {
  return prose(md)
    .map(({ line }) => /^#{1,6} (.*)$/.exec(line)?.[1])
    .filter((h): h is string => h !== undefined);
}

/** Table cells of a row: split on pipes that are not backslash-escaped, drop the outer empties. */
function cells(row: string): string[] {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === "\\" && i + 1 < row.length) {
      cur += c + row[i + 1];
      i++;
    } else if (c === "|") {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts.slice(1, -1).map((s) => s.trim());
}

/** Every table of a page: runs of consecutive lines starting with "|". */
function tables(md: string): { start: number; rows: string[] }[] {
  const out: { start: number; rows: string[] }[] = [];
  let cur: { start: number; rows: string[] } | null = null;
  for (const { line, i } of prose(md)) {
    if (line.startsWith("|")) {
      if (!cur) out.push((cur = { start: i, rows: [] }));
      cur.rows.push(line);
    } else cur = null;
  }
  return out;
}

/** The lines of a page's section: from the heading ending with `title` to the next heading of the same or a higher level. */
function section(name: string, title: string): string[] {
  const ls = lines(name);
  const start = ls.findIndex((l) => /^#+ /.test(l) && l.endsWith(title));
  if (start < 0) throw new Error(`${name}: no heading ending ${title}`);
  const level = /^#+/.exec(ls[start]!)![0].length;
  const end = ls.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return ls.slice(start, end < 0 ? undefined : end);
}

function rowOf(name: string, first: string, second?: string, within: string[] = lines(name)): string[] {
  const hit = within.find((l) => {
    if (!l.startsWith("|")) return false;
    const c = cells(l);
    return c[0] === first && (second === undefined || c[1] === second);
  });
  if (!hit) throw new Error(`${name}: no table row starting ${first} ${second ?? ""}`);
  return cells(hit);
}

describe("docs emitter: files", () => {
  it("writes the eleven pages (plus one per domain without a page) under generated/docs, each starting with the stamp", () => {
    expect([...docs.keys()].sort()).toEqual(
      ["README.md", "abi.md", "events.md", "executive.md", "hxe.md", "isa.md", "mailbox.md", "profiles.md", "rules.md", "rulings.md", "status-codes.md", ...genericDomains.map((d) => `${d}.md`)].sort(),
    );
    for (const [name, md] of docs) {
      expect(md.startsWith(`<!-- Generated by hsx-kit 9.9.9 from spec ${m.name} ${m.version} (sha256 ${spec.hash}).`), name).toBe(true);
      expect(md.endsWith("\n") && !md.endsWith("\n\n"), name).toBe(true);
      expect(md, name).not.toMatch(/\n\n\n/);
      expect(md, name).not.toMatch(/[ \t]$/m);
      expect(headings(md).filter((h) => /^[^#]/.test(h)).length, name).toBeGreaterThan(0);
    }
  });

  it("is deterministic", async () => {
    expect(await emit()).toEqual(docs);
  });

  it("README indexes every page on one line each, with the spec version and hash", () => {
    const readme = page("README.md");
    for (const name of docs.keys()) {
      if (name === "README.md") continue;
      expect(readme.split("\n").filter((l) => l.startsWith("- [") && l.includes(`](${name})`)), name).toHaveLength(1);
    }
    expect(readme).toContain(`version \`${m.version}\``);
    expect(readme).toContain(`\`${spec.hash}\``);
  });
});

describe("docs emitter: golden lines", () => {
  const fixture = readFileSync(join(REPO_ROOT, "test", "fixtures", "docs", "golden-lines.txt"), "utf8");
  let current = "";
  const expected: [string, string][] = [];
  for (const l of fixture.split("\n")) {
    if (l.trim() === "" || l.startsWith("//")) continue;
    if (l.startsWith("@@ ")) current = l.slice(3).trim();
    else expected.push([current, l]);
  }

  it.each(expected)("%s has the line %s", (name, line) => {
    expect(lines(name)).toContain(line);
  });

  it("quotes a ruling as a block next to what it decides, with its source", () => {
    const r = m.rulings.find((x) => x.id === "R-MBX-SEND-TIMEOUT")!;
    const abi = lines("abi.md");
    const quote = `> **Ruling [R-MBX-SEND-TIMEOUT](rulings.md#r-mbx-send-timeout)**: ${r.text} *(source: ${r.source})*`;
    const at = abi.indexOf(quote);
    expect(at).toBeGreaterThan(0);
    // After the SEND entry's heading and before the next function's.
    expect(abi.lastIndexOf("#### `MAILBOX.SEND`", at)).toBeGreaterThan(abi.lastIndexOf("#### `MAILBOX.BIND`", at));
    expect(abi.indexOf("#### `MAILBOX.RECV`")).toBeGreaterThan(at);
  });
});

describe("docs emitter: coverage", () => {
  it("documents every opcode in the table and the opcode map, and every reserved range", () => {
    const isa = page("isa.md");
    for (const o of m.isa.opcodes) {
      const row = rowOf("isa.md", `0x${o.value.toString(16).toUpperCase().padStart(2, "0")}`, `\`${o.mnemonic}\``);
      expect(row[2]).toContain(`\`${o.form}\``);
      for (const f of o.faults) expect(row[5]).toContain(`\`${f}\``);
      for (const f of Object.keys(o.flags)) expect(row[4]).toMatch(new RegExp(`\\b${f}\\b`));
    }
    const map = tables(isa).find((t) => cells(t.rows[0]!).join(",") === ",_0,_1,_2,_3,_4,_5,_6,_7,_8,_9,_A,_B,_C,_D,_E,_F")!;
    expect(map.rows).toHaveLength(18);
    const mapped = map.rows.slice(2).flatMap((r) => cells(r).slice(1)).filter((c) => c !== "·");
    expect(mapped).toEqual(m.isa.opcodes.map((o) => `\`${o.mnemonic}\``));
    for (const r of m.isa.reservedOpcodes) expect(isa).toContain(`| 0x${r.from.toString(16).toUpperCase().padStart(2, "0")}`);
  });

  it("lists every value of every status enum, with its C macro, on status-codes.md", () => {
    for (const name of ["mbx_status", "vm_error", "val_status", "cmd_status", "hxe_error", "load_error"]) {
      const e = m.enums.find((x) => x.name === name)!;
      const sec = section("status-codes.md", `(\`${name}\`)`);
      for (const v of e.values) {
        const row = rowOf("status-codes.md", `0x${v.value.toString(16).toUpperCase().padStart(e.width / 4, "0")}`, String(v.value), sec);
        expect(row).toContain(`\`${v.name}\``);
        if (!v.reserved) expect(row).toContain(`\`${v.c}\``);
      }
      for (const r of e.reserved) expect(sec.join("\n")).toContain(`0x${r.from.toString(16).toUpperCase().padStart(e.width / 4, "0")} to `);
    }
  });

  it("documents every enum, struct, record and constant somewhere", () => {
    const all = [...docs.values()].join("\n");
    const allHeadings = [...docs.values()].flatMap(headings);
    for (const e of m.enums) expect(allHeadings.some((h) => h.endsWith(`\`${e.name}\``) || h.endsWith(`(\`${e.name}\`)`)), e.name).toBe(true);
    for (const s of m.structs) {
      expect(allHeadings, s.name).toContain(`\`${s.name}\``);
      for (const f of s.fields) expect(all, `${s.name}.${f.name}`).toContain(`| \`${f.name}\` | \`${f.type}\` |`);
    }
    for (const r of m.records) expect(allHeadings, r.name).toContain(`\`${r.name}\``);
    for (const c of m.constants) expect(all, c.name).toContain(`| \`${c.name}\` | \`${c.c}\` |`);
  });

  it("documents every SVC module and function with register tables", () => {
    const abi = headings(page("abi.md"));
    for (const mod of m.svc.modules) {
      expect(abi).toContain(`Module \`${mod.name}\` (0x${mod.number.toString(16).toUpperCase()})`);
      for (const fn of mod.functions) {
        expect(abi).toContain(`\`${mod.name}.${fn.name}\``);
        for (const r of [...fn.in, ...fn.out]) expect(page("abi.md")).toContain(`| \`${r.reg}\` | \`${r.name}\` |`);
      }
    }
  });

  it("documents every event with its fields and one full-envelope example built from the spec's example", () => {
    const ev = page("events.md");
    const blocks = [...ev.matchAll(/```json\n([\s\S]*?)\n```/g)].map((x) => JSON.parse(x[1]!) as { seq: number; ts: number; type: string; pid: number | null; data: Record<string, unknown> });
    expect(blocks.map((b) => b.type)).toEqual(m.events.events.map((e) => e.name));
    for (const e of m.events.events) {
      expect(headings(ev)).toContain(`\`${e.name}\``);
      const b = blocks.find((x) => x.type === e.name)!;
      expect(Object.keys(b)).toEqual(["seq", "ts", "type", "pid", "data"]);
      expect(b.data).toEqual(e.example);
      expect(Object.keys(b.data)).toEqual(e.fields.map((f) => f.name));
      for (const f of e.fields) expect(ev).toContain(`| \`${f.name}\` |`);
      expect(rowOf("events.md", String(e.number))[1]).toContain(`\`${e.name}\``);
    }
    // The one event that is about no task carries a null pid.
    expect(blocks.find((b) => b.type === "warning")!.pid).toBeNull();
  });

  it("shows every profile limit, cost and budget per profile, and the computed footprint", () => {
    const ps = m.profiles.profiles;
    expect(cells(lines("profiles.md").find((l) => l.startsWith("| Limit |"))!)).toEqual(["Limit", "Unit", ...ps.map((p) => `\`${p.name}\``), "Meaning"]);
    for (const l of m.profiles.limits) {
      const row = rowOf("profiles.md", `\`${l.name}\``);
      ps.forEach((p, i) => expect(row[2 + i]!.split(" ")[0], `${p.name}.${l.name}`).toBe(String(p.limits[l.name])));
    }
    for (const c of m.profiles.costs) {
      const row = rowOf("profiles.md", `\`${c.name}\``);
      ps.forEach((p, i) => expect(row[1 + i]).toBe(String(p.costs[c.name])));
    }
    const total = rowOf("profiles.md", "**total**");
    ps.forEach((p, i) => expect(total[1 + i]).toBe(`**${p.footprint.totalBytes}**`));
    for (const p of ps) expect(page("profiles.md")).toContain(`= ${p.footprint.metadataBytes}; rings = `);
  });

  it("lists every loader error in check order", () => {
    const errs = m.enums.find((e) => e.name === "hxe_error")!;
    const table = tables(page("hxe.md")).find((t) => t.rows[0]!.startsWith("| Order |"))!;
    expect(table.rows.slice(2).map((r) => cells(r)[2])).toEqual(errs.values.map((v) => `\`${v.name}\``));
    expect(table.rows.slice(2).map((r) => cells(r)[0])).toEqual(errs.values.map((_v, i) => String(i + 1)));
  });

  it("draws the transition matrix from the spec", () => {
    const t = m.executive.transitions;
    const matrix = tables(page("executive.md")).find((x) => x.rows[0]!.startsWith("| From \\ to |"))!;
    const head = cells(matrix.rows[0]!).slice(1).map((c) => c.replace(/`/g, ""));
    for (const r of matrix.rows.slice(2)) {
      const c = cells(r);
      const from = c[0]!.replace(/`/g, "");
      const allowed = from === "(new)" ? t.initial : t.allowed[from]!;
      expect(head.filter((_h, i) => c[i + 1] === "✓"), from).toEqual(head.filter((h) => allowed.includes(h)));
    }
    expect(matrix.rows.length).toBe(2 + 1 + Object.keys(t.allowed).length);
  });

  it("indexes every rule and shows each on its domain page", () => {
    const index = page("rules.md");
    for (const r of m.rules) {
      expect(index, r.id).toContain(`[\`${r.id}\`](${r.domain === "meta" ? "" : pageOfDomain(r.domain)}#rule-${r.key.toLowerCase()})`);
      expect(headings(page(pageOfDomain(r.domain))), r.id).toContain(`Rule \`${r.key}\``);
      expect(page(pageOfDomain(r.domain)), r.id).toContain(`Id: \`${r.id}\``);
    }
  });

  it("lists every ruling and quotes each one on a page next to what it decides", () => {
    const rulings = headings(page("rulings.md"));
    for (const r of m.rulings) {
      expect(rulings).toContain(r.id);
      const quoted = [...docs].filter(([name, md]) => name !== "rulings.md" && md.includes(`> **Ruling [${r.id}](`));
      expect(quoted.length, r.id).toBeGreaterThan(0);
    }
  });
});

describe("docs emitter: Markdown validity", () => {
  it("has unique, ASCII headings on every page", () => {
    for (const [name, md] of docs) {
      const anchors = headings(md).map(githubAnchor);
      expect(new Set(anchors).size, `${name}: ${anchors.filter((a, i) => anchors.indexOf(a) !== i).join(", ")}`).toBe(anchors.length);
      for (const h of headings(md)) expect(h, name).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it("resolves every internal link to a heading of the target page", () => {
    const anchors = new Map([...docs].map(([n, md]) => [n, new Set(headings(md).map(githubAnchor))] as const));
    let count = 0;
    for (const [name, md] of docs) {
      for (const { line } of prose(md)) {
        for (const x of line.matchAll(/(?<!\\)\]\(([^)\s]+)\)/g)) {
          const target = x[1]!;
          if (/^https?:/.test(target)) continue;
          const [file, anchor] = target.split("#") as [string, string | undefined];
          const dest = file === "" ? name : file;
          expect(anchors.has(dest), `${name}: ${target}`).toBe(true);
          if (anchor !== undefined) expect(anchors.get(dest)!.has(anchor), `${name}: ${target}`).toBe(true);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(200);
  });

  it("writes tables with a separator row, a blank line before, and the same number of cells in every row", () => {
    let count = 0;
    for (const [name, md] of docs) {
      const all = md.split("\n");
      for (const t of tables(md)) {
        const width = cells(t.rows[0]!).length;
        expect(all[t.start - 1], `${name}:${t.start + 1}`).toBe("");
        expect(t.rows.length, `${name}:${t.start + 1}`).toBeGreaterThanOrEqual(3);
        expect(t.rows[1], `${name}:${t.start + 1}`).toMatch(/^\|( --- \|)+$/);
        t.rows.forEach((r, i) => expect(cells(r).length, `${name}:${t.start + i + 1}: ${r}`).toBe(width));
        count++;
      }
    }
    expect(count).toBeGreaterThan(50);
  });

  it("keeps ruling quotes as separate blocks", () => {
    for (const [name, md] of docs) {
      const ls = md.split("\n");
      ls.forEach((l, i) => {
        if (l.startsWith("> ")) expect(ls[i - 1], `${name}:${i + 1}`).toBe("");
      });
    }
  });
});

describe("docs emitter: follows the model", () => {
  it("changes the status row when a status's doc changes", async () => {
    const changed = await emit(
      withModel((x) => {
        x.enums.find((e) => e.name === "mbx_status")!.values.find((v) => v.name === "TIMEOUT")!.doc = "Waited | too long";
      }),
    );
    const row = changed
      .get("status-codes.md")!
      .split("\n")
      .find((l) => l.startsWith("| 0x0007 |"));
    expect(row).toBe("| 0x0007 | 7 | `TIMEOUT` | `HSX_MBX_STATUS_TIMEOUT` | Waited \\| too long (ruling [R-MBX-TIMEOUT](rulings.md#r-mbx-timeout)) |");
    expect(changed.get("isa.md")).toBe(page("isa.md"));
  });

  it("moves an opcode when its value changes", async () => {
    const changed = await emit(
      withModel((x) => {
        const add = x.isa.opcodes.find((o) => o.mnemonic === "ADD")!;
        add.value = 0x18;
        x.isa.opcodes.sort((a, b) => a.value - b.value);
      }),
    );
    const isa = changed.get("isa.md")!;
    expect(isa).toContain("| 0x18 | `ADD` |");
    expect(isa).not.toContain("| 0x10 | `ADD` |");
    expect(isa).toContain("| 1_ | · | `SUB` |");
  });

  it("changes a profile column when a limit changes", async () => {
    const changed = await emit(
      withModel((x) => {
        x.profiles.profiles.find((p) => p.name === "embedded")!.limits.max_taps = 5;
      }),
    );
    expect(changed.get("profiles.md")).toContain("| `max_taps` | taps | 256 | 8 | 5 | Taps enabled at once |");
  });

  it("refuses a ruling on an item no page documents", async () => {
    const bad = withModel((x) => {
      x.rulings.push({ id: "R-TEST", text: "t", source: "s", item: "nowhere.at.all" });
    });
    await expect(emit(bad)).rejects.toThrow(/no page documents spec item nowhere\.at\.all/);
  });
});

describe("Markdown printing (codegen/print/md.ts)", () => {
  it("escapes prose", () => {
    expect(text("a * b")).toBe("a \\* b");
    expect(text("pid:<pid> and a << 2")).toBe("pid:\\<pid> and a << 2");
    expect(text("name_#0 and snake_case and _x_")).toBe("name\\_#0 and snake_case and \\_x\\_");
    expect(text("`x` ~y~ $z$")).toBe("\\`x\\` \\~y\\~ \\$z\\$");
    expect(text("m32[R[rs1]] and [a](b)")).toBe("m32[R[rs1]] and [a\\](b)");
    expect(text("&amp; & x")).toBe("&amp;amp; & x");
    expect(text("two\n  lines")).toBe("two lines");
    expect(block("# not a heading")).toBe("\\# not a heading");
    expect(block("1. not a list")).toBe("1\\. not a list");
    expect(block("- not a list")).toBe("\\- not a list");
  });

  it("makes cells safe and code spans valid", () => {
    expect(cell("a | b")).toBe("a \\| b");
    expect(cell("a \\| b")).toBe("a \\| b");
    expect(cell("a\nb")).toBe("a<br>b");
    expect(cell(code("RDONLY | WRONLY"))).toBe("`RDONLY \\| WRONLY`");
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`x")).toBe("`` `x ``");
    expect(code("")).toBe("` `");
    expect(() => table(["a", "b"], [["1"]])).toThrow(/1 cells, the header 2/);
  });

  it("computes GitHub anchors and finds broken links", () => {
    expect(slug("Module `MAILBOX` (0x5)")).toBe("module-mailbox-0x5");
    expect(slug("`MAILBOX.SEND`")).toBe("mailboxsend");
    expect(slug("`.mailbox` document")).toBe("mailbox-document");
    expect(slug("Rule `FANOUT_RECLAIM`")).toBe("rule-fanout_reclaim");
    expect([...anchorsOf("# A\n## A\n```\n# not\n```\n")]).toEqual(["a", "a-1"]);
    const pages = new Map([
      ["a.md", "# Top\n[x](#top) [y](b.md#there) [z](b.md#gone) [w](c.md) [e](https://example.com)\n"],
      ["b.md", "## There\n"],
    ]);
    expect(brokenLinks(pages)).toEqual(["a.md: b.md#gone", "a.md: c.md"]);
  });
});

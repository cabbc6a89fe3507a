/**
 * Re-indent brace-structured TypeScript declaration text (json-schema-to-typescript
 * output with `format: false`). Cheaper than running prettier, and deterministic:
 * indentation follows bracket depth; JSDoc blocks are indented with their owner and
 * their contents are not counted.
 */
export function reindentTs(text: string, unit = "  "): string {
  const out: string[] = [];
  let depth = 0;
  let inComment = false;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (line === "") {
      out.push("");
      continue;
    }
    if (inComment || line.startsWith("/*")) {
      const cont = inComment && line.startsWith("*");
      out.push(unit.repeat(depth) + (cont ? " " : "") + line);
      inComment = !line.includes("*/") || (line.startsWith("/*") && line.endsWith("/*"));
      if (line.startsWith("/*") && line.includes("*/")) inComment = false;
      continue;
    }
    const code = stripStrings(line);
    let lead = 0;
    while (lead < code.length && "})]".includes(code[lead]!)) lead++;
    const here = Math.max(0, depth - lead);
    out.push(unit.repeat(here) + line);
    let delta = 0;
    for (const ch of code) {
      if ("{([".includes(ch)) delta++;
      else if ("})]".includes(ch)) delta--;
    }
    depth = Math.max(0, depth + delta);
  }
  return out.join("\n");
}

/** Replace string literal contents with spaces so brackets inside them are not counted. */
function stripStrings(s: string): string {
  return s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (m) => " ".repeat(m.length)).replace(/\/\/.*$/, "");
}

import type { Vector } from "./vectors.js";

/** A glob over ids: * matches any run of characters. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

export class FilterError extends Error {}

/**
 * --filter expressions: comma-separated terms that must all hold; a vector is selected
 * when any filter holds. Terms: id:GLOB, level:NAME, tag:NAME, spec:GLOB, file:GLOB,
 * or a bare GLOB on the id.
 */
export function selectVectors(vectors: readonly Vector[], filters: readonly string[]): Vector[] {
  if (!filters.length) return [...vectors];
  const tests = filters.map((f) =>
    f
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean)
      .map((term): ((v: Vector) => boolean) => {
        const m = /^(id|level|tag|spec|file):(.*)$/.exec(term);
        // Ids are dotted lower-case words, so a bare term with '=' or ':' can only be a mistyped kind.
        const typo = m ? null : /^([A-Za-z_]+)[=:](.*)$/.exec(term);
        if (typo) {
          const known = ["id", "level", "tag", "spec", "file"].includes(typo[1]!.toLowerCase());
          throw new FilterError(`unknown filter term "${term}": terms are id:GLOB, level:NAME, tag:NAME, spec:GLOB, file:GLOB or a bare id GLOB${known ? `; did you mean ${typo[1]!.toLowerCase()}:${typo[2]}?` : ""}`);
        }
        const [kind, arg] = m ? [m[1]!, m[2]!] : ["id", term];
        if (!arg) throw new FilterError(`empty filter term "${term}"`);
        const re = globToRegExp(arg);
        switch (kind) {
          case "id":
            return (v) => re.test(v.id);
          case "level":
            return (v) => v.level === arg;
          case "tag":
            return (v) => v.tags.includes(arg);
          case "spec":
            return (v) => v.spec.some((s) => re.test(s));
          default:
            return (v) => re.test(v.file);
        }
      }),
  );
  return vectors.filter((v) => tests.some((terms) => terms.every((t) => t(v))));
}

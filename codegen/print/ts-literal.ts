/** Pure helpers that build TypeScript source text (no ts-morph). */

/** A TS object literal from entries whose values are already TS source text. */
export function objectLiteral(entries: readonly (readonly [string, string])[], multiline = true): string {
  const key = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
  if (!multiline) return `{ ${entries.map(([k, v]) => `${key(k)}: ${v}`).join(", ")} }`;
  return `{\n${entries.map(([k, v]) => `  ${key(k)}: ${v},`).join("\n")}\n}`;
}

export function str(s: string): string {
  return JSON.stringify(s);
}

/** A JSON value as TS source (keys quoted only when needed). */
export function jsonLiteral(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jsonLiteral).join(", ")}]`;
  return objectLiteral(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, jsonLiteral(x)] as const), false);
}

/** A problem found in the spec, located at a file position. Codes are for tests; messages for people. */
export interface Diagnostic {
  code: string;
  file: string;
  line: number;
  col: number;
  message: string;
}

export interface Pos {
  file: string;
  line: number;
  col: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.message} [${d.code}]`;
}

export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code) || a.message.localeCompare(b.message),
  );
}

/** Thrown when the spec cannot be turned into a model; carries every diagnostic found. */
export class SpecError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const sorted = sortDiagnostics(diagnostics);
    super(sorted.map(formatDiagnostic).join("\n"));
    this.name = "SpecError";
    this.diagnostics = sorted;
  }
}

export function isSpecError(e: unknown): e is SpecError {
  return e instanceof SpecError;
}

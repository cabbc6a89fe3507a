import { IndentationText, Project, QuoteKind, StructureKind, type SourceFile, type StatementStructures } from "ts-morph";
import { comment, type Stamp } from "./stamp.js";

/**
 * TypeScript printing goes through ts-morph: emitters describe declarations and the
 * printer owns formatting, the stamp and the file layout.
 */
export class TsFile {
  private readonly file: SourceFile;
  /** Statements are buffered and added in one call: ts-morph re-parses on every manipulation. */
  private readonly statements: (string | StatementStructures)[] = [];
  private readonly header: string;

  constructor(
    project: Project,
    readonly path: string,
    stamp: Stamp,
    doc: string,
  ) {
    this.file = project.createSourceFile(path, "", { overwrite: true });
    this.header = `${comment.slash(stamp)}/** ${doc} */\n\n`;
  }

  imports(names: readonly string[], from: string, typeOnly = false): this {
    this.statements.push({ kind: StructureKind.ImportDeclaration, namedImports: [...names], moduleSpecifier: from, isTypeOnly: typeOnly });
    return this;
  }

  /**
   * export const NAME = <initializer>; with an optional doc comment. Written as text:
   * ts-morph's structure printer adds a hanging indent to multi-line initializers.
   */
  constant(name: string, initializer: string, doc?: string, type?: string): this {
    const jsdoc = doc ? `/** ${doc.replace(/\*\//g, "* /")} */\n` : "";
    this.statements.push(`${jsdoc}export const ${name}${type ? `: ${type}` : ""} = ${initializer};`);
    return this;
  }

  typeAlias(name: string, type: string, doc?: string): this {
    this.statements.push({ kind: StructureKind.TypeAlias, isExported: true, name, type, ...(doc ? { docs: [doc] } : {}) });
    return this;
  }

  iface(name: string, props: { name: string; type: string; doc?: string; readonly?: boolean }[], doc?: string): this {
    this.statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name,
      properties: props.map((p) => ({ kind: StructureKind.PropertySignature as const, name: p.name, type: p.type, isReadonly: p.readonly ?? true, ...(p.doc ? { docs: [p.doc] } : {}) })),
      ...(doc ? { docs: [doc] } : {}),
    });
    return this;
  }

  raw(text: string): this {
    this.statements.push(text);
    return this;
  }

  reexport(from: string): this {
    this.statements.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: from });
    return this;
  }

  text(): string {
    this.file.addStatements(this.statements);
    this.statements.length = 0;
    // A blank line between top-level declarations.
    return this.header + this.file.getFullText().replace(/;\n(\/\*\*|export |import )/g, ";\n\n$1");
  }
}

export function tsProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double, useTrailingCommas: true },
  });
}

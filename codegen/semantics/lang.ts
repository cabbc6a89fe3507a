/**
 * The ISA semantics language (spec/isa.yaml `execution`): a few statements over
 * unbounded integers. This module only parses; eval.ts runs programs.
 */

export type Expr =
  | { k: "num"; v: bigint; at: number }
  | { k: "name"; name: string; at: number }
  | { k: "reg"; index: Expr; at: number }
  | { k: "call"; fn: string; args: Expr[]; at: number }
  | { k: "un"; op: "-" | "~" | "!"; e: Expr; at: number }
  | { k: "bin"; op: BinOp; l: Expr; r: Expr; at: number }
  | { k: "tern"; c: Expr; t: Expr; f: Expr; at: number };

export type BinOp = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "|" | "^" | "&" | "<<" | ">>" | "+" | "-" | "*" | "/" | "%";

export type Target = { k: "name"; name: string } | { k: "reg"; index: Expr } | { k: "mem"; width: 8 | 16 | 32; addr: Expr };

export type Stmt =
  | { k: "assign"; target: Target; e: Expr; at: number }
  | { k: "fault"; name: string; cond: Expr | null; at: number }
  | { k: "stop"; name: string; cond: Expr | null; at: number };

export class SemSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset into the program text. */
    readonly at: number,
  ) {
    super(message);
    this.name = "SemSyntaxError";
  }
}

type Tok = { t: "num"; v: bigint; at: number } | { t: "id"; v: string; at: number } | { t: "op"; v: string; at: number } | { t: "end"; at: number };

const OPS = ["||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "<", ">", "|", "^", "&", "+", "-", "*", "/", "%", "~", "!", "?", ":", "(", ")", "[", "]", ",", ";", "="];

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0x[0-9A-Fa-f]+|[0-9]+)/.exec(src.slice(i));
    if (num) {
      out.push({ t: "num", v: BigInt(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: "id", v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new SemSyntaxError(`unexpected character "${c}"`, i);
    out.push({ t: "op", v: op, at: i });
    i += op.length;
  }
  out.push({ t: "end", at: src.length });
  return out;
}

const LEVELS: BinOp[][] = [["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">="], ["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.i]!;
  }
  private next(): Tok {
    return this.toks[this.i++]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }
  private isId(v: string): boolean {
    const t = this.peek();
    return t.t === "id" && t.v === v;
  }
  private expectOp(v: string): void {
    const t = this.next();
    if (t.t !== "op" || t.v !== v) throw new SemSyntaxError(`expected "${v}"`, t.at);
  }

  program(): Stmt[] {
    const out: Stmt[] = [];
    while (this.peek().t !== "end") {
      if (this.isOp(";")) {
        this.next();
        continue;
      }
      out.push(this.stmt());
      if (this.peek().t !== "end") this.expectOp(";");
    }
    return out;
  }

  private stmt(): Stmt {
    const t = this.peek();
    if (t.t === "id" && (t.v === "fault" || t.v === "stop")) {
      this.next();
      const name = this.next();
      if (name.t !== "id") throw new SemSyntaxError(`expected a ${t.v} name`, name.at);
      let cond: Expr | null = null;
      if (this.isId("if")) {
        this.next();
        cond = this.expr();
      }
      return { k: t.v, name: name.v, cond, at: t.at };
    }
    const target = this.target();
    this.expectOp("=");
    return { k: "assign", target, e: this.expr(), at: t.at };
  }

  private target(): Target {
    const t = this.next();
    if (t.t !== "id") throw new SemSyntaxError("expected an assignment target", t.at);
    if (t.v === "R") {
      this.expectOp("[");
      const index = this.expr();
      this.expectOp("]");
      return { k: "reg", index };
    }
    const mem = /^mem(8|16|32)$/.exec(t.v);
    if (mem) {
      this.expectOp("[");
      const addr = this.expr();
      this.expectOp("]");
      return { k: "mem", width: Number(mem[1]) as 8 | 16 | 32, addr };
    }
    return { k: "name", name: t.v };
  }

  expr(): Expr {
    const c = this.binary(0);
    if (this.isOp("?")) {
      const at = this.next().at;
      const t = this.expr();
      this.expectOp(":");
      return { k: "tern", c, t, f: this.expr(), at };
    }
    return c;
  }

  private binary(level: number): Expr {
    if (level === LEVELS.length) return this.unary();
    let l = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.t !== "op" || !(LEVELS[level] as string[]).includes(t.v)) return l;
      this.next();
      const r = this.binary(level + 1);
      l = { k: "bin", op: t.v as BinOp, l, r, at: t.at };
      // comparisons do not chain
      if (level === 2) return l;
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.t === "op" && (t.v === "-" || t.v === "~" || t.v === "!")) {
      this.next();
      return { k: "un", op: t.v, e: this.unary(), at: t.at };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.next();
    if (t.t === "num") return { k: "num", v: t.v, at: t.at };
    if (t.t === "op" && t.v === "(") {
      const e = this.expr();
      this.expectOp(")");
      return e;
    }
    if (t.t === "id") {
      if (t.v === "R" && this.isOp("[")) {
        this.next();
        const index = this.expr();
        this.expectOp("]");
        return { k: "reg", index, at: t.at };
      }
      if (this.isOp("(")) {
        this.next();
        const args: Expr[] = [];
        if (!this.isOp(")")) {
          args.push(this.expr());
          while (this.isOp(",")) {
            this.next();
            args.push(this.expr());
          }
        }
        this.expectOp(")");
        return { k: "call", fn: t.v, args, at: t.at };
      }
      return { k: "name", name: t.v, at: t.at };
    }
    throw new SemSyntaxError(t.t === "end" ? "unexpected end of program" : `unexpected "${String(t.v)}"`, t.at);
  }
}

export function parseSem(src: string): Stmt[] {
  return new Parser(lex(src)).program();
}

/** Every name read and every function called, for lint. */
export function namesOf(stmts: readonly Stmt[]): { reads: { name: string; at: number }[]; calls: { fn: string; arity: number; at: number }[]; writes: string[] } {
  const reads: { name: string; at: number }[] = [];
  const calls: { fn: string; arity: number; at: number }[] = [];
  const writes: string[] = [];
  const walk = (e: Expr): void => {
    switch (e.k) {
      case "name":
        reads.push({ name: e.name, at: e.at });
        break;
      case "reg":
        walk(e.index);
        break;
      case "call":
        calls.push({ fn: e.fn, arity: e.args.length, at: e.at });
        e.args.forEach(walk);
        break;
      case "un":
        walk(e.e);
        break;
      case "bin":
        walk(e.l);
        walk(e.r);
        break;
      case "tern":
        walk(e.c);
        walk(e.t);
        walk(e.f);
        break;
      case "num":
        break;
    }
  };
  for (const s of stmts) {
    if (s.k === "assign") {
      if (s.target.k === "name") writes.push(s.target.name);
      else if (s.target.k === "reg") {
        writes.push("R[]");
        walk(s.target.index);
      } else {
        writes.push(`mem${s.target.width}[]`);
        walk(s.target.addr);
      }
      walk(s.e);
    } else if (s.cond) walk(s.cond);
  }
  return { reads, calls, writes };
}

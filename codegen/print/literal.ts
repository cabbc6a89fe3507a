import type { NumFormat } from "../model/types.js";

/** Hex with a minimum digit count, upper-case, e.g. hexN(5, 2) = "0x05". */
export function hexN(v: number, digits = 1): string {
  return "0x" + v.toString(16).toUpperCase().padStart(digits, "0");
}

export function formatNumber(v: number, f: NumFormat): string {
  if (v < 0) return String(v);
  switch (f) {
    case "dec":
      return String(v);
    case "hex":
      return hexN(v);
    case "hex2":
      return hexN(v, 2);
    case "hex4":
      return hexN(v, 4);
    case "hex8":
      return hexN(v, 8);
  }
}

export function digitsFor(width: number): NumFormat {
  return width <= 8 ? "hex2" : width <= 16 ? "hex4" : "hex8";
}

/** snake_case or UPPER_CASE to PascalCase. */
export function pascal(s: string): string {
  return s
    .toLowerCase()
    .split(/[_\s]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** snake_case to camelCase. */
export function camel(s: string): string {
  const p = pascal(s);
  return p[0]!.toLowerCase() + p.slice(1);
}

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The hsx-kit package root (where package.json is), found from this compiled module. */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "codegen"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the hsx-kit package root");
    dir = up;
  }
})();

export const TEMPLATE_DIR = join(PACKAGE_ROOT, "codegen", "templates");

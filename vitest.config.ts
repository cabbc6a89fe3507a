import { defineConfig } from "vitest/config";

// Tests are compiled by tsc with the rest of the project and run from dist/, so the
// code under test is plain Node ESM: c8 maps its V8 coverage (in-process and in CLI
// subprocesses alike) back to the TypeScript sources through the source maps.
export default defineConfig({
  test: {
    include: ["dist/test/**/*.test.js"],
    pool: "threads",
    server: { deps: { external: [/\/dist\//] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});

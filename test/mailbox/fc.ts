// fast-check settings shared by the mailbox property tests: fixed seeds in CI, and a
// failure replayable through the environment (fast-check prints seed and path):
//   HSX_FC_SEED=<seed> HSX_FC_PATH=<path> npx vitest run dist/test/mailbox
// HSX_FC_RUNS raises or lowers the number of runs; HSX_FC_NO_SHRINK=1 reports the
// first failure as found (quicker for long command sequences).
import type { Parameters } from "fast-check";

export function fcParams<T>(defaultSeed: number, defaultRuns: number): Parameters<T> {
  const env = process.env;
  const params: Parameters<T> = {
    seed: env.HSX_FC_SEED !== undefined ? Number(env.HSX_FC_SEED) : defaultSeed,
    numRuns: env.HSX_FC_RUNS !== undefined ? Number(env.HSX_FC_RUNS) : defaultRuns,
    endOnFailure: env.HSX_FC_NO_SHRINK === "1",
  };
  if (env.HSX_FC_PATH !== undefined) params.path = env.HSX_FC_PATH;
  return params;
}

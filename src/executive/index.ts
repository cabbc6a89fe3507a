// Public surface of the reference executive (spec/executive.yaml).
export { Executive, type ControlAction, type ExecutiveOptions, type TaskInfo, type TaskRead, type WaitingTask } from "./executive.js";
export type { LoadOptions, LoadResult } from "./loader.js";
export type { RunOutcome, RunReason } from "./scheduler.js";
export type { ExecEvent, ExecEventListener } from "./events.js";
export type { ClockKind } from "./clock.js";
export type { HostStdioMode, OutputListener, OutputStream } from "./stdio.js";
export { ExecutiveInvariantError, transitionAllowed } from "./states.js";
export { runImages, type RunImagesOptions } from "./cli-run.js";

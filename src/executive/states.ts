// The task state machine (spec/executive.yaml transitions, R-EXEC-STATES): states,
// their wire names, and the allowed-transition table. Every state change of the
// executive goes through checkTransition; a change the table forbids is an internal
// error (ExecutiveInvariantError), never silent.
import {
  INITIAL_TASK_STATES,
  TASK_STATE_NAMES,
  TASK_TRANSITIONS,
  TaskState,
  TaskStateWire,
  type TaskStateName,
  type TaskStateWireName,
} from "../../generated/ts/index.js";

/** A broken executive invariant: a bug in the executive, never the outcome of guest input. */
export class ExecutiveInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExecutiveInvariantError";
  }
}

const COUNT = Object.keys(TaskState).length;

/** allowed[from * COUNT + to]; row COUNT is "no state yet" (executive.transitions initial). */
const ALLOWED = new Uint8Array((COUNT + 1) * COUNT);
for (const [from, targets] of Object.entries(TASK_TRANSITIONS) as [TaskStateName, readonly TaskStateName[]][]) {
  for (const to of targets) ALLOWED[TaskState[from] * COUNT + TaskState[to]] = 1;
}
for (const to of INITIAL_TASK_STATES) ALLOWED[COUNT * COUNT + TaskState[to]] = 1;

/** executive.transitions: may a task go from `from` (null: a new task) to `to`? */
export function transitionAllowed(from: TaskState | null, to: TaskState): boolean {
  return ALLOWED[(from === null ? COUNT : from) * COUNT + to] === 1;
}

/** Throws ExecutiveInvariantError unless executive.transitions allows from → to. */
export function checkTransition(pid: number, from: TaskState | null, to: TaskState): void {
  if (!transitionAllowed(from, to)) {
    throw new ExecutiveInvariantError(`task ${pid}: illegal state transition ${from === null ? "NONE" : stateName(from)} -> ${stateName(to)}`);
  }
}

export function stateName(s: TaskState): TaskStateName {
  return TASK_STATE_NAMES[s]!;
}

/** The wire name events and task lists carry (waiting_mbx for WAIT_MBX). */
export function stateWire(s: TaskState): TaskStateWireName {
  return TaskStateWire[TASK_STATE_NAMES[s]!];
}

/**
 * A state from its enum name (READY) or wire name (ready), case-insensitive; null
 * for NONE/none (a new task); undefined for anything else.
 */
export function parseState(text: string): TaskState | null | undefined {
  const t = text.trim();
  if (t.toUpperCase() === "NONE") return null;
  const upper = t.toUpperCase() as TaskStateName;
  if (upper in TaskState) return TaskState[upper];
  for (const [name, wire] of Object.entries(TaskStateWire)) if (wire === t.toLowerCase()) return TaskState[name as TaskStateName];
  return undefined;
}

/** A task in one of these states has ended: it holds no resources and never runs again. */
export function isEnded(s: TaskState): boolean {
  return s === TaskState.RETURNED || s === TaskState.TERMINATED || s === TaskState.KILLED;
}

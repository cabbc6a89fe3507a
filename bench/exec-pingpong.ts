// Executive ping-pong: a producer task and a consumer task exchange 16-byte messages
// through an app: mailbox, end to end through the VM: every message is one SEND SVC
// and one RECV SVC, the consumer blocks (WAIT_MBX) whenever the mailbox is empty and the
// producer waits for room whenever it is full, so the scheduler switches tasks at
// least once per mailbox-full of messages.
// Target on the 2-core reference machine: >= 250 k messages/s (the Python prototype:
// ~530/s). Printed for three set-ups: events off (raw), the default event history on,
// and a 64-byte mailbox (two messages per switch) with events off.
import { assemble } from "../src/asm/index.js";
import { Executive } from "../src/executive/index.js";
import { fmt, median, table } from "./util.js";

const MESSAGES = 400_000;
const RUNS = 5;

function producer(n: number): string {
  return `
.text
.entry main
main:
    LDI32 R1, name
    LDI   R2, 2               ; WRONLY
    SVC   5, 0
    MOV   R10, R1
    LDI32 R11, ${n}
    LDI32 R12, msg
    LDI   R13, 1
next:
    ST    [R12], R11          ; the payload carries the countdown
    MOV   R1, R10
    MOV   R2, R12
    LDI   R3, 16
    LDI32 R4, 0xFFFF0000      ; send timeout infinite: wait for room
    LDI   R5, 0
    SVC   5, 2
    SUB   R11, R11, R13
    JNZ   next
    LDI   R0, 0
    RET
.data
name: .asciz "app:pingpong"
      .align 4
msg:  .zero 16
`;
}

function consumer(n: number, capacity: number): string {
  return `
.mailbox {"target": "app:pingpong", "capacity": ${capacity}, "mode": "RDWR"}
.text
.entry main
main:
    LDI32 R1, name
    LDI   R2, 1               ; RDONLY
    SVC   5, 0
    MOV   R10, R1
    LDI32 R11, ${n}
    LDI32 R12, buf
    LDI   R13, 1
    LDI   R14, 0              ; sum of the countdown values received
next:
    MOV   R1, R10
    MOV   R2, R12
    LDI   R3, 16
    LDI32 R4, 0xFFFF          ; wait for ever when empty
    LDI   R5, 0
    SVC   5, 3
    LD    R6, [R12]
    ADD   R14, R14, R6
    SUB   R11, R11, R13
    JNZ   next
    MOV   R0, R14
    RET
.data
name: .asciz "app:pingpong"
      .align 4
buf:  .zero 16
`;
}

interface Setup {
  readonly label: string;
  readonly capacity: number;
  readonly events: boolean;
}

function once(s: Setup, n: number): { rate: number; steps: number } {
  const img = (name: string, text: string) => assemble([{ name: `${name}.mvasm`, text }], { appName: name }).bytes;
  const exec = new Executive({ events: s.events, hostStdio: "none" });
  const c = exec.load(img("consumer", consumer(n, s.capacity)));
  const p = exec.load(img("producer", producer(n)));
  if (!c.ok || !p.ok) throw new Error("bench/exec-pingpong: load failed");
  const t0 = process.hrtime.bigint();
  const r = exec.run(Number.MAX_SAFE_INTEGER);
  const ns = Number(process.hrtime.bigint() - t0);
  const sum = exec.task(c.pid)!.exitStatus;
  const want = ((n * (n + 1)) / 2) >>> 0;
  if (r.reason !== "done" || sum !== want) throw new Error(`bench/exec-pingpong: ${r.reason}, checksum ${sum} != ${want}`);
  return { rate: (n * 1e9) / ns, steps: r.steps };
}

const setups: Setup[] = [
  { label: "256-byte mailbox, events off", capacity: 256, events: false },
  { label: "256-byte mailbox, events on", capacity: 256, events: true },
  { label: "64-byte mailbox, events off", capacity: 64, events: false },
];
const rows: string[][] = [["set-up", "median msgs/s", "best msgs/s", "instr/msg"]];
for (const s of setups) {
  once(s, MESSAGES >> 3); // warm up the JIT
  const runs = Array.from({ length: RUNS }, () => once(s, MESSAGES));
  const rates = runs.map((r) => r.rate);
  rows.push([s.label, fmt(median(rates)), fmt(Math.max(...rates)), fmt(runs[0]!.steps / MESSAGES, 1)]);
}
console.log(`exec-pingpong: ${fmt(MESSAGES)} 16-byte messages producer -> consumer through app:pingpong, ${RUNS} runs`);
console.log(table(rows));
console.log("target: >= 250,000 msgs/s end to end (Python prototype: ~530/s)");

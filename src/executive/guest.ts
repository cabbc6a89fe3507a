// Guest memory as SVC handlers see it (spec/svc.yaml convention rules): 16-bit
// pointer, length and handle arguments (svc.rule.ARG_MASK), buffers cut at the top of
// memory (svc.rule.BUFFER_BOUNDS) and bounded C strings (svc.rule.CSTRING). Nothing
// here can read or write outside the task's 64 KiB.
import { ISA, MAILBOX, MbxRecvInfoLayout } from "../../generated/ts/index.js";

const MEM = ISA.MEM_SIZE;

/** svc.rule.ARG_MASK: the low 16 bits of a register. */
export function u16(reg: number): number {
  return reg & 0xffff;
}

/** svc.rule.BUFFER_BOUNDS: how many of `len` bytes at `ptr` lie inside memory (no wrap). */
export function inBounds(ptr: number, len: number): number {
  return Math.min(len, MEM - ptr);
}

/**
 * svc.rule.CSTRING: the string at ptr up to its NUL, or null when no NUL comes within
 * `limit` bytes (or before the end of memory). Bytes map 1:1 to code units, so
 * non-ASCII bytes reach the mailbox target checks as they are.
 */
export function readCString(mem: Uint8Array, ptr: number, limit: number): string | null {
  const end = Math.min(ptr + limit + 1, MEM);
  let s = "";
  for (let i = ptr; i < end; i++) {
    const b = mem[i]!;
    if (b === 0) return s;
    s += String.fromCharCode(b);
  }
  return null;
}

/**
 * A mailbox target argument: the C string, or — when it is malformed — a string the
 * manager rejects as INVALID_TARGET (longer than MAX_TARGET_BYTES), so the refusal and
 * its mailbox_error event come from one place.
 */
export function readTarget(mem: Uint8Array, ptr: number): string {
  return readCString(mem, ptr, MAILBOX.MAX_TARGET_BYTES) ?? "\u0000".repeat(MAILBOX.MAX_TARGET_BYTES + 1);
}

const INFO = MbxRecvInfoLayout.fields;

/**
 * executive.rule.RECV_INFO: the 20-byte record {status, len, flags, channel, src_pid},
 * little-endian, when infoPtr != 0 and the record fits below 0x10000.
 */
export function writeRecvInfo(mem: Uint8Array, infoPtr: number, status: number, len: number, flags: number, channel: number, srcPid: number): void {
  if (infoPtr === 0 || infoPtr + MbxRecvInfoLayout.size > MEM) return;
  const dv = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  dv.setInt32(infoPtr + INFO.status.offset, status, true);
  dv.setInt32(infoPtr + INFO.len.offset, len, true);
  dv.setUint32(infoPtr + INFO.flags.offset, flags, true);
  dv.setUint32(infoPtr + INFO.channel.offset, channel, true);
  dv.setUint32(infoPtr + INFO.src_pid.offset, srcPid, true);
}

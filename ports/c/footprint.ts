// Footprint of the C mailbox manager (plan 6.3): record sizes, static RAM and code size
// per profile and target, against the profile costs and budgets of spec/profiles.yaml
// (read from the generated TS constants, never restated here).
//
//   node dist/ports/c/footprint.js          build the objects and print the table
//
// Targets: AVR (avr-gcc -mmcu=atmega2560 -Os), Cortex-M4 (arm-none-eabi-gcc
// -mcpu=cortex-m4 -mthumb -Os) and the host (gcc -Os). Each object is the manager
// compiled for one profile (mailbox_error details left out), plus one static
// hsx_mbx_t and size probes (footprint/instance.c); sizes come from `nm -S` and
// `size -A` of the matching binutils. Every target is the default build (waiting sends
// read from the caller, as mailbox.rule.SEND_WAIT allows) except avr-staging, the
// opt-in HSX_MBX_SEND_STAGING=1 build, kept to show what staging costs.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROFILES, type ProfileName } from "../../generated/ts/index.js";

/** Repository root (this file runs from dist/ports/c/). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const PORT = join(ROOT, "ports", "c");
const BUILD = join(PORT, "build", "footprint");

export type Target = "avr" | "avr-staging" | "cm4" | "host";

export interface TargetInfo {
  readonly target: Target;
  /** What the objects are built with, as in the Makefile. */
  readonly description: string;
  readonly cc: string;
  readonly nm: string;
  readonly size: string;
  /** Profiles built for this target. */
  readonly profiles: readonly ProfileName[];
  /** The profiles whose target class this is (spec/profiles.yaml: embedded is AVR, cortex_m Cortex-M, desktop the host). */
  readonly native: readonly ProfileName[];
  /** AVR copies .rodata into RAM at start-up. */
  readonly rodataInRam: boolean;
  /** Built with -DHSX_MBX_SEND_STAGING=1 (the opt-in variant), not the default build. */
  readonly staging: boolean;
}

export const TARGETS: readonly TargetInfo[] = [
  { target: "avr", description: "avr-gcc -mmcu=atmega2560 -Os", cc: "avr-gcc", nm: "avr-nm", size: "avr-size", profiles: ["embedded"], native: ["embedded"], rodataInRam: true, staging: false },
  {
    target: "avr-staging",
    description: "the same with -DHSX_MBX_SEND_STAGING=1 (the opt-in build: a waiting send's payload is copied into a staging buffer per pid slot)",
    cc: "avr-gcc",
    nm: "avr-nm",
    size: "avr-size",
    profiles: ["embedded"],
    native: ["embedded"],
    rodataInRam: true,
    staging: true,
  },
  { target: "cm4", description: "arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os", cc: "arm-none-eabi-gcc", nm: "arm-none-eabi-nm", size: "arm-none-eabi-size", profiles: ["embedded", "cortex_m"], native: ["cortex_m"], rodataInRam: false, staging: false },
  { target: "host", description: "gcc -Os (x86-64)", cc: "gcc", nm: "nm", size: "size", profiles: ["embedded", "cortex_m", "desktop"], native: ["desktop"], rodataInRam: false, staging: false },
];

export interface FootprintRow {
  readonly target: Target;
  readonly profile: ProfileName;
  /** This target is the profile's own target class. */
  readonly native: boolean;
  /** sizeof of each record. */
  readonly desc: number;
  readonly handle: number;
  readonly header: number;
  readonly tap: number;
  readonly pid: number;
  readonly zc: number;
  /** Pid slots of this build. */
  readonly npids: number;
  /** The formula's metadata with this build's records: descriptors, handles, taps. */
  readonly metadataRecords: number;
  /** Everything before the name pool: records, pid table, buffer records, counters. */
  readonly metadataAll: number;
  /** The manager's static RAM: the hsx_mbx_t instance plus the code object's data. */
  readonly staticRam: number;
  /** .text of the manager object. */
  readonly code: number;
  /** The spec's values for this profile. */
  readonly costs: { readonly descriptor: number; readonly handle: number; readonly tap: number };
  readonly budget: { readonly metadata: number; readonly sram: number };
  readonly formulaTotal: number;
}

/** Whether a command can be run. */
export function hasTool(cmd: string): boolean {
  const r = spawnSync(cmd, ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

function run(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: ROOT, maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

function objects(t: Target, p: ProfileName): { mbx: string; instance: string } {
  return { mbx: join(BUILD, `${t}-${p}-mbx.o`), instance: join(BUILD, `${t}-${p}-instance.o`) };
}

/** Build the footprint objects of the given targets (always afresh: flags are not tracked by make). */
export function buildFootprint(targets: readonly TargetInfo[]): void {
  rmSync(BUILD, { recursive: true, force: true });
  const goals = targets.flatMap((t) => t.profiles.flatMap((p) => Object.values(objects(t.target, p))));
  if (goals.length) run("make", ["-s", "-C", PORT, ...goals]);
}

/** Symbol sizes of an object (nm -S). */
function symbolSizes(nm: string, file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of run(nm, ["-S", file]).split("\n")) {
    const m = /^[0-9a-fA-F]+\s+([0-9a-fA-F]+)\s+\w\s+(\S+)$/.exec(line.trim());
    if (m) out.set(m[2]!, parseInt(m[1]!, 16));
  }
  return out;
}

/** Section sizes of an object (size -A). */
function sectionSizes(size: string, file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of run(size, ["-A", file]).split("\n")) {
    const m = /^(\.\S+)\s+(\d+)\s+\d+$/.exec(line.trim());
    if (m) out.set(m[1]!, (out.get(m[1]!) ?? 0) + Number(m[2]));
  }
  return out;
}

function sum(sections: Map<string, number>, test: (name: string) => boolean): number {
  let n = 0;
  for (const [name, v] of sections) if (test(name)) n += v;
  return n;
}

/** Measure the built objects of one target and profile. */
export function measure(t: TargetInfo, p: ProfileName): FootprintRow {
  const o = objects(t.target, p);
  const sym = symbolSizes(t.nm, o.instance);
  const get = (name: string): number => {
    const v = sym.get(name);
    if (v === undefined) throw new Error(`${o.instance}: no symbol ${name}`);
    return v;
  };
  const code = sectionSizes(t.size, o.mbx);
  const ram = (name: string): boolean => name.startsWith(".data") || name.startsWith(".bss") || (t.rodataInRam && name.startsWith(".rodata"));
  const info = PROFILES[p];
  const l = info.limits;
  const desc = get("hsx_fp_desc");
  const handle = get("hsx_fp_handle");
  const tap = get("hsx_fp_tap");
  return {
    target: t.target,
    profile: p,
    native: t.native.includes(p),
    desc,
    handle,
    header: get("hsx_fp_header"),
    tap,
    pid: get("hsx_fp_pid"),
    zc: get("hsx_fp_zc"),
    npids: get("hsx_fp_npids"),
    metadataRecords: l.max_descriptors * desc + l.max_handles * handle + l.max_taps * tap,
    metadataAll: get("hsx_fp_metadata"),
    staticRam: get("hsx_mbx_instance") + sum(code, ram),
    code: sum(code, (n) => n.startsWith(".text")),
    costs: { descriptor: info.costs.descriptor_bytes, handle: info.costs.handle_bytes, tap: info.costs.tap_bytes },
    budget: { metadata: info.budget.metadataBytes, sram: info.budget.sramBytes },
    formulaTotal: info.footprint.totalBytes,
  };
}

/** Build and measure every target whose compiler is installed; the others are listed as missing. */
export function footprint(): { rows: FootprintRow[]; missing: TargetInfo[] } {
  const have = TARGETS.filter((t) => hasTool(t.cc) && hasTool(t.size) && hasTool(t.nm));
  buildFootprint(have);
  return { rows: have.flatMap((t) => t.profiles.map((p) => measure(t, p))), missing: TARGETS.filter((t) => !have.includes(t)) };
}

const n = (v: number): string => v.toLocaleString("en-US");
const vs = (v: number, limit: number): string => `${n(v)} / ${n(limit)}`;

/** The table printed by the script and kept in ports/c/README.md. */
export function renderTable(rows: readonly FootprintRow[]): string {
  const head = [
    "target",
    "profile",
    "descriptor / cost",
    "handle / cost",
    "tap / cost",
    "msg header",
    "pid slot × n",
    "records metadata / budget",
    "all metadata",
    "static RAM / SRAM budget (formula total)",
    "code",
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) {
    lines.push(
      `| ${[
        r.target,
        r.native ? `**${r.profile}**` : r.profile,
        vs(r.desc, r.costs.descriptor),
        vs(r.handle, r.costs.handle),
        vs(r.tap, r.costs.tap),
        n(r.header),
        `${r.pid} × ${r.npids}`,
        vs(r.metadataRecords, r.budget.metadata),
        n(r.metadataAll),
        `${vs(r.staticRam, r.budget.sram)} (${n(r.formulaTotal)})`,
        n(r.code),
      ].join(" | ")} |`,
    );
  }
  return lines.join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { rows, missing } = footprint();
  console.log(renderTable(rows));
  console.log("bold: the profile on its own target class; sizes in bytes");
  for (const t of TARGETS) if (!missing.includes(t)) console.log(`${t.target}: ${t.description}`);
  for (const t of missing) console.log(`${t.target}: skipped, ${t.cc} (or its binutils) is not installed`);
}

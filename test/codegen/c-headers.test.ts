import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../codegen/driver/types.js";
import { cHeadersEmitter } from "../../codegen/emitters/c-headers.js";
import { loadSpec } from "../../codegen/load.js";
import type { LoadedSpec } from "../../codegen/model/index.js";
import type { Constant, EnumDef, StructDef } from "../../codegen/model/types.js";
import { makeStamp } from "../../codegen/print/stamp.js";
import { scratchDir, SPEC_DIR } from "../helpers.js";

const spec = loadSpec(SPEC_DIR);

async function emit(s: LoadedSpec = spec): Promise<Map<string, string>> {
  const files: GeneratedFile[] = await cHeadersEmitter.emit({ spec: s, stamp: makeStamp(s, "0.0.0-test") });
  return new Map(files.map((f) => [f.path.replace(/^generated\/c\//, ""), f.content]));
}

function withModel(edit: (m: LoadedSpec["model"]) => void): LoadedSpec {
  const model = structuredClone(spec.model);
  edit(model);
  return { ...spec, model };
}

/**
 * The prototype's header loader (python/hsx_mailbox_constants.py, hsx-mailbox-exec.md §0):
 * every line starting `#define HSX_MBX_`, `/*...*\/` and `//` tails dropped; a decimal,
 * 0x hex (trailing u/U/l/L removed) or "string"; anything else raises.
 */
function scrapeMailboxHeader(text: string): Map<string, number | string> {
  const out = new Map<string, number | string>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("#define HSX_MBX_")) continue;
    const body = line.split("/*")[0]!.split("//")[0]!.trim();
    const m = /^#define\s+(HSX_MBX_\w+)\s+(.+)$/.exec(body);
    if (!m) throw new Error(`no value: ${line}`);
    const raw = m[2]!.trim();
    const str = /^"(.*)"$/.exec(raw);
    if (str) {
      out.set(m[1]!, str[1]!);
      continue;
    }
    const num = raw.replace(/[uUlL]+$/, "");
    if (/^0[xX][0-9A-Fa-f]+$/.test(num)) out.set(m[1]!, parseInt(num.slice(2), 16));
    else if (/^[0-9]+$/.test(num)) out.set(m[1]!, parseInt(num, 10));
    else throw new Error(`the prototype cannot read ${m[1]}: ${raw}`);
  }
  return out;
}

/** What the scrape must return, straight from the model (not from the emitter's own tables). */
function expectedMailboxMacros(): Map<string, number | string> {
  const m = spec.model;
  const want = new Map<string, number | string>();
  for (const c of m.constants.filter((x) => x.domain === "mailbox")) want.set(c.c, c.value);
  for (const fn of m.svc.modules.find((x) => x.name === m.mailbox.svcModule)!.functions) want.set(`HSX_MBX_FN_${fn.name}`, fn.number);
  for (const e of m.enums.filter((x) => x.domain === "mailbox")) for (const v of e.values.filter((x) => !x.reserved)) want.set(v.c, v.value);
  return want;
}

/** Every HSX_MBX_* name (and value) of the prototype's include/hsx_mailbox.h, from hsx-mailbox-exec.md §1. */
const ORIGINAL_HEADER: Record<string, number | string> = {
  HSX_MBX_MODULE_ID: 0x05,
  HSX_MBX_MAX_NAME_BYTES: 32,
  HSX_MBX_DEFAULT_RING_CAPACITY: 64,
  HSX_MBX_MAX_PREFIX_BYTES: 8,
  HSX_MBX_TIMEOUT_POLL: 0x0000,
  HSX_MBX_TIMEOUT_INFINITE: 0xffff,
  HSX_MBX_NAMESPACE_PID: 0,
  HSX_MBX_NAMESPACE_SVC: 1,
  HSX_MBX_NAMESPACE_APP: 2,
  HSX_MBX_NAMESPACE_SHARED: 3,
  HSX_MBX_MODE_RDONLY: 0x01,
  HSX_MBX_MODE_WRONLY: 0x02,
  HSX_MBX_MODE_RDWR: 0x03,
  HSX_MBX_MODE_TAP: 0x04,
  HSX_MBX_MODE_FANOUT: 0x08,
  HSX_MBX_MODE_FANOUT_DROP: 0x10,
  HSX_MBX_MODE_FANOUT_BLOCK: 0x20,
  HSX_MBX_FLAG_STDOUT: 0x0001,
  HSX_MBX_FLAG_STDERR: 0x0002,
  HSX_MBX_FLAG_OOB: 0x0004,
  HSX_MBX_FLAG_OVERRUN: 0x0008,
  HSX_MBX_PREFIX_PID: "pid:",
  HSX_MBX_PREFIX_SVC: "svc:",
  HSX_MBX_PREFIX_APP: "app:",
  HSX_MBX_PREFIX_SHARED: "shared:",
  HSX_MBX_STDIO_IN: "svc:stdio.in",
  HSX_MBX_STDIO_OUT: "svc:stdio.out",
  HSX_MBX_STDIO_ERR: "svc:stdio.err",
  HSX_MBX_TRACE_FLAG_ENABLED: 0x01,
  HSX_MBX_FN_OPEN: 0x00,
  HSX_MBX_FN_BIND: 0x01,
  HSX_MBX_FN_SEND: 0x02,
  HSX_MBX_FN_RECV: 0x03,
  HSX_MBX_FN_PEEK: 0x04,
  HSX_MBX_FN_TAP: 0x05,
  HSX_MBX_FN_CLOSE: 0x06,
  HSX_MBX_STATUS_OK: 0x0000,
  HSX_MBX_STATUS_WOULDBLOCK: 0x0001,
  HSX_MBX_STATUS_INVALID_HANDLE: 0x0002,
  HSX_MBX_STATUS_NO_DATA: 0x0003,
  HSX_MBX_STATUS_MSG_TOO_LARGE: 0x0004,
  HSX_MBX_STATUS_NO_DESCRIPTOR: 0x0005,
  HSX_MBX_STATUS_TIMEOUT: 0x0007,
  HSX_MBX_STATUS_INTERNAL_ERROR: 0x00ff,
};

describe("hsx_mailbox.h is a drop-in for the prototype", () => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await emit();
  });

  it("every #define HSX_MBX_ line scrapes, and the values are the spec's", () => {
    const header = files.get("hsx_mailbox.h")!;
    for (const line of header.split("\n").filter((l) => l.startsWith("#define HSX_MBX_"))) {
      expect(line).toMatch(/^#define HSX_MBX_\w+ +(\d+|0x[0-9A-F]+|"[^"\\]*")( +\/\* [^\n]* \*\/)?$/);
    }
    expect(scrapeMailboxHeader(header)).toEqual(expectedMailboxMacros());
  });

  it("keeps every macro name and value of the original header", () => {
    const scraped = scrapeMailboxHeader(files.get("hsx_mailbox.h")!);
    for (const [name, value] of Object.entries(ORIGINAL_HEADER)) expect([name, scraped.get(name)]).toEqual([name, value]);
  });

  it("has no expressions, conditionals (beyond its guard) or X-macros", () => {
    const header = files.get("hsx_mailbox.h")!;
    expect(header.match(/^#if.*$/gm)).toEqual(["#ifndef HSX_MAILBOX_H"]);
    expect(header).not.toMatch(/^#define \w+\(/m);
    expect(header).not.toContain("HSX_MBX_STATUS_RESERVED_6");
    expect(header).toContain("/* 0x0006 (RESERVED_6) is reserved: Never used */");
  });

  it("declares the native structs", () => {
    const header = files.get("hsx_mailbox.h")!;
    for (const s of ["hsx_mbx_msg_header_t", "hsx_mbx_bind_config_t", "hsx_mbx_trace_event_t", "hsx_mbx_recv_info_t"]) expect(header).toContain(`} ${s};`);
  });

  it("no other file defines an HSX_MBX_ macro", () => {
    for (const [name, text] of files) if (name !== "hsx_mailbox.h") expect([name, text.match(/^#define HSX_MBX_\w+/gm)]).toEqual([name, null]);
  });

  it("refuses to emit a line the scraper would reject", async () => {
    const quoted = withModel((m) => {
      m.constants.find((c) => c.c === "HSX_MBX_PREFIX_PID")!.value = 'pid"';
    });
    await expect(emit(quoted)).rejects.toThrow(/cannot scrape/);
    const negative = withModel((m) => {
      m.constants.find((c) => c.c === "HSX_MBX_MAX_NAME_BYTES")!.value = -1;
    });
    await expect(emit(negative)).rejects.toThrow(/cannot scrape/);
  });
});

describe("generated C headers", () => {
  it("are deterministic and stamped", async () => {
    const a = await emit();
    const b = await emit();
    expect([...a.entries()]).toEqual([...b.entries()]);
    const stamp = makeStamp(spec, "0.0.0-test");
    for (const [name, text] of a) expect([name, text.split("\n")[0]]).toEqual([name, `/* ${stamp.line} */`]);
    expect([...a.keys()].sort()).toEqual(
      ["hsx.h", "hsx_abi_check.c", "hsx_conformance.h", "hsx_events.h", "hsx_exec.h", "hsx_hxe.h", "hsx_isa.h", "hsx_mailbox.h", "hsx_profiles.h", "hsx_spec.h", "hsx_svc.h", "hsx_tables.h"].sort(),
    );
  });

  it("carry the documented names", async () => {
    const f = await emit();
    // Alignment padding is collapsed, so a needle is written with single spaces.
    const has = (file: string, ...needles: string[]) => {
      const text = f.get(file)!.replace(/ +/g, " ");
      for (const n of needles) expect([file, n, text.includes(n)]).toEqual([file, n, true]);
    };
    has("hsx_isa.h", "#define HSX_OP_LDI32 0x60", "#define HSX_ERR_ENOSYS 0xFFFFFF01u", "#define HSX_INSN_RD_SHIFT ", "#define HSX_INSN_RD_MASK ", "#define HSX_OPCODE_LIST(X)", "X(LDI, 0x01, ri)", "static inline const char *hsx_opcode_name(unsigned op)", "extern \"C\"");
    has("hsx_svc.h", "#define HSX_SVC_MOD_MAILBOX ", "#define HSX_SVC_MAILBOX_RECV ", "#define HSX_SVC_IMM(mod, fn) ", "#define HSX_VAL_STATUS_EBUSY ", "#define HSX_CMD_STATUS_EFAIL ", "#define HSX_SVC_FUNCTION_LIST(X)");
    has("hsx_hxe.h", "#define HSX_HXE_HEADER_V2_APP_NAME_OFFSET 0x20 ", "#define HSX_HXE_HEADER_V2_APP_NAME_SIZE 32 ", "#define HSX_HXE_HEADER_V2_SIZE ", "#define HSX_HXE_CRC_POLY_REFLECTED ", "#define HSX_HXE_E_TOO_SMALL ");
    has("hsx_exec.h", "#define HSX_TASK_TRANSITION_LIST(X)", "X(NONE, READY)", "X(RUNNING, RETURNED)", "#define HSX_COUNTER_MAILBOX_STEP ", "#define HSX_LOAD_E_MAILBOX ");
    has("hsx_events.h", "#define HSX_EVENT_MAILBOX_SEND ", "#define HSX_EVENT_LIST(X)", "X(mailbox_send, 1)", "#define HSX_EVENT_MAILBOX_OVERRUN_REASON_LIST(X)", 'X(FANOUT_DROP, "fanout_drop")', "#define HSX_EVENT_MAILBOX_WAIT_OP_LIST(X)");
    has("hsx_conformance.h", `#define HSX_CONF_PROTOCOL_VERSION ${spec.model.conformance.protocol.version} `, "#define HSX_CONF_FEATURE_ZERO_COPY ");
    has("hsx_profiles.h", "#define HSX_PROFILE_EMBEDDED_MAX_DESCRIPTORS ", "#define HSX_PROFILE_MAX_DESCRIPTORS ", "#define HSX_PROFILE_METADATA_BYTES (", "#error ");
    has("hsx_tables.h", "#define HSX_MAILBOX_STATUS_LIST(X)", "static inline const char *hsx_mbx_status_name(uint32_t v)", "#define HSX_HXE_ERROR_LIST(X)", "static inline const char *hsx_conf_feature_wire(uint32_t v)", 'return "zero_copy";');
    has("hsx_spec.h", `#define HSX_SPEC_VERSION "${spec.model.version}"`, `"${spec.hash}"`, `#define HSX_SPEC_VERSION_MAJOR ${spec.model.version.split(".")[0]}`);
    // No C struct for a big-endian layout.
    expect(f.get("hsx_hxe.h")).not.toMatch(/typedef struct/);
    // hsx_hxe_error is ordered: the macros appear in check order.
    const order = [...f.get("hsx_hxe.h")!.matchAll(/^#define HSX_HXE_E_(\w+)/gm)].map((x) => x[1]);
    expect(order).toEqual(spec.model.enums.find((e) => e.name === "hxe_error")!.values.map((v) => v.name));
  });

  it("list the values of every string enum field of every event, in spec order", async () => {
    const text = (await emit()).get("hsx_events.h")!;
    const lists = new Map<string, string[]>();
    for (const m of text.matchAll(/^#define (HSX_EVENT_\w+_LIST)\(X\)((?:.*\\\n)*.*)$/gm)) lists.set(m[1]!, [...m[2]!.matchAll(/X\((\w+), "([^"]*)"\)/g)].map((x) => `${x[1]}=${x[2]}`));
    const want = new Map<string, string[]>();
    for (const e of spec.model.events.events) {
      for (const f of e.fields) if (f.type === "string" && f.enum) want.set(`HSX_EVENT_${e.name.toUpperCase()}_${f.name.toUpperCase()}_LIST`, f.enum.map((v) => `${v.toUpperCase()}=${v}`));
    }
    expect(want.get("HSX_EVENT_MAILBOX_BACKPRESSURE_POLICY_LIST")).toEqual(["SINGLE=single", "FANOUT_BLOCK=fanout_block", "TAP_RATE_LIMIT=tap_rate_limit"]);
    for (const [name, values] of want) expect([name, lists.get(name)]).toEqual([name, values]);
    expect([...lists.keys()].filter((n) => n !== "HSX_EVENT_LIST").sort()).toEqual([...want.keys()].sort());
  });

  it("refuse a domain that no header prints", async () => {
    const orphan = withModel((m) => {
      m.enums.find((e) => e.name === "vm_stop")!.domain = "meta";
    });
    await expect(emit(orphan)).rejects.toThrow(/domain meta, which no C header prints/);
  });

  it("refuse a native struct C cannot lay out as the spec says", async () => {
    const gap = withModel((m) => {
      const s = m.structs.find((x) => x.name === "hsx_mbx_msg_header_t")!;
      s.fields = s.fields.filter((x) => x.name !== "flags");
    });
    await expect(emit(gap)).rejects.toThrow(/gap/);
  });
});

describe("inline-spec golden", () => {
  function tiny(moduleId: number): LoadedSpec {
    return withModel((m) => {
      const constant = (name: string, value: number | string, format: Constant["format"], text: string): Constant => ({
        id: `mailbox.constant.${name}`, domain: "mailbox", name, c: `HSX_MBX_${name}`, value, type: typeof value === "string" ? "string" : "u8", format, doc: text, ruling: null,
      });
      m.constants = [...m.constants.filter((c) => c.domain !== "mailbox"), constant("MODULE_ID", moduleId, "hex2", "SVC module"), constant("PREFIX_PID", "pid:", "dec", "PID prefix")];
      const value = (name: string, v: number, text: string, reserved = false) => ({ id: `mailbox.enum.mbx_status.${name}`, name, c: `HSX_MBX_STATUS_${name}`, value: v, doc: text, reserved, composite: null, fault: null, wire: null, prefix: null, coverageExempt: null, ruling: null });
      const status: EnumDef = {
        id: "mailbox.enum.mbx_status", name: "mbx_status", domain: "mailbox", kind: "enum", width: 16, cPrefix: "HSX_MBX_STATUS_", cFormat: "hex4", doc: "Status.", status: "implemented", ordered: false,
        reserved: [{ from: 0x100, to: 0xffff, doc: "Outside 8 bits" }], reservedMask: 0,
        values: [value("OK", 0, "Success"), value("RESERVED_6", 6, "Never used", true), value("INTERNAL_ERROR", 0xff, "Broken invariant")],
        ruling: null,
      };
      m.enums = [...m.enums.filter((e) => e.domain !== "mailbox"), status];
      const header: StructDef = {
        id: "mailbox.struct.hsx_mbx_msg_header_t", name: "hsx_mbx_msg_header_t", domain: "mailbox", doc: "Message header.", byteOrder: "native", size: 4,
        fields: [{ name: "len", type: "u16", offset: 0, size: 2, doc: "Payload bytes" }, { name: "flags", type: "u16", offset: 2, size: 2, doc: null }],
      };
      m.structs = [...m.structs.filter((s) => s.domain !== "mailbox"), header];
      const mod = m.svc.modules.find((x) => x.name === m.mailbox.svcModule)!;
      mod.functions = [{ ...mod.functions[0]!, name: "OPEN", number: 0, doc: "Open a handle", status: "implemented" }];
    });
  }

  it("prints a tiny mailbox spec exactly", async () => {
    const text = (await emit(tiny(5))).get("hsx_mailbox.h")!;
    expect(text.slice(text.indexOf("#ifndef"))).toBe(`#ifndef HSX_MAILBOX_H
#define HSX_MAILBOX_H

#include <stdint.h>

/* Constants of spec/mailbox.yaml. */
#define HSX_MBX_MODULE_ID  0x05   /* SVC module */
#define HSX_MBX_PREFIX_PID "pid:" /* PID prefix */

/* SVC function numbers of the mailbox module MAILBOX (0x5). */
#define HSX_MBX_FN_OPEN 0x00 /* Open a handle */

/* mbx_status: Status. */
#define HSX_MBX_STATUS_OK             0x0000 /* Success */
/* 0x0006 (RESERVED_6) is reserved: Never used */
#define HSX_MBX_STATUS_INTERNAL_ERROR 0x00FF /* Broken invariant */
/* 0x0100-0xFFFF reserved: Outside 8 bits */

/*
 * hsx_mbx_msg_header_t: Message header.
 *
 * Native byte order. Size 4 bytes.
 */
typedef struct hsx_mbx_msg_header {
    uint16_t len;   /* Payload bytes */
    uint16_t flags; /* offset 2 */
} hsx_mbx_msg_header_t;

#endif /* HSX_MAILBOX_H */
`);
  });

  it("the protocol version is one macro of hsx_conformance.h and its assertion", async () => {
    const before = await emit();
    const after = await emit(withModel((m) => void (m.conformance.protocol.version = 7)));
    const changed: string[] = [];
    for (const [name, text] of before) {
      const a = text.split("\n");
      const b = after.get(name)!.split("\n");
      a.forEach((line, i) => line !== b[i] && changed.push(`${name}: ${b[i]}`));
    }
    expect(changed.sort()).toEqual([
      'hsx_abi_check.c: HSX_STATIC_ASSERT(HSX_CONF_PROTOCOL_VERSION == 7, "HSX_CONF_PROTOCOL_VERSION == 7");',
      "hsx_conformance.h: #define HSX_CONF_PROTOCOL_VERSION 7 /* Protocol version an adapter states in its hello reply */",
    ]);
  });

  it("changing one spec value changes exactly its macro and its assertion", async () => {
    const before = await emit(tiny(5));
    const after = await emit(tiny(6));
    const changed: string[] = [];
    for (const [name, text] of before) {
      const a = text.split("\n");
      const b = after.get(name)!.split("\n");
      expect([name, b.length]).toEqual([name, a.length]);
      a.forEach((line, i) => line !== b[i] && changed.push(`${name}: ${b[i]}`));
    }
    expect(changed.sort()).toEqual([
      "hsx_abi_check.c: HSX_STATIC_ASSERT(HSX_MBX_MODULE_ID == 6, \"HSX_MBX_MODULE_ID == 6\");",
      "hsx_mailbox.h: #define HSX_MBX_MODULE_ID  0x06   /* SVC module */",
    ]);
  });
});

// ---- compiling what we emit ----

function available(cmd: string): boolean {
  const r = spawnSync(cmd, ["--version"], { encoding: "utf8" });
  return !r.error && r.status === 0;
}

interface Compiler {
  id: string;
  cc: string;
  args: string[];
}

const WARNINGS = ["-Wall", "-Wextra", "-Werror", "-pedantic"];
const COMPILERS: Compiler[] = [
  { id: "gcc -std=c99", cc: "gcc", args: ["-std=c99"] },
  { id: "gcc -std=c11", cc: "gcc", args: ["-std=c11"] },
  { id: "g++ -std=c++11", cc: "g++", args: ["-std=c++11", "-x", "c++"] },
  { id: "clang -std=c99", cc: "clang", args: ["-std=c99"] },
  { id: "clang -std=c11", cc: "clang", args: ["-std=c11"] },
  { id: "clang -std=c++11", cc: "clang", args: ["-std=c++11", "-x", "c++"] },
];
const PROFILE_DEFINES = [[], ["-DHSX_PROFILE_DESKTOP"], ["-DHSX_PROFILE_CORTEX_M"], ["-DHSX_PROFILE_EMBEDDED"]];

describe("the headers compile", () => {
  let dir = "";
  let cleanup = () => {};
  let headers: string[] = [];
  beforeAll(async () => {
    ({ dir, cleanup } = scratchDir("hsx-kit-c-"));
    const files = await emit();
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
    headers = [...files.keys()].filter((n) => n.endsWith(".h"));
    // Each header alone, included twice (the guard), with one definition so the unit is not empty.
    for (const h of headers) writeFileSync(join(dir, `alone_${h.replace(/\.h$/, "")}.c`), `#include "${h}"\n#include "${h}"\nint hsx_alone(void);\nint hsx_alone(void) { return 0; }\n`);
  });
  afterAll(() => cleanup());

  const compile = (c: Compiler, file: string, extra: readonly string[] = []) =>
    spawnSync(c.cc, [...c.args, ...WARNINGS, ...extra, "-I", dir, "-c", join(dir, file), "-o", join(dir, "out.o")], { encoding: "utf8" });

  for (const c of COMPILERS) {
    const have = available(c.cc);
    const note = have ? "" : ` [skipped: ${c.cc} is not installed]`;
    describe.skipIf(!have)(`${c.id} -Wall -Wextra -Werror -pedantic${note}`, () => {
      it("compiles every header alone", () => {
        for (const h of headers) {
          const r = compile(c, `alone_${h.replace(/\.h$/, "")}.c`);
          expect([h, r.status, r.stderr]).toEqual([h, 0, ""]);
        }
      });

      it("compiles hsx_abi_check.c and hsx.h with every profile define", () => {
        for (const d of PROFILE_DEFINES) {
          for (const f of ["hsx_abi_check.c", "alone_hsx.c", "alone_hsx_profiles.c"]) {
            const r = compile(c, f, d);
            expect([f, d, r.status, r.stderr]).toEqual([f, d, 0, ""]);
          }
        }
      });

      it("rejects two profile defines", () => {
        const r = compile(c, "alone_hsx_profiles.c", ["-DHSX_PROFILE_DESKTOP", "-DHSX_PROFILE_EMBEDDED"]);
        expect(r.status).not.toBe(0);
        expect(r.stderr).toContain("define at most one of HSX_PROFILE_DESKTOP");
      });
    });
  }

  const gcc = available("gcc");
  describe.skipIf(!gcc)(`hsx_abi_check.c catches a wrong value${gcc ? "" : " [skipped: gcc is not installed]"}`, () => {
    it("in a macro, an X-macro list entry and a struct layout", () => {
      const tampered = (file: string, from: RegExp, to: string) => {
        const sub = join(dir, `tamper_${file.replace(/\W/g, "_")}`);
        mkdirSync(sub, { recursive: true });
        for (const n of [...headers, "hsx_abi_check.c"]) writeFileSync(join(sub, n), readFileSync(join(dir, n), "utf8"));
        const text = readFileSync(join(sub, file), "utf8");
        expect(text).toMatch(from);
        writeFileSync(join(sub, file), text.replace(from, to));
        return sub;
      };
      const cases = [
        tampered("hsx_mailbox.h", /(#define HSX_MBX_STATUS_TIMEOUT +)0x0007/, "$10x0006"),
        tampered("hsx_tables.h", /X\(TIMEOUT, 0x0007\)/, "X(TIMEOUT, 0x0008)"),
        tampered("hsx_mailbox.h", /uint16_t flags; /, "uint32_t flags; "),
        tampered("hsx_conformance.h", /(#define HSX_CONF_PROTOCOL_VERSION +)\d+/, "$1999"),
        tampered("hsx_events.h", /X\(TAP_OVERFLOW, "tap_overflow"\)/, 'X(FANOUT_DROP, "tap_overflow")'),
        tampered("hsx_events.h", /X\(BRK, "brk"\)/, 'X(BRK, "")'),
      ];
      for (const sub of cases) {
        for (const std of [["-std=c99"], ["-std=c11"], ["-std=c++11", "-x", "c++"]]) {
          const r = spawnSync(std.includes("c++") ? "g++" : "gcc", [...std, ...WARNINGS, "-I", sub, "-c", join(sub, "hsx_abi_check.c"), "-o", join(sub, "out.o")], { encoding: "utf8" });
          expect([sub, std, r.status]).not.toEqual([sub, std, 0]);
        }
      }
    });

    it("the lookups and macros work at run time", () => {
      const prog = join(dir, "use.c");
      writeFileSync(
        prog,
        `#include <stdio.h>
#include "hsx.h"
#define ROW(name, value) printf("%s=%lu\\n", #name, (unsigned long)(value));
#define REASON_ENUM(name, wire) REASON_##name,
#define REASON_WIRE(name, wire) wire,
enum reason { HSX_EVENT_MAILBOX_EXHAUSTED_REASON_LIST(REASON_ENUM) REASON_COUNT };
static const char *const REASONS[] = { HSX_EVENT_MAILBOX_EXHAUSTED_REASON_LIST(REASON_WIRE) };
int main(void)
{
    printf("%d %s %s %s %d\\n", HSX_CONF_PROTOCOL_VERSION, hsx_conf_feature_wire(HSX_CONF_FEATURE_ZERO_COPY), hsx_conf_level_wire(HSX_CONF_LEVEL_MAILBOX), REASONS[REASON_HANDLE_POOL_FULL], (int)REASON_COUNT);
    printf("%s %s %s %s\\n", hsx_opcode_name(HSX_OP_LDI32), hsx_opcode_name(0) ? "?" : "NULL", hsx_mbx_status_name(HSX_MBX_STATUS_INTERNAL_ERROR), hsx_vm_error_name(HSX_ERR_PC_FAULT));
    printf("%u %lu %s %lu\\n", (unsigned)HSX_SVC_IMM(HSX_SVC_MOD_MAILBOX, HSX_SVC_MAILBOX_RECV), (unsigned long)HSX_INSN_RD(0x01A00123u), HSX_PROFILE_NAME, HSX_PROFILE_METADATA_BYTES);
    HSX_MAILBOX_STATUS_LIST(ROW)
    return 0;
}
`,
      );
      const exe = join(dir, "use");
      const build = spawnSync("gcc", ["-std=c99", ...WARNINGS, "-DHSX_PROFILE_EMBEDDED", "-I", dir, prog, "-o", exe], { encoding: "utf8" });
      expect([build.status, build.stderr]).toEqual([0, ""]);
      const run = spawnSync(exe, [], { encoding: "utf8" });
      const lines = run.stdout.trim().split("\n");
      const embedded = spec.model.profiles.profiles.find((p) => p.name === "embedded")!;
      const exhausted = spec.model.events.events.find((e) => e.name === "mailbox_exhausted")!.fields.find((f) => f.name === "reason")!.enum!;
      expect(lines[0]).toBe(`${spec.model.conformance.protocol.version} zero_copy mailbox handle_pool_full ${exhausted.length}`);
      expect(lines[1]).toBe("LDI32 NULL INTERNAL_ERROR PC_FAULT");
      expect(lines[2]).toBe(`${(0x5 << 8) | 0x03} 10 embedded ${embedded.footprint.metadataBytes}`);
      const statuses = spec.model.enums.find((e) => e.name === "mbx_status")!.values.filter((v) => !v.reserved);
      expect(lines.slice(3)).toEqual(statuses.map((v) => `${v.name}=${v.value}`));
    });
  });
});

import { checkUnique, hex, type LintContext } from "./context.js";

/** References between domains, and global uniqueness of rulings and rules. */
export function lintCross(ctx: LintContext): void {
  const m = ctx.model;
  checkUnique(ctx, m.rulings, (r) => r.id, (r) => `ruling.${r.id}`, "ruling.duplicate-id", "ruling");
  checkUnique(ctx, m.rules, (r) => r.id, (r) => r.id, "rule.duplicate-id", "rule");

  const mod = m.svc.modules.find((x) => x.name === m.mailbox.svcModule);
  const modConst = m.constants.find((c) => c.domain === "mailbox" && c.name === "MODULE_ID");
  if (!mod) ctx.report("mailbox.const.MODULE_ID", "cross.unresolved", `svc_module ${m.mailbox.svcModule} is not an SVC module`);
  else if (modConst && modConst.value !== mod.number) ctx.report(modConst.id, "cross.mismatch", `MODULE_ID ${hex(Number(modConst.value))} differs from SVC module ${mod.name} (${hex(mod.number)})`);

  const modes = m.enums.find((e) => e.name === "mbx_mode");
  const modeValues = new Set(modes?.values.map((v) => v.value) ?? []);
  for (const t of m.hxe.mailboxDocument.modeTokens) {
    if (!modeValues.has(t.value)) ctx.report("hxe.mailbox_document", "cross.unresolved", `mode token ${t.tokens.join("/")} = ${hex(t.value)} is not an mbx_mode value`);
  }
  checkUnique(ctx, m.hxe.mailboxDocument.modeTokens.flatMap((t) => t.tokens), (t) => t, () => "hxe.mailbox_document", "cross.duplicate", "mode token");

  const ns = m.enums.find((e) => e.name === "mbx_namespace");
  for (const v of ns?.values ?? []) {
    if (!v.prefix) ctx.report(v.id, "cross.prefix", `namespace ${v.name} needs a prefix`);
    const c = m.constants.find((x) => x.domain === "mailbox" && x.name === `PREFIX_${v.name}`);
    if (c && c.value !== v.prefix) ctx.report(c.id, "cross.mismatch", `${c.name} ${JSON.stringify(c.value)} differs from namespace ${v.name} prefix ${JSON.stringify(v.prefix)}`);
  }

  const header = m.constants.find((c) => c.domain === "mailbox" && c.name === "MSG_HEADER_BYTES");
  const hdrStruct = m.structs.find((s) => s.name === "hsx_mbx_msg_header_t");
  if (header && hdrStruct && header.value !== hdrStruct.size) ctx.report(header.id, "cross.mismatch", `MSG_HEADER_BYTES ${String(header.value)} differs from sizeof(hsx_mbx_msg_header_t) = ${hdrStruct.size}`);
  const info = m.constants.find((c) => c.domain === "mailbox" && c.name === "RECV_INFO_BYTES");
  const infoStruct = m.structs.find((s) => s.name === "hsx_mbx_recv_info_t");
  if (info && infoStruct && info.value !== infoStruct.size) ctx.report(info.id, "cross.mismatch", `RECV_INFO_BYTES ${String(info.value)} differs from sizeof(hsx_mbx_recv_info_t) = ${infoStruct.size}`);

  for (const [name, size] of [["hsx_hxe_header_v1_t", "HEADER_V1_BYTES"], ["hsx_hxe_header_v2_t", "HEADER_V2_BYTES"]] as const) {
    const s = m.structs.find((x) => x.name === name);
    const c = m.constants.find((x) => x.domain === "hxe" && x.name === size);
    if (s && c && c.value !== s.size) ctx.report(c.id, "cross.mismatch", `${size} ${String(c.value)} differs from sizeof(${name}) = ${s.size}`);
  }
}

/** Conformance operations: unique names, known levels, and a common-results entry per level that has one. */
export function lintConformance(ctx: LintContext): void {
  const c = ctx.model.conformance;
  const levels = ctx.model.enums.find((e) => e.name === "conf_level");
  const wire = new Set(levels?.values.map((v) => v.wire ?? "") ?? []);
  checkUnique(ctx, c.ops, (o) => o.name, (o) => o.id, "conf.duplicate-op", "operation");
  checkUnique(ctx, c.protocol.commands, (x) => x.name, (x) => `conformance.command.${x.name}`, "conf.duplicate-command", "command");
  for (const o of c.ops) {
    if (!wire.has(o.level)) ctx.report(o.id, "conf.unresolved", `operation ${o.name}: unknown level ${o.level}`);
    const prefix = { isa: "isa.", hxe: "hxe.", mailbox: "mbx.", executive: "exec." }[o.level];
    if (prefix && !o.name.startsWith(prefix)) ctx.report(o.id, "conf.op-name", `operation ${o.name} of level ${o.level} must start with "${prefix}"`);
    // A result field may not shadow another, nor one that every result of the level carries.
    const common = new Set((c.commonResults[o.level] ?? []).map((f) => f.name));
    const seen = new Set<string>();
    for (const f of o.result) {
      if (common.has(f.name)) ctx.report(o.id, "conf.duplicate-field", `operation ${o.name}: result field ${f.name} clashes with the ${f.name} field every ${o.level} result carries (common_results)`);
      else if (seen.has(f.name)) ctx.report(o.id, "conf.duplicate-field", `operation ${o.name}: result field ${f.name} appears twice`);
      seen.add(f.name);
    }
    const args = new Set<string>();
    for (const f of [...o.args, ...o.vectorArgs]) {
      if (args.has(f.name)) ctx.report(o.id, "conf.duplicate-field", `operation ${o.name}: argument ${f.name} appears twice`);
      args.add(f.name);
    }
  }
  for (const l of Object.keys(c.commonResults)) if (!wire.has(l)) ctx.report("conformance.op", "conf.unresolved", `common_results names unknown level ${l}`);
  const kinds = new Set(ctx.model.items.map((i) => i.kind));
  for (const k of c.coverage.gate) if (!kinds.has(k)) ctx.report("conformance.op", "conf.unresolved", `coverage gate names item kind ${k}, which no spec item has`);
}

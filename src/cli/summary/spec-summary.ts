import type { Model } from "../../../codegen/model/types.js";

/** Rows of the spec summary printed by `hsx-kit all`: [area, what the spec defines]. */
export function specSummary(m: Model): [string, string][] {
  const en = (n: string) => m.enums.find((e) => e.name === n)!;
  const live = (n: string) => en(n).values.filter((v) => !v.reserved).length;
  const reservedOps = m.isa.reservedOpcodes.reduce((a, r) => a + r.to - r.from + 1, 0);
  const fns = m.svc.modules.flatMap((x) => x.functions);
  const implemented = fns.filter((f) => f.status === "implemented").length;
  const events = m.events.events;
  const transitions = Object.values(m.executive.transitions.allowed).reduce((a, t) => a + t.length, 0) + m.executive.transitions.initial.length;
  const profiles = m.profiles.profiles.map((p) => `${p.name} ${p.footprint.metadataBytes}/${p.budget.metadataBytes} B metadata`).join(", ");
  return [
    ["ISA", `${m.isa.opcodes.length} opcodes (${reservedOps} reserved byte values), ${en("vm_error").values.filter((v) => v.fault).length} fault codes, ${m.isa.forms.length} encoding forms`],
    ["SVC", `${m.svc.modules.length} modules, ${fns.length} functions (${implemented} implemented, ${fns.length - implemented} planned)`],
    ["Mailbox", `${live("mbx_status")} statuses, ${live("mbx_mode")} mode bits, ${live("mbx_flag")} message flags, ${m.structs.filter((s) => s.domain === "mailbox").length} structs`],
    ["Events", `${events.length} event types (${events.filter((e) => e.status === "implemented").length} implemented)`],
    ["Executive", `${live("task_state")} task states, ${transitions} allowed transitions, ${live("exec_counter")} counters`],
    ["Profiles", profiles],
    ["HXE", `v1/v2 headers, ${live("hxe_section")} section types, ${live("hxe_error")} loader errors in check order`],
    ["Rulings", `${m.rulings.length} rulings, ${m.rules.length} behaviour rules, ${m.items.length} coverable items`],
  ];
}

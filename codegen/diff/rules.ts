/**
 * The classification table of the ABI diff: every kind of change the comparators can
 * report, with its class and the reason for it. Comparators only decide WHICH rule a
 * difference is; the class comes from here, so the policy can be read (and reviewed)
 * in one place, and `hsx-kit diff --rules` prints this table.
 *
 * Who can be broken, and so the lens for every row:
 *  - guests: compiled images, their opcodes, SVC numbers, register conventions, statuses;
 *  - tools: C/TS sources built on the generated headers and tables (identifiers);
 *  - consumers of the event stream and of stats records (validators and code);
 *  - images in the field (HXE layout, CRC, the .mailbox document the loader reads);
 *  - ports certified against a profile, and integrators who sized memory by it.
 * A change is breaking when any of them, built or recorded against OLD, fails with NEW.
 */
import type { ChangeClass } from "./types.js";

export interface RuleDef {
  class: ChangeClass;
  why: string;
}

const breaking = (why: string): RuleDef => ({ class: "breaking", why });
const compatible = (why: string): RuleDef => ({ class: "compatible", why });
const doc = (why: string): RuleDef => ({ class: "doc", why });

export const RULES = {
  // --- allocation: enum values, opcodes, SVC modules and functions, event ids ---
  removed: breaking("An item was removed: binaries, sources and streams that use it break, and its value would become free for reuse (NEVER_RENUMBER)."),
  added: compatible("An item was added at a value nothing used or reserved."),
  // Policy: a reserved RANGE is the allocation space of its table (lint makes every opcode
  // and SVC module value defined-or-reserved, so there is no other place to add one; enum
  // ranges say "Free for future ..."). Old binaries never use a reserved value, so giving
  // one to a NEW item is an addition. Retired values (reserved: true) are never handed out:
  // see reserved-given. Make this row breaking to treat every range as a hard reservation.
  "reserved-allocated": compatible("A new item took a value from a reserved range, the allocation space of its table; the message names the range and its doc for review."),
  renumbered: breaking("An item's value changed: every compiled image, table and recorded stream carries the old number (NEVER_RENUMBER)."),
  "value-reused": breaking("A value an old item had now names a different item: old binaries get a different meaning for it (NEVER_RENUMBER)."),
  renamed: breaking("Same value, new name: binary compatible, but every C/TS source, assembly file and wire name that spells the old name breaks."),
  retired: breaking("An item was marked reserved (retired): for its users this is a removal."),
  "reserved-given": breaking("A retired (reserved: true) value was given to an item: retired values are never handed out again (NEVER_RENUMBER, RESERVED_UNUSED)."),
  unreserved: breaking("A reserved value, range or mask bit was released without an item taking it: users relied on it never appearing, and it could now be reused."),
  "reserved-added": compatible("A free value, range or mask bit was newly reserved: only future allocation is restricted."),
  "order-changed": breaking("An ordered enum (the loader's check order) was reordered, or a check was inserted before existing ones: an image failing two checks gets a different error."),

  // --- definitions ---
  "enum-shape": breaking("An enum's kind (enum/flags), width or ordering flag changed: generated types and what a value means change."),
  "c-name": breaking("A generated C identifier (macro, prefix, module or profile name) changed: sources and the drop-in header (R-MBX-HEADER) break."),
  "moved-domain": breaking("A definition moved to another spec file: its generated declarations move to another header and module, so includes and imports break."),
  "status-demoted": breaking("implemented became planned: implementations may drop it and guests get ENOSYS or nothing."),
  "status-promoted": compatible("planned became implemented: a new capability; nothing existing changes."),
  "value-meaning": breaking("An enum value's composite bits, fault flag, wire name or namespace prefix changed: guests, events and target strings read it differently."),
  "constant-value": breaking("A constant's value changed: it is compiled into images and ports (R-GEN-BINARY)."),
  "constant-type": breaking("A constant's type changed: the generated C/TS type and range change."),
  format: doc("Only the presentation of a value changed (decimal vs hex in generated sources)."),

  // --- ISA ---
  encoding: breaking("The instruction word, a word field or a form's operands/immediate/extension changed: every image decodes differently."),
  "asm-syntax": breaking("A form's assembler syntax changed: existing assembly sources no longer assemble."),
  "opcode-form": breaking("An opcode moved to another form: its operands decode differently."),
  "opcode-flags": breaking("An opcode writes the PSW flags differently: programs branching on them behave differently."),
  "opcode-faults": breaking("The faults an opcode raises changed: programs and conformance vectors see a different outcome."),
  semantics: breaking("The executable semantics changed (an opcode's sem, the fetch or illegal rule, or the semantics vocabulary): behaviour differs."),

  // --- SVC ---
  "svc-convention": breaking("The SVC argument or result registers changed: every compiled call passes arguments in the wrong place."),
  "svc-registers": breaking("An SVC function's input or output registers, or their types, changed: compiled callers pass or read the wrong registers."),
  "register-name": doc("Only the label of an SVC register changed: the binding is by register, so nothing compiled changes."),

  // --- event, record and document fields (events/records are outputs; the .mailbox document is an input) ---
  "field-removed": breaking("A field was removed: consumers (or documents) that use it break."),
  "field-retyped": breaking("A field's type, enum reference, record reference, item or value type changed."),
  "field-widened": compatible("An input field's integer type was widened: every old document still validates."),
  "field-added-optional": compatible("A new optional field: old streams and documents (which lack it) still validate (VERSION_MINOR)."),
  "field-added-required": breaking("A new required field: validators built from NEW reject every old stream or document that lacks it, and closed consumers built from OLD reject the new one."),
  "field-nullable-output": breaking("An output field may now be null: consumers built from OLD get null where a value was promised."),
  "field-nullable-input": compatible("An input field now also accepts null: old documents still load."),
  "field-non-nullable": breaking("A field may no longer be null: recorded streams and old documents holding null are rejected."),
  "field-optional-output": breaking("An output field became optional: consumers that read it unconditionally break when it is absent."),
  "field-optional-input": compatible("An input field became optional: old documents (which have it) still load."),
  "field-required": breaking("An optional field became required: old streams or documents without it are rejected."),
  "field-values-narrowed": breaking("Allowed values of a field were removed (or a free field was restricted): old data holding them is rejected."),
  "field-values-widened": compatible("Allowed values were added to a field, like a new enum value."),
  "field-alias-removed": breaking("A field alias was removed: old documents spelling the field that way no longer load."),
  "field-alias-added": compatible("A field alias was added: old documents still load."),
  "field-renamed": breaking("A field was renamed: old streams and consumers use the old name."),
  "field-renamed-aliased": compatible("An input field was renamed and keeps its old name as an alias: old documents still load."),
  "field-closed": breaking("An open object became closed: data with extra keys is now rejected."),
  "field-opened": compatible("A closed object became open: anything valid before is still valid."),

  // --- structs (binary layouts) ---
  "struct-size": breaking("A struct's size changed: arrays, buffers and sizeof-based code break."),
  "struct-byte-order": breaking("A struct's byte order changed: every stored or transmitted instance reads differently."),
  "struct-field-moved": breaking("A struct field moved to another offset."),
  "struct-field-resized": breaking("A struct field changed size."),
  "struct-field-retyped": breaking("A struct field changed type at the same size (signedness, element type)."),
  "struct-field-removed": breaking("A struct field was removed."),
  "struct-field-added": breaking("A struct field was added: layouts are fixed, so it takes bytes old writers fill differently."),
  "struct-field-renamed": breaking("A struct field was renamed at the same offset and type: binary compatible, but sources naming the member break."),

  // --- profiles: guests rely on limits (at least N), integrators on the budget (at most N), ports on costs (records may take up to N) ---
  "limit-lowered": breaking("A profile limit was lowered (0 = no limit counts as infinite): guests that used the old headroom fail."),
  "limit-raised": compatible("A profile limit was raised: everything that fitted still fits (VERSION_MINOR)."),
  "limit-meaning": breaking("A limit's unit or the meaning of 0 changed: every value of it means something else."),
  "cost-lowered": breaking("A per-record cost was lowered: a certified port whose records met the old cost may now be too large."),
  "cost-raised": compatible("A per-record cost was raised: ports only get more room, and lint keeps the footprint within the unchanged budget."),
  "budget-raised": breaking("A profile's metadata or SRAM budget was raised: integrators who reserved the rest of the target's memory come up short."),
  "budget-lowered": compatible("A profile's budget was lowered: lint proves the footprint still fits, so ports meeting the costs still fit, and integrators gain memory."),
  "footprint-formula": breaking("The footprint formula changed: stats report different numbers and budgets are checked differently."),
  "default-profile": breaking("The default profile changed: hosts that do not name one get different limits."),

  // --- executive ---
  "transition-removed": breaking("A task-state transition is no longer allowed: executives and observers that relied on it break."),
  "transition-added": compatible("A task-state transition was allowed: observers see a new edge; nothing old is refused."),

  // --- HXE ---
  crc: breaking("The image CRC (parameters or span) changed: every existing image fails CRC_MISMATCH (R-GEN-BINARY)."),
  "mode-token-removed": breaking("A .mailbox mode token was removed: old images spelling the mode that way no longer load."),
  "mode-token-changed": breaking("A .mailbox mode token maps to another mode: old images get different mailboxes."),
  "mode-token-added": compatible("A .mailbox mode token was added: old images still load."),
  "mailbox-module": breaking("The mailbox service moved to another SVC module: every compiled mailbox call misses."),

  // --- conformance: the adapter protocol between hsx-kit's runner and an implementation's adapter ---
  "protocol-version": breaking("The adapter protocol version changed: adapters speaking the old version fail the handshake."),
  "op-level": breaking("A conformance operation moved to another level: adapters implement operations per level."),
  "coverage-gate": compatible("The kinds of spec items the coverage gate requires changed: the suite's own obligation; implementations and guests are unaffected, but certification means something else."),

  // --- meta, prose and provenance ---
  "spec-name": breaking("The spec's name changed: every artifact and certification names a different spec."),
  doc: doc("Documentation only (doc, title, pid description, example)."),
  "rule-text": doc("A rule's text changed: the rule keeps its id and conformance vectors; review the wording, but the version may stay."),
  ruling: doc("A ruling (decision record) was added, removed, reworded or relinked."),

  // --- fail closed ---
  unclassified: breaking("A model property with no classification rule changed: treated as breaking until a rule is added here."),
} as const satisfies Record<string, RuleDef>;

export type RuleId = keyof typeof RULES;

export function classOf(rule: RuleId): ChangeClass {
  return RULES[rule].class;
}

/** The table as rows, for `hsx-kit diff --rules` and the docs. */
export function ruleTable(): { kind: RuleId; class: ChangeClass; why: string }[] {
  return (Object.keys(RULES) as RuleId[]).map((kind) => ({ kind, class: RULES[kind].class, why: RULES[kind].why }));
}

/** The HXE image format: CRC, the .mailbox document (an input the loader reads from images), and the mailbox service binding. */
import type { HxeModel, Model } from "../../model/types.js";
import type { DiffContext } from "../context.js";
import { compareFields } from "../fields.js";
import { compareProps, nested, type PropCompare, type PropTable } from "../props.js";

type Crc = HxeModel["crc"];
type MailboxDocument = HxeModel["mailboxDocument"];

/**
 * Every CRC parameter decides whether existing images still pass CRC_MISMATCH. The span
 * is prose, but prose that defines bytes (R-GEN-BINARY names the CRC span), so a
 * rewording is flagged as well: keep the text, or take the major bump.
 */
const CRC_PROPS: PropTable<Crc> = { name: "crc", polyReflected: "crc", polyNormal: "crc", init: "crc", xorout: "crc", check: "crc", span: "crc" };

/** Mode tokens are spellings old images use; each maps to a mode value. */
const modeTokens: PropCompare<MailboxDocument> = (ctx, o, n) => {
  const map = (d: MailboxDocument) => new Map(d.modeTokens.flatMap((t) => t.tokens.map((k) => [k, t.value] as const)));
  const [a, b] = [map(o), map(n)];
  const at = (token: string) => ({ domain: "hxe" as const, path: ["mailbox_document", "mode_tokens", (t: unknown) => ((t as { tokens?: string[] }).tokens ?? []).includes(token)] });
  for (const [token, v] of a) {
    const item = `hxe.mailbox_document.mode.${token}`;
    const w = b.get(token);
    if (w === undefined) ctx.report("mode-token-removed", { item, side: "old", at: at(token), message: `.mailbox mode token ${token} removed`, old: v });
    else if (w !== v) ctx.report("mode-token-changed", { item, at: at(token), message: `.mailbox mode token ${token} means ${w} instead of ${v}`, old: v, new: w });
  }
  for (const [token, w] of b) {
    if (!a.has(token)) ctx.report("mode-token-added", { item: `hxe.mailbox_document.mode.${token}`, at: at(token), message: `.mailbox mode token ${token} added (= ${w})`, new: w });
  }
};

const DOCUMENT_PROPS: PropTable<MailboxDocument> = {
  doc: "doc",
  modeTokens,
  entry: (ctx, o, n) => compareFields(ctx, { item: "hxe.mailbox_document.entry", what: ".mailbox entry", dir: "input", domain: "hxe", list: () => ["mailbox_document", "entry"] }, o.entry, n.entry),
  open: (ctx, o, n) => {
    if (o.open !== n.open)
      ctx.report(n.open ? "field-opened" : "field-closed", { item: "hxe.mailbox_document", at: { domain: "hxe", path: ["mailbox_document", "open"] }, message: `.mailbox document ${n.open ? "now open" : "now closed"}`, old: o.open, new: n.open });
  },
};

const HXE_PROPS: PropTable<HxeModel> = {
  doc: "doc",
  crc: nested("crc", CRC_PROPS, { item: "hxe.crc", what: "HXE CRC", at: { domain: "hxe", path: ["crc"] } }),
  mailboxDocument: nested("mailboxDocument", DOCUMENT_PROPS, { item: "hxe.mailbox_document", what: ".mailbox document", at: { domain: "hxe", path: ["mailbox_document"] } }),
};

export function compareHxe(ctx: DiffContext, o: HxeModel, n: HxeModel): void {
  compareProps(ctx, { item: "hxe", what: "HXE", at: () => ({ domain: "hxe", path: [] }) }, o, n, HXE_PROPS);
}

type Mailbox = Model["mailbox"];
const MAILBOX_PROPS: PropTable<Mailbox> = { doc: "doc", svcModule: "mailbox-module" };

export function compareMailbox(ctx: DiffContext, o: Mailbox, n: Mailbox): void {
  compareProps(ctx, { item: "mailbox", what: "mailbox", at: () => ({ domain: "mailbox", path: [] }) }, o, n, MAILBOX_PROPS);
}

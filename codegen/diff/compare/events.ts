/** The event stream (envelope and event types, numbered by event id) and the stats records: JSON outputs. */
import type { EventDef, EventsModel, RecordDef } from "../../model/types.js";
import type { DiffContext } from "../context.js";
import { compareFields } from "../fields.js";
import { compareNumbered } from "../numbered.js";
import { compareProps, type PropTable } from "../props.js";
import { compareKeyed, statusProp } from "./common.js";

const EVENT_PROPS: PropTable<EventDef> = {
  id: "skip",
  name: "skip", // the match key (and the envelope's `type`); renames are found by event id
  number: "skip", // the numbered table checks renumbering and reuse
  status: statusProp,
  pidDoc: "doc",
  doc: "doc",
  example: "doc",
  examplePid: "doc", // the envelope pid of the example
  ruling: "ruling",
  fields: (ctx, o, n) =>
    compareFields(
      ctx,
      { item: n.id, what: `event ${n.name}`, dir: "output", domain: "events", list: (side) => ["events", { name: side === "old" ? o.name : n.name }, "fields"] },
      o.fields,
      n.fields,
    ),
};

const EVENTS_PROPS: PropTable<EventsModel> = {
  doc: "doc",
  envelope: (ctx, o, n) =>
    compareFields(ctx, { item: "events.envelope", what: "event envelope", dir: "output", domain: "events", list: () => ["envelope", "fields"] }, o.envelope, n.envelope),
  events: (ctx, o, n) =>
    compareNumbered(
      ctx,
      {
        noun: "event",
        entry: (e) => ({ id: e.id, name: e.name, value: e.number, retired: false }),
        fmt: String,
        compare: (c, a, b, ref) => compareProps(c, ref, a, b, EVENT_PROPS),
      },
      o.events,
      n.events,
    ),
};

export function compareEvents(ctx: DiffContext, o: EventsModel, n: EventsModel): void {
  compareProps(ctx, { item: "events", what: "events", at: () => ({ domain: "events", path: [] }) }, o, n, EVENTS_PROPS);
}

const RECORD_PROPS: PropTable<RecordDef> = {
  id: "skip",
  name: "skip",
  domain: "moved-domain",
  doc: "doc",
  fields: (ctx, o, n) =>
    compareFields(ctx, { item: n.id, what: `record ${n.name}`, dir: "output", domain: n.domain, list: (side) => ["records", { name: (side === "old" ? o : n).name }, "fields"] }, o.fields, n.fields),
};

export function compareRecords(ctx: DiffContext, olds: readonly RecordDef[], news: readonly RecordDef[]): void {
  compareKeyed(ctx, { key: (r) => r.name, id: (r) => r.id, what: (r) => `record ${r.name}`, props: RECORD_PROPS }, olds, news);
}

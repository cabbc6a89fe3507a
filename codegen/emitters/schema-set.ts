import { SchemaBuilder, type JsonSchema } from "../model/json-schema.js";
import type { Model } from "../model/types.js";
import type { Stamp } from "../print/stamp.js";
import { adapterSchema, vectorFileSchema, type SchemaExport } from "./conformance-schemas.js";

/** One generated JSON Schema; `name` is the file stem and `typeName` the TS type it describes. */
export interface SchemaSpec {
  name: string;
  typeName: string;
  title: string;
  schema: JsonSchema;
  /** Validators to export besides the root one (which is validate<typeName>). */
  exports?: SchemaExport[];
}

export const SCHEMA_ID_BASE = "https://hsx-kit.dev/schemas/";

function finish(sb: SchemaBuilder, name: string, title: string, body: JsonSchema, stamp: Stamp): JsonSchema {
  const out: JsonSchema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `${SCHEMA_ID_BASE}${name}.schema.json`,
    $comment: stamp.line,
    title,
    ...body,
  };
  if (Object.keys(sb.definitions).length) out.definitions = { ...(out.definitions as object | undefined), ...sb.definitions };

  return out;
}

/** The envelope of one event type: {seq, ts, type: <const>, pid, data}. */
function eventEnvelope(sb: SchemaBuilder, m: Model, name: string, dataRef: string): JsonSchema {
  const env = sb.object(m.events.envelope, false);
  const props = { ...(env.properties as Record<string, JsonSchema>) };
  props.type = { const: name };
  props.data = { $ref: `#/definitions/${dataRef}` };
  return { ...env, properties: props };
}

/** Every JSON Schema the generator publishes, built from the model. */
export function schemaSet(m: Model, stamp: Stamp): SchemaSpec[] {
  const out: SchemaSpec[] = [];

  // Events: an envelope whose data schema is chosen by `type`.
  {
    const sb = new SchemaBuilder(m);
    const defs: Record<string, JsonSchema> = {};
    const branches: JsonSchema[] = [];
    for (const e of m.events.events) {
      const dataName = `${e.name}_data`;
      defs[dataName] = { ...sb.object(e.fields, false), description: e.doc };
      const envName = `${e.name}_event`;
      defs[envName] = { ...eventEnvelope(sb, m, e.name, dataName), title: envName, description: `${e.doc}. pid: ${e.pidDoc}` };
      branches.push({ $ref: `#/definitions/${envName}` });
    }
    const body: JsonSchema = {
      description: "One event published by the HSX executive, in its envelope.",
      type: "object",
      discriminator: { propertyName: "type" },
      oneOf: branches,
      definitions: defs,
    };
    out.push({ name: "event", typeName: "HsxEvent", title: "HSX executive event", schema: finish(sb, "event", "HSX executive event", body, stamp) });
  }

  // The .mailbox document of an HXE image.
  {
    const sb = new SchemaBuilder(m);
    const doc = m.hxe.mailboxDocument;
    const entry = { ...sb.object(doc.entry, doc.open), description: "One declared mailbox." };
    const body: JsonSchema = {
      description: doc.doc,
      definitions: { mailbox_entry: entry },
      oneOf: [
        {
          type: "object",
          properties: {
            version: { const: 1 },
            mailboxes: { type: "array", items: { $ref: "#/definitions/mailbox_entry" } },
            entries: { type: "array", items: { $ref: "#/definitions/mailbox_entry" } },
          },
          additionalProperties: true,
        },
        { type: "array", items: { $ref: "#/definitions/mailbox_entry" } },
      ],
    };
    out.push({ name: "mailbox-document", typeName: "MailboxDocument", title: ".mailbox document", schema: finish(sb, "mailbox-document", ".mailbox document", body, stamp) });
  }

  // Resource monitoring reports of the mailbox manager.
  {
    const sb = new SchemaBuilder(m);
    const body = { description: "stats() of a mailbox manager.", $ref: "#/definitions/mailbox_stats" } as JsonSchema;
    sb.ref("mailbox_stats");
    out.push({ name: "mailbox-stats", typeName: "MailboxStats", title: "Mailbox manager stats", schema: finish(sb, "mailbox-stats", "Mailbox manager stats", body, stamp) });
  }
  {
    const sb = new SchemaBuilder(m);
    const body: JsonSchema = { description: "snapshot() of a mailbox manager: every live descriptor, by id.", type: "array", items: sb.ref("mailbox_descriptor_snapshot") };
    out.push({ name: "mailbox-snapshot", typeName: "MailboxSnapshot", title: "Mailbox manager snapshot", schema: finish(sb, "mailbox-snapshot", "Mailbox manager snapshot", body, stamp) });
  }

  // Conformance: the adapter protocol, vector files, expectation files and reports.
  {
    const { body, exports, sb } = adapterSchema(m);
    out.push({ name: "adapter", typeName: "AdapterMessage", title: "Adapter protocol message", schema: finish(sb, "adapter", "Adapter protocol message", body, stamp), exports });
  }
  {
    const { body, sb } = vectorFileSchema(m);
    out.push({ name: "vector-file", typeName: "VectorFile", title: "Conformance vector file", schema: finish(sb, "vector-file", "Conformance vector file", body, stamp) });
  }
  for (const [name, record, typeName, title] of [
    ["expectations", "expectations_file", "ExpectationsFile", "Expectations file"],
    ["report", "report", "CertificationReport", "Certification report"],
  ] as const) {
    const sb = new SchemaBuilder(m);
    const r = m.records.find((x) => x.name === record)!;
    out.push({ name, typeName, title, schema: finish(sb, name, title, { ...sb.object(r.fields, false), description: r.doc }, stamp) });
  }
  return out;
}

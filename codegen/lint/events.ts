import { Ajv } from "ajv";
import { SchemaBuilder } from "../model/json-schema.js";
import { checkUnique, type LintContext } from "./context.js";

/** Events: unique names and ids, and every example valid against its own data schema. */
export function lintEvents(ctx: LintContext): void {
  const { events } = ctx.model.events;
  checkUnique(ctx, events, (e) => e.name, (e) => e.id, "event.duplicate-name", "event");
  checkUnique(ctx, events, (e) => e.number, (e) => e.id, "event.duplicate-id", "event id");
  const ajv = new Ajv({ allErrors: true, strict: false, code: { optimize: false } });
  for (const e of events) {
    let validate;
    try {
      const sb = new SchemaBuilder(ctx.model);
      validate = ajv.compile({ ...sb.object(e.fields, false), definitions: sb.definitions });
    } catch (err) {
      // Unresolved references are reported by the field rules; this only says the example went unchecked.
      ctx.report(e.id, "event.schema", `${e.name}: no schema to check the example against (${(err as Error).message})`);
      continue;
    }
    if (!validate(e.example)) {
      for (const er of validate.errors ?? []) {
        ctx.report(e.id, "event.example", `${e.name} example${er.instancePath || ""}: ${er.message}${er.params && "additionalProperty" in er.params ? ` (${String(er.params.additionalProperty)})` : ""}`);
      }
    }
  }
}

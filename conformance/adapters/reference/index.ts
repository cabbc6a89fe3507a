import { readFileSync } from "node:fs";
import { ARGS_VALIDATORS } from "../../../generated/validators/index.js";
import { ConfFeatureWire, ConfLevelWire, PROFILES, PROTOCOL_VERSION, SPEC, type ProfileName } from "../../../generated/ts/index.js";
import type { Handler } from "../inprocess.js";
import type { Reply, Request } from "../protocol.js";
import { ExecutiveInstance } from "./executive.js";
import { HxeInstance } from "./hxe.js";
import type { Instance } from "./instance.js";
import { IsaInstance } from "./isa.js";
import { MailboxInstance } from "./mailbox.js";

const VERSION = (JSON.parse(readFileSync(new URL("../../../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Levels the reference implements, and how to make an instance of each. */
type MakeInstance = (profile: ProfileName, config: Record<string, unknown>) => Instance;

const LEVELS: Record<string, MakeInstance> = {
  [ConfLevelWire.ISA]: () => new IsaInstance(),
  [ConfLevelWire.HXE]: () => new HxeInstance(),
  [ConfLevelWire.MAILBOX]: (p) => new MailboxInstance(p),
  [ConfLevelWire.EXECUTIVE]: (p, config) => new ExecutiveInstance(p, config),
};

/** The TypeScript reference implementation behind the adapter protocol. */
export class ReferenceAdapter implements Handler {
  private readonly instances = new Map<number, Instance>();
  private nextInstance = 1;

  /** A subclass may extend the levels (the executive adds its own). */
  protected levels(): Record<string, MakeInstance> {
    return LEVELS;
  }

  handle(req: Request): Reply {
    const seq = typeof req.seq === "number" ? req.seq : 0;
    try {
      switch (req.cmd) {
        case "hello":
          return {
            seq,
            ok: {
              implementation: { name: "hsx-kit reference", version: VERSION },
              protocol: PROTOCOL_VERSION,
              spec_hash: SPEC.hash,
              levels: Object.keys(this.levels()),
              profiles: Object.keys(PROFILES),
              features: Object.values(ConfFeatureWire),
            },
          };
        case "new": {
          const make = this.levels()[req.level as string];
          if (!make) return { seq, unsupported: { reason: `the reference has no level ${String(req.level)}` } };
          const profile = (req.profile as string | null) ?? "desktop";
          if (!(profile in PROFILES)) return { seq, unsupported: { reason: `no profile ${profile}` } };
          const id = this.nextInstance++;
          this.instances.set(id, make(profile as ProfileName, (req.config as Record<string, unknown> | undefined) ?? {}));
          return { seq, ok: { instance: id } };
        }
        case "call": {
          const inst = this.instances.get(req.instance as number);
          if (!inst) return { seq, error: { message: `no instance ${String(req.instance)}` } };
          const op = req.op as string;
          const check = ARGS_VALIDATORS[op];
          if (!check) return { seq, unsupported: { reason: `unknown operation ${op}` } };
          if (!check(req.args)) return { seq, error: { message: `bad arguments for ${op}: ${JSON.stringify(check.errors?.[0])}` } };
          const result = inst.call(op, req.args as Record<string, unknown>);
          if (result === null) return { seq, unsupported: { reason: `${op} is not an operation of this instance's level` } };
          return { seq, ok: { result } };
        }
        case "end":
          this.instances.delete(req.instance as number);
          return { seq, ok: {} };
        case "bye":
          this.instances.clear();
          return { seq, ok: {} };
        default:
          return { seq, error: { message: `unknown command ${String(req.cmd)}` } };
      }
    } catch (e) {
      // An exception here is a bug in the reference, reported as an error reply, never a crash.
      return { seq, error: { message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } };
    }
  }
}

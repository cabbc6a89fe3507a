// A deliberately broken copy of the reference, run as an adapter process, for testing
// that the suite catches real bugs. Each --bug re-creates a defect the HSX Python
// prototype actually had (hsx-isa-hxe.md and hsx-mailbox-exec.md):
//   adc-overflow   ADC inverts V when b = 0x7FFFFFFF and C = 1
//   silent-hint    a zero-length send wakes nobody
//   no-recv-event  a completed wait emits mailbox_wake but no mailbox_recv
//   no-crc         the loader does not check the CRC
// and one that is not the prototype's (it had no zero-copy calls), for testing that the
// fuzzer reaches them:
//   zc-recv-channel  a zero-copy receive reports channel 0 whatever the message's channel
import { ReferenceAdapter } from "../adapters/reference/index.js";
import type { Reply, Request } from "../adapters/protocol.js";
import { serveStdio } from "../adapters/stdio-server.js";

const bugs = new Set(process.argv.slice(2).filter((_a, i, all) => all[i - 1] === "--bug"));

type Result = Record<string, unknown>;

class BrokenReference extends ReferenceAdapter {
  private lastWord = 0;
  private lastB = 0;
  private lastC = 0;

  override handle(req: Request): Reply {
    const reply = super.handle(req);
    if (req.cmd !== "call" || !("ok" in reply)) return reply;
    const args = req.args as Result;
    const result = (reply.ok as { result: Result }).result;
    switch (req.op) {
      case "isa.load": {
        const code = String(args.code);
        const pc = Number(args.pc);
        this.lastWord = parseInt(code.slice(pc * 2, pc * 2 + 8), 16) >>> 0;
        const rs2 = (this.lastWord >>> 12) & 0xf;
        this.lastB = (args.regs as number[])[rs2] ?? 0;
        this.lastC = (Number(args.psw) >> 1) & 1;
        break;
      }
      case "isa.state":
        if (bugs.has("adc-overflow") && this.lastWord >>> 24 === 0x34 && this.lastB === 0x7fffffff && this.lastC === 1) result.psw = (result.psw as number) ^ 0x08;
        break;
      case "mbx.send":
        if (bugs.has("silent-hint") && args.data === "" && result.status === 0) {
          // Only what the hint woke goes missing; a refused send still reports its error.
          result.completions = [];
          result.events = (result.events as Result[]).filter((e) => e.type !== "mailbox_wake" && e.type !== "mailbox_recv");
        }
        break;
      case "mbx.zc_recv":
        if (bugs.has("zc-recv-channel") && result.status === 0) result.channel = 0;
        break;
      case "hxe.load":
        if (bugs.has("no-crc") && result.error === 12) result.error = null;
        break;
    }
    if (bugs.has("no-recv-event") && Array.isArray(result.events)) {
      const evs = result.events as Result[];
      result.events = evs.filter((e, i) => !(e.type === "mailbox_recv" && evs[i - 1]?.type === "mailbox_wake"));
    }
    return reply;
  }
}

await serveStdio(new BrokenReference());

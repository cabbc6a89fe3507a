import { createInterface } from "node:readline";
import type { Handler } from "./inprocess.js";
import type { Request } from "./protocol.js";

/**
 * Serve a Handler as an adapter process: one JSON request per stdin line, one reply per
 * stdout line. Malformed input gets an error reply; the process ends after "bye" or EOF.
 */
export async function serveStdio(handler: Handler, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === "") continue;
    let req: Request;
    try {
      req = JSON.parse(line) as Request;
    } catch {
      output.write(JSON.stringify({ seq: 0, error: { message: "request is not JSON" } }) + "\n");
      continue;
    }
    output.write(JSON.stringify(handler.handle(req)) + "\n");
    if (req.cmd === "bye") break;
  }
  rl.close();
}

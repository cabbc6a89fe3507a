import { ReferenceAdapter } from "../../../conformance/adapters/reference/index.js";
import { serveStdio } from "../../../conformance/adapters/stdio-server.js";
import { parse } from "../args.js";
import { EXIT, type Command } from "../io.js";

export const command: Command = {
  summary: "serve the TypeScript reference as a conformance adapter on stdin/stdout (JSON lines)",
  usage: "",
  async run(args) {
    parse(args, {}, false);
    await serveStdio(new ReferenceAdapter());
    return EXIT.OK;
  },
};

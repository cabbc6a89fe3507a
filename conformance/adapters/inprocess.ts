import type { Endpoint, Reply, Request } from "./protocol.js";

/** An adapter implemented as an object in this process (the reference). */
export interface Handler {
  handle(req: Request): Reply;
}

export class InProcessEndpoint implements Endpoint {
  constructor(
    private readonly handler: Handler,
    readonly description = "reference",
  ) {}

  request(req: Request): Promise<Reply> {
    return Promise.resolve(this.handler.handle(req));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

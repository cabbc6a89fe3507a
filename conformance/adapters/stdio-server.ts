import type { Handler } from "./inprocess.js";
import type { Request } from "./protocol.js";

const LF = 0x0a;
const CR = 0x0d;
const NOT_JSON = JSON.stringify({ seq: 0, error: { message: "request is not JSON" } }) + "\n";

/**
 * Serve a Handler as an adapter process: one JSON request per stdin line, one reply per
 * stdout line. Malformed input gets an error reply; the process ends after "bye" or EOF.
 *
 * Lines are cut from the raw bytes (a newline byte never occurs inside a UTF-8
 * sequence) and handled synchronously as they arrive; the replies to every request in
 * one chunk of input go out in one write, so a runner that sends several requests
 * without waiting costs one write here, not one per reply. Line ends are those of
 * readline: \n, \r\n or a lone \r.
 */
export function serveStdio(handler: Handler, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    /** Bytes of a line not yet ended. */
    let partial: Buffer[] = [];
    /** The last chunk ended with \r: a \n opening the next one belongs to it. */
    let skipLF = false;
    let finished = false;

    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      input.off("data", onData);
      input.off("end", onEnd);
      input.off("error", finish);
      // Stop reading so the process can exit. Not from inside a "data" event: the stream
      // would start reading again right after it (process.stdin stops one tick after pause).
      setImmediate(() => input.pause());
      if (error === undefined) resolve();
      else reject(error);
    };

    /** Handle one line; its reply is appended to `out`. Returns false after "bye". */
    const serve = (text: string, out: string[]): boolean => {
      if (text.length === 0 || ((text.charCodeAt(0) <= 0x20 || text.charCodeAt(text.length - 1) <= 0x20) && text.trim() === "")) return true;
      let req: Request;
      try {
        req = JSON.parse(text) as Request;
      } catch {
        out.push(NOT_JSON);
        return true;
      }
      out.push(JSON.stringify(handler.handle(req)) + "\n");
      return req.cmd !== "bye";
    };

    /** Serve every complete line of a chunk, keeping the rest for the next one. Returns false after "bye". */
    const serveLines = (chunk: Buffer, out: string[]): boolean => {
      let start = 0;
      if (skipLF) {
        skipLF = false;
        if (chunk.length && chunk[0] === LF) start = 1;
      }
      let lf = chunk.indexOf(LF, start);
      let cr = chunk.indexOf(CR, start);
      for (;;) {
        let end: number;
        let next: number;
        if (cr >= 0 && (lf < 0 || cr < lf)) {
          end = cr;
          next = cr + 1;
          if (next === chunk.length) skipLF = true;
          else if (chunk[next] === LF) next++;
        } else if (lf >= 0) {
          end = lf;
          next = lf + 1;
        } else break;
        let text: string;
        if (partial.length) {
          partial.push(chunk.subarray(start, end));
          text = Buffer.concat(partial).toString("utf8");
          partial = [];
        } else text = chunk.toString("utf8", start, end);
        if (!serve(text, out)) return false;
        start = next;
        if (lf >= 0 && lf < start) lf = chunk.indexOf(LF, start);
        if (cr >= 0 && cr < start) cr = chunk.indexOf(CR, start);
      }
      if (start < chunk.length) partial.push(start === 0 ? chunk : chunk.subarray(start));
      return true;
    };

    const onData = (data: Buffer | string): void => {
      const chunk = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      const out: string[] = [];
      let more = true;
      let failure: unknown;
      try {
        more = serveLines(chunk, out);
      } catch (e) {
        failure = e;
      }
      if (out.length) output.write(out.length === 1 ? out[0]! : out.join(""));
      if (failure !== undefined) finish(failure);
      else if (!more) finish();
    };

    const onEnd = (): void => {
      // A last line without a newline is still a request.
      const out: string[] = [];
      let failure: unknown;
      try {
        if (partial.length) serve(Buffer.concat(partial).toString("utf8"), out);
      } catch (e) {
        failure = e;
      }
      partial = [];
      if (out.length) output.write(out.join(""));
      finish(failure);
    };

    input.on("data", onData);
    input.on("end", onEnd);
    input.on("error", finish);
  });
}

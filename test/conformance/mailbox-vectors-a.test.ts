/**
 * Mailbox conformance vectors, part A (conformance/vectors/mailbox): targets and
 * namespaces, lifecycle and handles, INVALID_ARGUMENT, access and pid: isolation,
 * the data path at capacity edges, timeouts, wake order, zero-length hints and the
 * core events. The shared checks live in vector-suite.ts.
 */
import { describeVectorGroup } from "./vector-suite.js";

describeVectorGroup({
  name: "part A",
  folder: "mailbox",
  files: {
    targets: 21,
    lifecycle: 24,
    arguments: 12,
    access: 14,
    capacity: 15,
    timeouts: 21,
    "wake-order": 7,
    "zero-length": 9,
    "events-core": 9,
  },
  areas: {
    targets: ["target"],
    lifecycle: ["open", "bind", "lifetime", "handle"],
    arguments: ["arg"],
    access: ["access", "isolation"],
    capacity: ["capacity", "queue", "recv"],
    timeouts: ["timeout", "sendwait"],
    "wake-order": ["wake"],
    "zero-length": ["zero"],
    "events-core": ["event"],
  },
  minUnpinned: 101,
});

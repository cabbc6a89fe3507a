// Public surface of the reference mailbox manager (see README.md).
export { MailboxManager } from "./manager.js";
export { MailboxApi } from "./api.js";
export type { BindResult, BufferResult, OpenResult, PeekResult, RecvResult, SendOptions, SendResult, StatusResult, ZcRecvResult, ZcSendResult } from "./api.js";
export { MBX_PENDING } from "./types.js";
export type { CallOutputs, CallStatus, Clock, Completion, MailboxManagerOptions, MbxPending, WaitInfo, WaitOp } from "./types.js";
export type { BackpressurePolicy, ExhaustedReason, MailboxEvent, MailboxEventListener, MailboxEventType } from "./events.js";
export { canonicalTarget } from "./target.js";

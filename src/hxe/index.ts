/** HXE images: reader (the loader), writer, metadata sections, the .mailbox document and CRC-32. */
export { readHxe } from "./reader.js";
export { loadHxeFile, type HxeFileResult } from "./file.js";
export { writeHxe } from "./writer.js";
export { crc32, imageCrc } from "./crc32.js";
export { HxeLoadError, HxeWriteError, isHxeLoadError, isHxeWriteError, type HxeWriteErrorCode } from "./errors.js";
export {
  checkDuplicateTargets,
  encodeMailboxSection,
  isJsonMailboxPayload,
  mailboxDeclToJson,
  mailboxDocumentEntries,
  MODE_RDWR,
  parseMailboxDocument,
  parseMailboxEntries,
  parseMailboxEntry,
  parseMailboxSection,
  parseMode,
  pyStrip,
} from "./mailbox.js";
export { decodeCommandSection, decodeValueSection, readStrings, encodeCommandSection, encodeValueSection, type SectionPlace } from "./sections.js";
export {
  compareCodePoints,
  dumpJsonInOrder,
  dumpPyJson,
  isJsonObject,
  JsonNumber,
  JsonSyntaxError,
  parseJson,
  parseJsonPrefix,
  pyFloatRepr,
  pyJsonString,
  type JsonObject,
  type JsonValue,
} from "./json.js";
export type { CommandDecl, HxeImage, HxeSectionData, HxeSectionInfo, HxeWriteInput, MailboxBinding, MailboxDecl, ValueDecl } from "./types.js";

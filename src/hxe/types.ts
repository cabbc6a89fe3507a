/** The shapes of an HXE image (spec/hxe.yaml structs) as the reader returns them and the writer takes them. */

/** A metadata section as written: type, entry_count and the raw payload. */
export interface HxeSectionData {
  readonly type: number;
  readonly entryCount: number;
  readonly payload: Uint8Array;
}

/** A metadata section as read: also where the table said it lies. */
export interface HxeSectionInfo extends HxeSectionData {
  readonly offset: number;
  readonly size: number;
}

/** hsx_hxe_value_entry_t with its strings resolved. f16 fields are raw bits. */
export interface ValueDecl {
  readonly group: number;
  readonly id: number;
  readonly flags: number;
  readonly auth: number;
  readonly init: number;
  readonly epsilon: number;
  readonly min: number;
  readonly max: number;
  readonly persistKey: number;
  readonly name: string | null;
  readonly unit: string | null;
  readonly groupName: string | null;
}

/** hsx_hxe_command_entry_t with its strings resolved. */
export interface CommandDecl {
  readonly group: number;
  readonly id: number;
  readonly flags: number;
  readonly auth: number;
  readonly handlerOffset: number;
  readonly name: string | null;
  readonly help: string | null;
  readonly groupName: string | null;
  readonly reserved: number;
}

export interface MailboxBinding {
  readonly pid: number;
  readonly flags: number;
}

/** One `.mailbox` declaration, normalised (aliases resolved, mode as a mask). */
export interface MailboxDecl {
  readonly target: string;
  /** null: the profile default. */
  readonly capacity: number | null;
  readonly mode: number;
  /** null: the loading task. */
  readonly ownerPid: number | null;
  readonly bindings: readonly MailboxBinding[];
}

/** What writeHxe needs. An HxeImage is one. */
export interface HxeWriteInput {
  /** Default 2. */
  readonly version?: 1 | 2;
  /** Header flags; default ALLOW_MULTIPLE for v2, 0 for v1. */
  readonly flags?: number;
  readonly entry: number;
  readonly code: Uint8Array;
  readonly rodata: Uint8Array;
  readonly bssSize?: number;
  readonly reqCaps?: number;
  /** v2 only; at most 31 ASCII characters. */
  readonly appName?: string | null;
  /** v2 only; written in this order right after rodata. */
  readonly sections?: readonly HxeSectionData[];
}

/** A loaded image (hxe.rule.V1_DEFAULTS for v1: no app name, no metadata, multiple instances allowed). */
export interface HxeImage extends HxeWriteInput {
  readonly version: 1 | 2;
  readonly flags: number;
  readonly headerSize: number;
  readonly bssSize: number;
  readonly reqCaps: number;
  readonly crc32: number;
  readonly appName: string | null;
  readonly allowMultiple: boolean;
  readonly manifestPresent: boolean;
  readonly metaOffset: number;
  readonly sections: readonly HxeSectionInfo[];
  readonly values: readonly ValueDecl[];
  readonly commands: readonly CommandDecl[];
  readonly mailboxes: readonly MailboxDecl[];
  /** Length of the file the image was read from. */
  readonly byteLength: number;
}

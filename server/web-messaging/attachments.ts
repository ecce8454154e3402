// Attachments on Web Messaging, as Messenger's clients use them: onAttachment asks for a presigned upload
// URL (checked first against the deployment's Supported Content Profile: type, size, name, blocked
// extensions, empty files), the guest PUTs the bytes there, the server pushes UploadSuccessEvent or
// UploadFailureEvent, and the next onMessage references the file by id. getAttachment refreshes a download
// URL; deleteAttachment drops an upload that was not sent. Agents' files travel the same way outward.
import type { FileUploadConfig, WebMessagingConfig } from '../config.ts';
import { AttachmentStore, type StoredFile } from '../attachments.ts';
import { isPlainObject } from '../http.ts';
import { CODES } from './frames.ts';
import { FileUrls } from './file-urls.ts';
import type { Session } from './sessions.ts';

/** Genesys's notes: names must be under 1,024 characters and carry an extension. */
const MAX_FILE_NAME = 1023;

export interface UploadRequest {
  attachmentId?: string;
  fileName: string;
  fileType: string;
  fileSize: number;
}

export class UploadRefused extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Test switches on a session's uploads (control API). */
export interface UploadFaults {
  /** The next N uploads (PUTs) fail with 500 and UploadFailureEvent 5000. */
  failUploads: number;
  /** The next N upload URLs are handed out already expired (the PUT gets 403 and UploadFailureEvent 4008). */
  expireUploadUrls: number;
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot).toLowerCase() : '';
}

/** The limit for this type in the deployment's modes (bytes), or undefined when no mode allows it. */
export function maxBytesFor(fileUpload: FileUploadConfig, fileType: string): number | undefined {
  const type = fileType.toLowerCase();
  let max: number | undefined;
  for (const mode of fileUpload.modes) {
    if (mode.fileTypes.some((t) => t.toLowerCase() === type || (t.endsWith('/*') && type.startsWith(t.slice(0, -1))))) {
      max = Math.max(max ?? 0, mode.maxFileSizeKB * 1024);
    }
  }
  return max;
}

/** Every check Genesys makes before it hands out an upload URL, in the order a visitor can fix them. */
export function checkUpload(fileUpload: FileUploadConfig | undefined, req: UploadRequest): void {
  if (!fileUpload?.enableAttachments) throw new UploadRefused(CODES.featureUnavailable, 'Attachments are not enabled for this deployment.');
  const ext = extensionOf(req.fileName);
  if (req.fileName.length > MAX_FILE_NAME) throw new UploadRefused(CODES.fileNameTooLong, `File name is longer than ${MAX_FILE_NAME} characters.`);
  if (!ext || /[\\/\u0000-\u001f]/.test(req.fileName)) throw new UploadRefused(CODES.fileNameInvalid, `File name ${JSON.stringify(req.fileName)} is invalid: it needs an extension.`);
  if ((fileUpload.blockedExtensions ?? []).some((b) => b.toLowerCase() === ext)) {
    throw new UploadRefused(CODES.fileTypeInvalid, `Files with the extension ${ext} are not allowed.`);
  }
  const max = maxBytesFor(fileUpload, req.fileType);
  if (max === undefined) throw new UploadRefused(CODES.fileTypeInvalid, `File type ${req.fileType} is not allowed.`);
  if (req.fileSize === 0) throw new UploadRefused(CODES.fileEmpty, 'File is empty.');
  if (req.fileSize > max) throw new UploadRefused(CODES.fileSizeInvalid, `File size ${req.fileSize} is larger than ${max} bytes.`);
}

/** The allowedMedia and blockedExtensions a SessionResponse announces. */
export function allowedMedia(fileUpload: FileUploadConfig | undefined): Record<string, unknown> | undefined {
  if (!fileUpload?.enableAttachments) return undefined;
  const fileTypes = [...new Set(fileUpload.modes.flatMap((m) => m.fileTypes))].map((type) => ({ type }));
  const maxFileSizeKB = Math.max(0, ...fileUpload.modes.map((m) => m.maxFileSizeKB));
  return { allowedMedia: { inbound: { fileTypes, maxFileSizeKB } }, blockedExtensions: fileUpload.blockedExtensions ?? [] };
}

export class Attachments {
  readonly urls = new FileUrls();

  constructor(
    private readonly config: WebMessagingConfig,
    readonly store: AttachmentStore,
  ) {}

  /** onAttachment: checks the request, reserves the file and answers the presigned PUT. */
  presign(session: Session, req: UploadRequest, base: string): { file: StoredFile; url: string } {
    checkUpload(session.deployment.messenger.fileUpload, req);
    let ttlMs = this.config.uploadUrlTtlSeconds * 1000;
    if (session.uploadFaults.expireUploadUrls > 0) {
      session.uploadFaults.expireUploadUrls--;
      ttlMs = -1000;
    }
    const file = this.store.reserve({ id: req.attachmentId, sessionId: session.id, fileName: req.fileName, mime: req.fileType, size: req.fileSize, ttlMs });
    return { file, url: this.urls.uploadUrl(base, file.id, file.uploadExpiresAt) };
  }

  /** A file this session may see: its own uploads and files of its conversations. */
  visible(session: Session, id: string): StoredFile | undefined {
    const file = this.store.get(id);
    if (!file) return undefined;
    if (file.sessionId === session.id) return file;
    if (file.conversationId && session.conversationIds.includes(file.conversationId)) return file;
    return undefined;
  }

  downloadUrl(base: string, file: StoredFile): string {
    return this.urls.downloadUrl(base, file.id, file.fileName, this.config.downloadUrlTtlSeconds);
  }

  /**
   * The content of a guest's message, checked: button responses pass as they are; attachments must be this
   * session's, uploaded, and are recorded with their name, type and size.
   */
  guestContent(session: Session, content: unknown[]): Record<string, unknown>[] {
    return content.map((item) => {
      if (!isPlainObject(item)) throw new UploadRefused(CODES.badRequest, 'Request failed: each content item is an object.');
      if (item.contentType === 'Attachment') {
        const id = isPlainObject(item.attachment) ? item.attachment.id : undefined;
        if (typeof id !== 'string' || !id) throw new UploadRefused(CODES.missingParameter, 'Missing parameter: attachment.id.');
        const file = this.visible(session, id);
        if (!file) throw new UploadRefused(CODES.attachmentNotFound, `Attachment ${id} not found.`);
        if (file.state !== 'uploaded') throw new UploadRefused(CODES.attachmentNotUploaded, `Attachment ${id} was not successfully uploaded.`);
        return this.store.contentItem(file);
      }
      if (item.contentType === 'ButtonResponse' && isPlainObject(item.buttonResponse)) return item;
      throw new UploadRefused(CODES.badRequest, 'Request failed: a guest message may carry Attachment and ButtonResponse content.');
    });
  }

  /**
   * Content as a guest receives it: attachments get a freshly signed download URL, and relative URLs (the
   * demo pictures on this server) become absolute on the host the guest used.
   */
  resolve(content: unknown[] | undefined, base: string): unknown[] | undefined {
    if (!content) return undefined;
    const absolute = (v: unknown): unknown => (typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') ? base + v : v);
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (!isPlainObject(v)) return absolute(v);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    };
    return content.map((item) => {
      const copy = walk(item) as Record<string, unknown>;
      const attachment = copy.attachment;
      if (copy.contentType === 'Attachment' && isPlainObject(attachment) && typeof attachment.id === 'string') {
        const file = this.store.get(attachment.id);
        if (file?.state === 'uploaded') attachment.url = this.downloadUrl(base, file);
      }
      return copy;
    });
  }
}

// Files in conversations: what a guest uploads through a presigned URL and what an agent sends. Pure data
// (bytes in memory, states), no HTTP: the Web Messaging side signs the URLs and serves the bytes.
import { newId } from './ids.ts';

/** Genesys's attachment media types (`ContentAttachment.mediaType`). */
export type MediaType = 'Image' | 'Video' | 'Audio' | 'File';

export interface StoredFile {
  id: string;
  /** The guest session that asked for the upload URL (guest files), or the conversation (agent files). */
  sessionId?: string;
  conversationId?: string;
  fileName: string;
  mime: string;
  /** Declared size for a pending upload, the real size once uploaded. */
  size: number;
  /** pending: a URL was handed out; uploaded: the bytes are here; failed: the upload was refused. */
  state: 'pending' | 'uploaded' | 'failed';
  data?: Buffer;
  /** Epoch ms after which the upload URL no longer works. */
  uploadExpiresAt: number;
  /** Headers the PUT must carry (Genesys's upload URLs are signed over them). */
  uploadHeaders: Record<string, string>;
}

export function mediaTypeOf(mime: string): MediaType {
  if (mime.startsWith('image/')) return 'Image';
  if (mime.startsWith('video/')) return 'Video';
  if (mime.startsWith('audio/')) return 'Audio';
  return 'File';
}

export class AttachmentStore {
  private readonly files = new Map<string, StoredFile>();

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** A guest's upload slot. The guest may name the id (Messenger's clients do); a clash gets a fresh one. */
  reserve(input: { id?: string; sessionId: string; fileName: string; mime: string; size: number; ttlMs: number }): StoredFile {
    const id = input.id && !this.files.has(input.id) ? input.id : newId();
    const file: StoredFile = {
      id,
      sessionId: input.sessionId,
      fileName: input.fileName,
      mime: input.mime,
      size: input.size,
      state: 'pending',
      uploadExpiresAt: Date.now() + input.ttlMs,
      uploadHeaders: { 'x-amz-tagging': `sessionId=${input.sessionId}` },
    };
    this.files.set(id, file);
    return file;
  }

  /** An agent's file, already complete. */
  addAgentFile(conversationId: string, fileName: string, mime: string, data: Buffer): StoredFile {
    const file: StoredFile = {
      id: newId(),
      conversationId,
      fileName,
      mime,
      size: data.length,
      state: 'uploaded',
      data,
      uploadExpiresAt: 0,
      uploadHeaders: {},
    };
    this.files.set(file.id, file);
    return file;
  }

  complete(file: StoredFile, data: Buffer): void {
    file.data = data;
    file.size = data.length;
    file.state = 'uploaded';
  }

  delete(id: string): boolean {
    return this.files.delete(id);
  }

  /**
   * The content item a message carries for this file. The URL is not stored: it is signed afresh each
   * time the message is shown, since download URLs expire.
   */
  contentItem(file: StoredFile, text?: string): Record<string, unknown> {
    const attachment: Record<string, unknown> = {
      id: file.id,
      mediaType: mediaTypeOf(file.mime),
      mime: file.mime,
      filename: file.fileName,
      contentSizeBytes: file.size,
    };
    if (text) attachment.text = text;
    return { contentType: 'Attachment', attachment };
  }
}

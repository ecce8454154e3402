// The visitor's files on their way into the chat: each one is uploaded through the transport (its progress
// in a store the composer shows), then sent as a message through the outbox like text. A refused file keeps
// its reason (type, size, empty, name, expired URL, a failure) so the visitor can retry or drop it; nothing
// is sent until the service has the bytes. The seed's sendFile and downloadFile are built on this.
import { atom } from 'nanostores';
import { uuid } from '../util/uuid.js';
import { TransportError, type ChatTransport, type MessageFile } from '../transport/contract.js';
import { Reasons, SessionError } from './errors.js';

export interface UploadEntry {
  /** Local id (the file has no service id until uploaded). */
  id: string;
  name: string;
  size: number;
  type: string;
  /** uploading: bytes on their way (progress 0..1); failed: see error; the entry leaves once sent. */
  state: 'uploading' | 'failed';
  progress: number;
  error?: { code: string; message: string };
}

/** Reasons a retry cannot fix: the file itself is refused. */
const FINAL = new Set(['upload.type', 'upload.size', 'upload.empty', 'upload.name', 'upload.unavailable']);

export function retryable(entry: UploadEntry): boolean {
  return entry.state === 'failed' && !FINAL.has(entry.error?.code ?? '');
}

export interface UploadsHost {
  /** The running chat's transport; throws when there is none. */
  transport(): ChatTransport;
  /** Queue a message carrying the uploaded file (text may be empty). */
  send(file: MessageFile): Promise<unknown>;
}

/** What the seed's sendFile accepts: a file input element, its FileList, a File or a list of Files. */
export function filesOf(input: unknown): File[] {
  const source = (input as { files?: unknown } | null)?.files ?? input;
  const holder = (source as { files?: unknown } | null)?.files ?? source;
  if (typeof File !== 'undefined' && holder instanceof File) return [holder];
  if (holder && typeof (holder as ArrayLike<unknown>).length === 'number') {
    return Array.from(holder as ArrayLike<unknown>).filter((f): f is File => typeof File !== 'undefined' && f instanceof File);
  }
  return [];
}

export class SessionUploads {
  readonly $uploads = atom<UploadEntry[]>([]);
  #host: UploadsHost;
  #files = new Map<string, File>();

  constructor(host: UploadsHost) {
    this.#host = host;
  }

  /** The transport takes files now (the legacy transport never does: the seed's rejection). */
  #transport(): ChatTransport & Required<Pick<ChatTransport, 'upload' | 'sendFiles' | 'fileUrl'>> {
    const transport = this.#host.transport();
    if (!transport.capabilities.attachments || !transport.upload || !transport.sendFiles || !transport.fileUrl) {
      throw new SessionError(Reasons.fileUpload, 'unsupported');
    }
    return transport as ChatTransport & Required<Pick<ChatTransport, 'upload' | 'sendFiles' | 'fileUrl'>>;
  }

  /** Upload and send each file (what the seed's sendFile takes); resolves when all are sent, rejects with the first refusal (the others go on). */
  async send(input: unknown): Promise<void> {
    this.#transport();
    const files = filesOf(input);
    if (files.length === 0) throw new SessionError('No file provided.', 'no.file');
    const results = await Promise.allSettled(files.map((file) => this.#start(file)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The seed's downloadFile: a fresh address for a file of the chat. */
  async download(input: { fileId?: string; fileName?: string }): Promise<{ url: string; fileName?: string }> {
    const fileId = typeof input === 'string' ? input : input?.fileId;
    if (!fileId) throw new SessionError('No fileId provided.', 'no.file');
    try {
      const url = await this.#transport().fileUrl(fileId);
      return { url, ...(input.fileName && { fileName: input.fileName }) };
    } catch (error) {
      throw error instanceof SessionError ? error : new SessionError((error as Error).message, (error as { code?: string }).code ?? 'file.url', error);
    }
  }

  /** Try a failed upload again with the same file. */
  retry(id: string): Promise<void> {
    const file = this.#files.get(id);
    const entry = this.$uploads.get().find((e) => e.id === id);
    if (!file || !entry || !retryable(entry)) return Promise.resolve();
    return this.#run(id, file);
  }

  /** Drop a failed upload from the list. */
  discard(id: string): void {
    this.#files.delete(id);
    this.#set(this.$uploads.get().filter((e) => e.id !== id));
  }

  #start(file: File): Promise<void> {
    const id = uuid();
    this.#files.set(id, file);
    this.#set([...this.$uploads.get(), { id, name: file.name, size: file.size, type: file.type, state: 'uploading', progress: 0 }]);
    return this.#run(id, file);
  }

  async #run(id: string, file: File): Promise<void> {
    this.#patch(id, { state: 'uploading', progress: 0, error: undefined });
    try {
      const uploaded = await this.#transport().upload(file, {
        onProgress: ({ loaded, total }) => this.#patch(id, { progress: total > 0 ? Math.min(1, loaded / total) : 0 }),
      });
      this.discard(id);
      await this.#host.send(uploaded);
    } catch (error) {
      const failure = error instanceof TransportError || error instanceof SessionError ? error : new TransportError(String(error), 0, 'upload.failed');
      if (this.$uploads.get().some((e) => e.id === id)) this.#patch(id, { state: 'failed', error: { code: failure.code, message: failure.message } });
      throw new SessionError(failure.message, failure.code);
    }
  }

  #patch(id: string, change: Partial<UploadEntry>): void {
    this.#set(this.$uploads.get().map((e) => (e.id === id ? { ...e, ...change } : e)));
  }

  #set(entries: UploadEntry[]): void {
    this.$uploads.set(entries);
  }
}

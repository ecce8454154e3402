// A visitor's file on its way to Genesys Cloud, as Messenger sends it: checked against the deployment's
// rules (type, size, blocked extensions, empty files) before anything leaves the page; onAttachment asks
// for a presigned URL; the bytes are PUT there with the headers it was signed over (progress reported);
// then the service's UploadSuccessEvent or UploadFailureEvent says how it went. A URL the service gives
// must pass the URL policy, so a file never goes to a host the configuration did not name.
import { TransportError, type MessageFile, type TransportCapabilities, type UploadOptions, type UploadRules } from '../contract.js';
import { createUrlPolicy, type UrlPolicy } from '../url-policy.js';
import type { InboundFrame, SessionBody } from './frames.js';
import type { PendingKind } from './pending.js';
import { uuid } from '../../util/uuid.js';

// The Guest API's attachment requests, as Messenger's clients send them.
const request = {
  onAttachment: (token: string, tracingId: string, attachmentId: string, fileName: string, fileType: string, fileSize: number) =>
    ({ action: 'onAttachment', token, tracingId, attachmentId, fileName, fileType, fileSize, errorsAsJson: true }),
  getAttachment: (token: string, tracingId: string, attachmentId: string) => ({ action: 'getAttachment', token, tracingId, attachmentId }),
};

const IMAGE_TYPES = /^image\/(png|jpe?g|gif|webp)$/i;
/** How long to wait for the service's verdict once the bytes are up. */
const VERDICT_TIMEOUT_MS = 30_000;
/** A refused PUT: how long its UploadFailureEvent (which names the reason) may take to follow. */
const FAILURE_GRACE_MS = 3_000;

export interface UploadDeps {
  request(kind: PendingKind, build: (tracingId: string) => object): Promise<InboundFrame>;
  token(): string;
  /** The service's own address: upload and download URLs must be on its hosts. */
  serviceUrl: string;
  /** The session's answer, with the deployment's allowedMedia and blockedExtensions. */
  session(): SessionBody | undefined;
  /** The transport's capabilities: the rules are put there once read. */
  capabilities: TransportCapabilities;
}

/** The deployment's upload rules as the session gave them (the Supported Content Profile). */
export function readUploadRules(session: SessionBody | undefined): UploadRules | undefined {
  const inbound = (session?.allowedMedia as { inbound?: { fileTypes?: unknown; maxFileSizeKB?: unknown } } | undefined)?.inbound;
  const strings = (list: unknown) => (Array.isArray(list) ? list : []).flatMap((x) => (typeof x === 'string' && x.length < 100 ? [x.toLowerCase()] : []));
  const types = strings(Array.isArray(inbound?.fileTypes) ? inbound.fileTypes.map((t) => (t as { type?: unknown } | null)?.type) : []);
  if (types.length === 0) return undefined;
  return {
    types,
    // Genesys's documented ceiling when the profile gives none.
    maxBytes: (typeof inbound?.maxFileSizeKB === 'number' ? inbound.maxFileSizeKB : 10_240) * 1024,
    blockedExtensions: strings(session?.blockedExtensions).map((e) => (e.startsWith('.') ? e : `.${e}`)),
  };
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot).toLowerCase() : '';
}

export function typeAllowed(rules: UploadRules, type: string): boolean {
  const t = type.toLowerCase();
  return rules.types.some((allowed) => allowed === t || (allowed.endsWith('/*') && t.startsWith(allowed.slice(0, -1))));
}

/** Why a file may not be sent, checked as the service would, so the visitor learns it before uploading. */
export function checkFile(rules: UploadRules | undefined, file: { name: string; type: string; size: number }): TransportError | undefined {
  if (!rules) return new TransportError('This chat does not accept files.', 0, 'upload.unavailable');
  const ext = extensionOf(file.name);
  if (!ext) return new TransportError(`"${file.name}" has no file extension.`, 0, 'upload.name');
  if (rules.blockedExtensions.includes(ext) || !typeAllowed(rules, file.type || 'application/octet-stream')) {
    return new TransportError(`Files of type ${file.type || ext} cannot be sent here.`, 0, 'upload.type');
  }
  if (file.size === 0) return new TransportError(`"${file.name}" is empty.`, 0, 'upload.empty');
  if (file.size > rules.maxBytes) return new TransportError(`"${file.name}" is larger than the ${Math.round(rules.maxBytes / 1024 / 1024)} MB allowed.`, 0, 'upload.size');
  return undefined;
}

/** The service's upload error codes as the contract's reasons. */
export function uploadError(code: number, message: string): TransportError {
  const reason: Record<number, string> = {
    4001: 'upload.type',
    4002: 'upload.size',
    4003: 'upload.type',
    4004: 'upload.name',
    4005: 'upload.name',
    4008: 'upload.expired',
    4102: 'upload.empty',
    4000: 'upload.unavailable',
  };
  return new TransportError(message || `Genesys Cloud refused the file (code ${code}).`, code >= 5000 ? 500 : 400, reason[code] ?? 'upload.failed', undefined, code);
}

/** An attachment frame, read: the transport hands them over unread so a chat without files never loads this. */
type FileFrame =
  | { kind: 'presigned'; attachmentId: string; url: string; headers: Record<string, string> }
  | { kind: 'uploaded'; attachmentId: string; downloadUrl?: string }
  | { kind: 'uploadFailed'; attachmentId: string; code: number; message: string }
  | { kind: 'deleted'; attachmentId: string }
  | { kind: 'other' };

const str = (v: unknown, max = 8192): string | undefined => (typeof v === 'string' && v.length <= max ? v : undefined);

export function readFileFrame(frame: InboundFrame): FileFrame {
  if (frame.kind === 'error') return { kind: 'uploadFailed', attachmentId: '', code: frame.code, message: frame.message };
  if (frame.kind !== 'file') return { kind: 'other' };
  const body = (typeof frame.body === 'object' && frame.body !== null ? frame.body : {}) as Record<string, unknown>;
  const attachmentId = str(body.attachmentId, 200) ?? '';
  switch (frame.class) {
    case 'PresignedUrlResponse': {
      const headers: Record<string, string> = {};
      const given = typeof body.headers === 'object' && body.headers !== null ? (body.headers as Record<string, unknown>) : {};
      for (const [name, value] of Object.entries(given)) {
        // Only headers a storage service signs and a page may set: nothing like Cookie or Host.
        if (typeof value === 'string' && value.length < 1024 && /^(x-amz-[a-z0-9-]+|content-md5|cache-control)$/i.test(name)) headers[name] = value;
      }
      const url = str(body.url);
      return url ? { kind: 'presigned', attachmentId, url, headers } : { kind: 'other' };
    }
    case 'UploadSuccessEvent':
      return { kind: 'uploaded', attachmentId, downloadUrl: str(body.downloadUrl) };
    case 'UploadFailureEvent':
    case 'GenerateUrlError':
      return {
        kind: 'uploadFailed',
        attachmentId,
        code: typeof body.errorCode === 'number' ? body.errorCode : frame.code,
        message: str(body.errorMessage, 1024) ?? '',
      };
    case 'AttachmentDeletedResponse':
      return { kind: 'deleted', attachmentId };
    default:
      return { kind: 'other' };
  }
}

interface Verdict {
  resolve(frame: FileFrame): void;
}

export class Uploads {
  #deps: UploadDeps;
  #policy: UrlPolicy;
  #verdicts = new Map<string, Verdict>();

  constructor(deps: UploadDeps) {
    this.#deps = deps;
    this.#policy = createUrlPolicy({ serviceUrl: deps.serviceUrl });
  }

  #rules(): UploadRules | undefined {
    return (this.#deps.capabilities.uploads = readUploadRules(this.#deps.session()));
  }

  /** An UploadSuccessEvent or UploadFailureEvent: true when it concerns an upload of this page. */
  handle(raw: InboundFrame): boolean {
    const frame = readFileFrame(raw);
    if (frame.kind !== 'uploaded' && frame.kind !== 'uploadFailed') return false;
    const verdict = this.#verdicts.get(frame.attachmentId);
    if (!verdict) return false;
    this.#verdicts.delete(frame.attachmentId);
    verdict.resolve(frame);
    return true;
  }

  async upload(file: File, options: UploadOptions = {}): Promise<MessageFile> {
    const refused = checkFile(this.#rules(), file);
    if (refused) throw refused;
    const id = uuid();
    const mime = (file.type || 'application/octet-stream').toLowerCase();
    const answer = readFileFrame(await this.#deps.request('attach', (tracingId) => request.onAttachment(this.#deps.token(), tracingId, id, file.name, mime, file.size)));
    if (answer.kind === 'uploadFailed') throw uploadError(answer.code, answer.message);
    if (answer.kind !== 'presigned') throw new TransportError('Genesys Cloud gave no upload address.', 0, 'upload.failed');
    const target = this.#policy.check(answer.url, 'http');
    if (!target) throw new TransportError('Genesys Cloud gave an upload address outside its own hosts; the file was not sent.', 0, 'upload.url');
    const attachmentId = answer.attachmentId || id;
    const verdict = this.#verdict(attachmentId);
    try {
      await put(target.href, file, mime, answer.headers, options);
    } catch (error) {
      // The service usually says why (expired URL, wrong size) in an UploadFailureEvent just after.
      const said = await Promise.race([verdict.promise, delay(FAILURE_GRACE_MS)]);
      this.#verdicts.delete(attachmentId);
      if (said && said.kind === 'uploadFailed') throw uploadError(said.code, said.message);
      throw error;
    }
    const said = await Promise.race([verdict.promise, delay(VERDICT_TIMEOUT_MS)]);
    this.#verdicts.delete(attachmentId);
    if (!said) throw new TransportError('Genesys Cloud did not confirm the upload.', 0, 'upload.failed');
    if (said.kind === 'uploadFailed') throw uploadError(said.code, said.message);
    const url = said.kind === 'uploaded' ? this.#policy.check(said.downloadUrl, 'http')?.href : undefined;
    return { id: attachmentId, name: file.name, mime, size: file.size, image: IMAGE_TYPES.test(mime), ...(url && { url }) };
  }

  /** A fresh download address for a file of this chat. */
  async url(fileId: string): Promise<string> {
    const answer = readFileFrame(await this.#deps.request('getAttachment', (tracingId) => request.getAttachment(this.#deps.token(), tracingId, fileId)));
    if (answer.kind === 'uploadFailed') throw uploadError(answer.code, answer.message);
    const url = answer.kind === 'presigned' ? this.#policy.check(answer.url, 'http') : undefined;
    if (!url) throw new TransportError('Genesys Cloud gave no usable address for the file.', 0, 'file.url');
    return url.href;
  }

  #verdict(attachmentId: string): { promise: Promise<FileFrame> } {
    const promise = new Promise<FileFrame>((resolve) => this.#verdicts.set(attachmentId, { resolve }));
    return { promise };
  }
}

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));

/** The PUT, with XMLHttpRequest: fetch cannot report upload progress. */
function put(url: string, file: File, mime: string, headers: Record<string, string>, options: UploadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Content-Type', mime);
    xhr.upload.onprogress = (event) => options.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new TransportError(`The upload failed (HTTP ${xhr.status}).`, xhr.status, 'upload.failed'));
    xhr.onerror = () => reject(new TransportError('The upload was interrupted by the network.', 0, 'upload.failed'));
    xhr.onabort = () => reject(new TransportError('The upload was cancelled.', 0, 'upload.cancelled'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

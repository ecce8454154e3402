// Signed URLs for files, as Genesys hands out presigned storage URLs: an upload URL (PUT, short-lived,
// signed over the attachment id) and a download URL (GET, expiring; getAttachment gives a fresh one).
// Relative URLs in structured content (the demo pictures) are resolved against the host the guest used.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const UPLOAD_PATH = '/uploads/:attachmentId';
export const DOWNLOAD_PATH = '/attachments/:attachmentId/:fileName';

export type UrlPurpose = 'upload' | 'download';

export class FileUrls {
  private readonly secret = randomBytes(32);

  private sign(purpose: UrlPurpose, id: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${purpose}\n${id}\n${expires}`).digest('base64url');
  }

  uploadUrl(base: string, id: string, expiresAt: number): string {
    const expires = Math.floor(expiresAt / 1000);
    return `${base}/uploads/${encodeURIComponent(id)}?expires=${expires}&signature=${this.sign('upload', id, expires)}`;
  }

  downloadUrl(base: string, id: string, fileName: string, ttlSeconds: number): string {
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    return `${base}/attachments/${encodeURIComponent(id)}/${encodeURIComponent(fileName)}?expires=${expires}&signature=${this.sign('download', id, expires)}`;
  }

  /** 'bad': not signed by this server for this file; 'expired': signed, but too late. */
  check(purpose: UrlPurpose, id: string, url: URL, now = Date.now()): 'ok' | 'bad' | 'expired' {
    const expires = Number(url.searchParams.get('expires'));
    const given = Buffer.from(url.searchParams.get('signature') ?? '');
    const expected = Buffer.from(this.sign(purpose, id, expires));
    if (!Number.isInteger(expires) || given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad';
    return now > expires * 1000 ? 'expired' : 'ok';
  }
}

/** `http://host` of a request, for URLs the guest will open on the same server. */
export function baseOf(host: string | undefined): string {
  return `http://${host ?? '127.0.0.1'}`;
}

// The storage side of attachments, on this server as Genesys's is on its storage hosts: the presigned PUT
// a guest uploads to (checked like the real one: signature, expiry, the signed headers, the declared size
// and type), the expiring download URLs, and the demo pictures cards show. A completed or refused upload is
// announced on the session's sockets (UploadSuccessEvent / UploadFailureEvent).
import { errors, ApiError } from '../errors.ts';
import { mediaType, readRawBody, type Reply, type Route } from '../http.ts';
import { samplePng } from '../sample-files.ts';
import type { Attachments } from './attachments.ts';
import { CODES, uploadFailureFrame, uploadSuccessFrame } from './frames.ts';
import { DOWNLOAD_PATH, UPLOAD_PATH } from './file-urls.ts';
import type { Outbox } from './outbox.ts';
import type { SessionRegistry } from './sessions.ts';
import { DEMO_IMAGE_PATH } from '../rich-content.ts';

/** Types a browser may show inline; anything else downloads, so no uploaded file ever renders as a page. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const SKIES: Record<string, [number, number, number]> = {
  'plan.png': [59, 130, 246],
  'plan-100.png': [14, 165, 233],
  'plan-1000.png': [124, 58, 237],
};

export function fileRoutes(deps: { attachments: Attachments; sessions: SessionRegistry; outbox: Outbox }): Route[] {
  const { attachments, sessions, outbox } = deps;

  return [
    {
      method: 'PUT',
      path: UPLOAD_PATH,
      handler: async (ctx): Promise<Reply> => {
        const id = ctx.params.attachmentId!;
        const file = attachments.store.get(id);
        const check = attachments.urls.check('upload', id, ctx.url);
        if (!file || check === 'bad') throw new ApiError(403, 'signature.mismatch', 'The request signature does not match.');
        const session = file.sessionId ? sessions.byId(file.sessionId) : undefined;
        const refuse = (status: number, code: number, message: string): never => {
          file.state = 'failed';
          if (session) outbox.broadcast(session, uploadFailureFrame(id, code, message));
          throw new ApiError(status, status === 403 ? 'request.expired' : 'upload.refused', message);
        };
        if (check === 'expired') refuse(403, CODES.attachmentExpired, 'The upload URL has expired.');
        if (file.state === 'uploaded') throw errors.conflict(`Attachment ${id} is already uploaded.`);
        for (const [name, value] of Object.entries(file.uploadHeaders)) {
          if (ctx.req.headers[name] !== value) throw new ApiError(403, 'signature.mismatch', `The signed header ${name} is missing or differs.`);
        }
        // Read one byte more than declared: a larger body is refused without holding it all.
        const data = await readRawBody(ctx.req, file.size + 1).catch(() => refuse(400, CODES.fileSizeInvalid, 'The file is larger than declared.'));
        if (session && session.uploadFaults.failUploads > 0) {
          session.uploadFaults.failUploads--;
          refuse(500, CODES.unexpected, 'The upload failed. Try again.');
        }
        if (data.length === 0) refuse(400, CODES.fileEmpty, 'File is empty.');
        if (data.length !== file.size) refuse(400, CODES.fileSizeInvalid, `The file is ${data.length} bytes, ${file.size} were declared.`);
        if (mediaType(ctx.req) !== file.mime.toLowerCase()) refuse(400, CODES.fileContentInvalid, `Content-Type differs from the declared ${file.mime}.`);
        attachments.store.complete(file, data);
        if (session) outbox.broadcast(session, uploadSuccessFrame(id, attachments.downloadUrl(session.base, file)));
        return { status: 200, raw: '' };
      },
    },
    {
      method: 'GET',
      path: DOWNLOAD_PATH,
      handler: (ctx): Reply => {
        const id = ctx.params.attachmentId!;
        const file = attachments.store.get(id);
        // A stale or foreign URL answers 404, as Genesys's download URLs do once they go stale.
        if (!file?.data || attachments.urls.check('download', id, ctx.url) !== 'ok') throw errors.notFound('The file was not found or its URL has expired.');
        const inline = INLINE_TYPES.has(file.mime);
        return {
          status: 200,
          raw: file.data,
          headers: {
            'Content-Type': inline || file.mime === 'application/pdf' ? file.mime : 'application/octet-stream',
            'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
            'X-Content-Type-Options': 'nosniff',
            'Content-Security-Policy': "default-src 'none'; sandbox",
            'Cache-Control': 'private, max-age=60',
          },
        };
      },
    },
    {
      method: 'GET',
      path: `${DEMO_IMAGE_PATH}:name`,
      handler: (ctx): Reply => {
        const sky = SKIES[ctx.params.name!];
        if (!sky) throw errors.notFound('No such picture.');
        return { status: 200, raw: samplePng(sky), headers: { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=3600' } };
      },
    },
  ];
}


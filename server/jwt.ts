// Guest JWTs: HS256 with a per-server secret, payload shaped like the real service's (RS256) tokens.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { newId } from './ids.ts';

export const JWT_ISSUER = 'urn:purecloud:webchat';

export interface GuestClaims {
  data: { conv: string; did: string; sub: string };
  exp: number;
  iat: number;
  iss: string;
  org: string;
}

export type VerifyResult =
  | { ok: true; claims: GuestClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export class JwtSigner {
  private readonly secret: Buffer;
  private readonly kid = newId();

  constructor(secret?: string) {
    this.secret = secret ? Buffer.from(secret) : randomBytes(32);
  }

  sign(input: { conversationId: string; deploymentId: string; memberId: string; organizationId: string }, ttlSeconds: number, nowMs = Date.now()): string {
    const iat = Math.floor(nowMs / 1000);
    const claims: GuestClaims = {
      data: { conv: input.conversationId, did: input.deploymentId, sub: input.memberId },
      exp: iat + ttlSeconds,
      iat,
      iss: JWT_ISSUER,
      org: input.organizationId,
    };
    return this.signClaims(claims);
  }

  /** Signs arbitrary claims; tests use it (with a known jwtSecret) to forge expired or foreign tokens. */
  signClaims(claims: GuestClaims): string {
    const header = b64url(JSON.stringify({ alg: 'HS256', kid: this.kid, typ: 'JWT' }));
    const payload = b64url(JSON.stringify(claims));
    const signature = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }

  /** `issuer` keeps the two guest channels' tokens apart: a Web Messaging JWT opens no v2 chat, and back. */
  verify(token: string, nowMs = Date.now(), issuer = JWT_ISSUER): VerifyResult {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [header, payload, signature] = parts as [string, string, string];
    let claims: GuestClaims;
    try {
      const h = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
      if (h.alg !== 'HS256') return { ok: false, reason: 'signature' };
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as GuestClaims;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const expected = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
    if (
      !claims || claims.iss !== issuer || typeof claims.exp !== 'number' || !claims.data ||
      typeof claims.data.conv !== 'string' || typeof claims.data.sub !== 'string'
    ) {
      return { ok: false, reason: 'malformed' };
    }
    if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }
}

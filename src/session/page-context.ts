// The six built-in `_genesys_*` userData fields the real widget sends with every chat (as Genesys Widgets v2 did).
import type { PageUrlQuery } from './types.js';

/**
 * Query parameters that carry credentials or one-time secrets (password resets, OAuth and SAML answers, signed
 * links, session ids): stored as participant attributes they would be readable by every agent and integration.
 */
const CREDENTIAL_WORDS = new Set(
  'token access auth authorization code secret password passwd pwd pass key apikey sig signature session sessionid sid jwt otp nonce state ticket saml credential credentials reset'.split(' '),
);

/** A parameter whose name has a credential word in it: `resetToken`, `access_token`, `X-Amz-Signature`, `code`. */
function carriesCredential(name: string): boolean {
  const words = name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase().split(/[^a-z\d]+/);
  return words.some((word) => CREDENTIAL_WORDS.has(word));
}

/**
 * The page address as the service may see it: never the fragment (where OAuth implicit flows put tokens),
 * and the query as the page chose (`safe` drops the parameters whose names say they carry a credential).
 */
export function pageAddress(href: string, query: PageUrlQuery = 'safe'): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return '';
  }
  url.hash = '';
  url.username = '';
  url.password = '';
  if (query === 'none') url.search = '';
  else if (query === 'safe') {
    const params = new URLSearchParams(url.search);
    for (const name of [...params.keys()]) if (carriesCredential(name)) params.delete(name);
    url.search = params.toString();
  }
  return url.href;
}

function browserName(ua: string): string {
  if (/Edg\//.test(ua)) return 'Edge';
  if (/OPR\/|Opera/.test(ua)) return 'Opera';
  if (/Firefox\//.test(ua)) return 'Firefox';
  if (/Chrome\/|Chromium\/|CriOS\//.test(ua)) return 'Chrome';
  if (/Safari\//.test(ua)) return 'Safari';
  return 'Other';
}

function osName(ua: string): string {
  if (/Windows/.test(ua)) return 'Windows';
  if (/Android/.test(ua)) return 'Android';
  if (/iPhone|iPad|iPod/.test(ua)) return 'iOS';
  if (/Mac OS X|Macintosh/.test(ua)) return 'Mac OS X';
  if (/CrOS/.test(ua)) return 'Chrome OS';
  if (/Linux/.test(ua)) return 'Linux';
  return 'Other';
}

export function pageContextFields(query: PageUrlQuery = 'safe'): Record<string, string> {
  const ua = globalThis.navigator?.userAgent ?? '';
  const doc = globalThis.document;
  return {
    _genesys_source: /Mobi|Android|iPhone|iPad/.test(ua) ? 'mobile' : 'web',
    _genesys_referrer: doc?.referrer ? pageAddress(doc.referrer, query) : '',
    _genesys_url: globalThis.location ? pageAddress(globalThis.location.href, query) : '',
    _genesys_pageTitle: doc?.title ?? '',
    _genesys_browser: browserName(ua),
    _genesys_OS: osName(ua),
  };
}

// The six built-in `_genesys_*` userData fields the real widget sends with every chat (seed 000).

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

export function pageContextFields(): Record<string, string> {
  const ua = globalThis.navigator?.userAgent ?? '';
  const doc = globalThis.document;
  return {
    _genesys_source: /Mobi|Android|iPhone|iPad/.test(ua) ? 'mobile' : 'web',
    _genesys_referrer: doc?.referrer ?? '',
    _genesys_url: globalThis.location?.href ?? '',
    _genesys_pageTitle: doc?.title ?? '',
    _genesys_browser: browserName(ua),
    _genesys_OS: osName(ua),
  };
}

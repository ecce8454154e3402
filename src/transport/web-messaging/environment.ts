// Where a Messenger deployment lives: a Genesys Cloud region's domain, or the origin of a local server that
// speaks the same protocol. Every host the transport talks to is derived from this one value, so a page can
// never be made to send the visitor's token anywhere else.

/**
 * The region domains Genesys publishes for Web Messaging (the Messenger SDKs' region tables). A region added
 * later follows the `<region>.pure.cloud` pattern, which is accepted as well.
 */
export const REGION_DOMAINS: readonly string[] = [
  'mypurecloud.com',
  'mypurecloud.ie',
  'mypurecloud.com.au',
  'mypurecloud.jp',
  'mypurecloud.de',
  'usw2.pure.cloud',
  'cac1.pure.cloud',
  'apne2.pure.cloud',
  'euw2.pure.cloud',
  'aps1.pure.cloud',
  'use2.us-gov-pure.cloud',
  'mec1.pure.cloud',
  'apne3.pure.cloud',
  'euc2.pure.cloud',
  'mxc1.pure.cloud',
  'apse1.pure.cloud',
  'sae1.pure.cloud',
];

/** A region domain (`mypurecloud.ie`) or an http(s) origin (`http://127.0.0.1:8787`). */
export type Environment = { kind: 'region'; domain: string } | { kind: 'origin'; origin: string };

/** The environment a page gave, or a sentence saying what is wrong with it. */
export function parseEnvironment(value: string): Environment | string {
  let trimmed = value.trim();
  // "/": the server that serves the page (a local Genesys Cloud serving its own demo), as data-url allows.
  if (trimmed === '/' && globalThis.location?.origin?.startsWith('http')) trimmed = globalThis.location.origin;
  if (!trimmed) return 'The environment attribute is required: the region domain of the Genesys Cloud organisation, such as mypurecloud.com or mypurecloud.ie.';
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return `The environment attribute "${value}" is not a valid URL.`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return `The environment attribute must be a region domain such as mypurecloud.com or an http(s) URL of a local server, not "${value}".`;
    }
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      return `The environment attribute must be a server's origin only (such as http://127.0.0.1:8787), without a path, query or credentials: "${value}".`;
    }
    const region = regionOf(url.hostname);
    if (region) {
      return `For Genesys Cloud, give the environment as the region domain "${region}", not the URL "${value}".`;
    }
    return { kind: 'origin', origin: url.origin };
  }
  const domain = trimmed.toLowerCase().replace(/\.$/, '');
  if (isRegion(domain)) return { kind: 'region', domain };
  const region = regionOf(domain);
  if (region) return `The environment attribute is the region domain "${region}", without the "${domain.slice(0, -region.length - 1)}." host prefix.`;
  return `The environment attribute "${value}" is not a Genesys Cloud region domain; use one such as ${REGION_DOMAINS.slice(0, 3).join(', ')} or usw2.pure.cloud, or an http(s) URL for a local server.`;
}

function isRegion(domain: string): boolean {
  return REGION_DOMAINS.includes(domain) || /^[a-z]{2,4}[0-9]\.pure\.cloud$/.test(domain);
}

/** `webmessaging.mypurecloud.ie` or `api.mypurecloud.ie` → `mypurecloud.ie`: a host given where the domain belongs. */
function regionOf(host: string): string | undefined {
  const match = /^(?:webmessaging|api|api-cdn|apps|login)\.(.+)$/.exec(host.toLowerCase());
  return match && isRegion(match[1]) ? match[1] : undefined;
}

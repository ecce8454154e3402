// Where the login service and the platform API live: a Genesys Cloud region (by id or by domain) gives
// https://login.<domain> and https://api.<domain>; a base URL (the local server, a proxy) gives both itself.
import { AttributesToolError } from './errors.js';

/** Region ids (as the platform SDKs name them, with dashes) → the domain of that region. */
export const REGIONS: Readonly<Record<string, string>> = {
  'us-east-1': 'mypurecloud.com',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'eu-west-1': 'mypurecloud.ie',
  'eu-west-2': 'euw2.pure.cloud',
  'eu-central-1': 'mypurecloud.de',
  'eu-central-2': 'euc2.pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'ap-southeast-2': 'mypurecloud.com.au',
  'ap-northeast-1': 'mypurecloud.jp',
  'ap-northeast-2': 'apne2.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
};

export interface Endpoints {
  /** e.g. https://api.mypurecloud.ie (no trailing slash) */
  apiBase: string;
  /** e.g. https://login.mypurecloud.ie (no trailing slash); the token is at `${loginBase}/oauth/token` */
  loginBase: string;
}

export interface LocationOptions {
  /** `eu-west-1`, `eu_west_1`, `eu-west-1.aws`, `mypurecloud.ie`, `euw2.pure.cloud`, even `apps.mypurecloud.ie`. */
  region?: string;
  /** A full URL such as `http://127.0.0.1:8787` or `https://api.mypurecloud.ie`. */
  baseUrl?: string;
  /** Overrides the login service's base URL (default: derived from the region or base URL). */
  loginUrl?: string;
}

function usage(message: string): AttributesToolError {
  return new AttributesToolError('usage', message);
}

/** The domain of a region id or a domain as people copy it (the host of the login page, of the API, …). */
export function regionDomain(region: string): string {
  const value = region.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(value)) {
    throw usage(`--region takes a region or a domain such as eu-west-1 or mypurecloud.ie; use --base-url for "${region}"`);
  }
  // The platform SDKs' region names: `us-east-1`, `eu_west_1`, and the Python SDK's `us-east-1.aws`.
  const known = REGIONS[value.replace(/_/g, '-').replace(/\.aws$/, '')];
  if (known) return known;
  if (value.endsWith('.aws')) {
    throw usage(`unknown region "${region}": use a domain such as mypurecloud.ie or one of ${Object.keys(REGIONS).join(', ')}`);
  }
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value)) return value.replace(/^(api|login|apps)\./, '');
  throw usage(`unknown region "${region}": use a domain such as mypurecloud.ie or one of ${Object.keys(REGIONS).join(', ')}`);
}

function parseBaseUrl(value: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw usage(`${flag} must be an http(s) URL such as http://127.0.0.1:8787, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usage(`${flag} must be an http(s) URL such as http://127.0.0.1:8787, not "${value}"`);
  }
  return url;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const withoutTrailingSlash = (url: URL) => `${url.origin}${url.pathname}`.replace(/\/+$/, '');

export function resolveEndpoints(options: LocationOptions): Endpoints {
  const { region, baseUrl, loginUrl } = options;
  if (region && baseUrl) throw usage('give either a region or a base URL, not both');
  let endpoints: Endpoints;
  if (baseUrl) {
    const url = parseBaseUrl(baseUrl, '--base-url');
    const apiBase = withoutTrailingSlash(url);
    // A real API host (api.<domain>) has its login service next door; anything else serves both.
    if (url.hostname.startsWith('api.')) url.hostname = `login.${url.hostname.slice(4)}`;
    endpoints = { apiBase, loginBase: withoutTrailingSlash(url) };
  } else if (region) {
    const domain = regionDomain(region);
    endpoints = { apiBase: `https://api.${domain}`, loginBase: `https://login.${domain}` };
  } else {
    throw usage('no region: use --region (e.g. mypurecloud.ie), --base-url, GENESYSCLOUD_REGION or GENESYSCLOUD_BASE_URL');
  }
  if (loginUrl) endpoints.loginBase = withoutTrailingSlash(parseBaseUrl(loginUrl, '--login-url'));
  for (const [base, flag] of [[endpoints.apiBase, '--base-url'], [endpoints.loginBase, '--login-url']] as const) {
    const url = new URL(base);
    // The token request carries the secret: in clear only to this machine, where nobody else can listen.
    if (url.protocol !== 'https:' && !isLoopback(url.hostname)) {
      throw usage(`${flag} must use https (the client secret would travel in clear); plain http only for a loopback address, not "${base}"`);
    }
  }
  return endpoints;
}

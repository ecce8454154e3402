// Which addresses a transport may use when the service names them (an event stream, a history page, an
// attachment, an avatar). The service's answers are not trusted to point anywhere: a hostile or hijacked
// answer could send the widget, with the chat's token in the URL, to a host of its choosing. Allowed are the
// configured service's own host and its sibling hosts (api.mypurecloud.com → carrierpigeon.mypurecloud.com,
// webmessaging.mypurecloud.com), plus hosts the page lists explicitly; secure schemes only, except when both
// the page and the configured service are plain http (a developer's local server).

export type UrlKind = 'socket' | 'http';

export interface UrlPolicy {
  /** The URL, parsed, when a transport may use it for `kind`; undefined when it must not. */
  check(raw: unknown, kind: UrlKind): URL | undefined;
}

export interface UrlPolicyOptions {
  /** The configured service URL (data-url), already absolute. */
  serviceUrl: string;
  /** Extra host names (or host:port) the page allows, e.g. a proxy in front of the service. */
  allowedHosts?: readonly string[];
  /** The page's protocol; default the current page's. */
  pageProtocol?: string;
}

/** The domain a service host's siblings share: api.mypurecloud.com → mypurecloud.com; others have none. */
function serviceDomain(hostname: string): string | undefined {
  return /^(api|apps|login|webmessaging)\.[^.]+\.[^.]+/.test(hostname) ? hostname.slice(hostname.indexOf('.') + 1) : undefined;
}

export function createUrlPolicy(options: UrlPolicyOptions): UrlPolicy {
  let service: URL | undefined;
  try {
    service = new URL(options.serviceUrl);
  } catch {
    service = undefined;
  }
  const pageProtocol = options.pageProtocol ?? globalThis.location?.protocol;
  const insecureAllowed = pageProtocol !== 'https:' && service?.protocol === 'http:';
  const domain = service && serviceDomain(service.hostname);
  const extra = (options.allowedHosts ?? []).map((host) => host.trim().toLowerCase()).filter(Boolean);

  const hostAllowed = (url: URL): boolean => {
    if (!service) return false;
    if (url.host === service.host) return true;
    if (domain && url.port === '' && url.hostname.endsWith(`.${domain}`) && !url.hostname.slice(0, -domain.length - 1).includes('.')) {
      return true;
    }
    return extra.includes(url.host) || extra.includes(url.hostname);
  };

  return {
    check(raw, kind) {
      if (typeof raw !== 'string' || raw === '') return undefined;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return undefined;
      }
      const secure = kind === 'socket' ? 'wss:' : 'https:';
      const plain = kind === 'socket' ? 'ws:' : 'http:';
      if (url.protocol !== secure && !(url.protocol === plain && insecureAllowed)) return undefined;
      // user:password@ in a URL the service sent is never needed, and hides the real host from a reader.
      if (url.username || url.password) return undefined;
      return hostAllowed(url) ? url : undefined;
    },
  };
}

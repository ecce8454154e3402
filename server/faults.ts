// Fault injection for tests: fail or delay the next matching requests (HTTP and socket upgrades).
import type { DelaySpec, FaultSpec } from './control-client.ts';
import { ApiError, defaultCodeForStatus, errors } from './errors.ts';
import { isPlainObject } from './http.ts';
import { newId } from './ids.ts';

/** What a test asks for: the shapes live in the import-free control client that browser tests share. */
export type FaultInput = FaultSpec;

export type DelayInput = DelaySpec;

export interface FaultRule extends Required<Pick<FaultInput, 'path' | 'status'>> {
  id: string;
  phase: 'request' | 'response';
  method?: string;
  remaining: number;
  retryAfter?: number;
  code?: string;
  message?: string;
  page?: string;
  matcher: PathPattern;
}

export interface DelayRule {
  id: string;
  method?: string;
  path: string;
  ms: number;
  remaining?: number;
  phase: 'request' | 'response';
  matcher: PathPattern;
}

/** Limits on what a rule may ask for, so rules stay cheap to test against every request. */
export const GLOB_LIMITS = { patternLength: 512, wildcards: 16, rules: 100 } as const;

/**
 * A path pattern, matched segment by segment: `*` inside a segment matches any characters but `/`, a whole
 * `**` segment matches any number of segments. No regular expression is built: both levels use the greedy
 * matcher that backtracks only to the last wildcard, so a hostile pattern costs at most pattern × path steps
 * instead of exponential time.
 */
export class PathPattern {
  private readonly segments: string[];

  constructor(readonly source: string) {
    if (source.length > GLOB_LIMITS.patternLength) throw errors.badRequest(`path must be at most ${GLOB_LIMITS.patternLength} characters.`);
    const wildcards = source.match(/\*+/g)?.length ?? 0;
    if (wildcards > GLOB_LIMITS.wildcards) throw errors.badRequest(`path may hold at most ${GLOB_LIMITS.wildcards} wildcards.`);
    // Runs of stars inside a segment mean the same as one; only a segment that is exactly ** spans segments.
    this.segments = source.split('/').map((segment) => (segment === '**' ? '**' : segment.replace(/\*+/g, '*')));
  }

  test(pathname: string): boolean {
    return wildcardMatch(this.segments, pathname.split('/'), '**', (pattern, segment) =>
      wildcardMatch(pattern, segment, '*', (a, b) => a === b),
    );
  }
}

/** Greedy wildcard matching over two sequences (characters or segments): O(pattern × text), no recursion. */
function wildcardMatch<P extends ArrayLike<string>, T extends ArrayLike<string>>(
  pattern: P,
  text: T,
  star: string,
  same: (p: string, t: string) => boolean,
): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === star) {
      starAt = p++;
      resumeAt = t;
    } else if (p < pattern.length && same(pattern[p]!, text[t]!)) {
      p++;
      t++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === star) p++;
  return p === pattern.length;
}

function validMethod(m: unknown): string | undefined {
  if (m === undefined || m === null || m === '' || m === '*') return undefined;
  if (typeof m !== 'string') throw errors.badRequest('method must be a string.');
  return m.toUpperCase();
}

function validPath(p: unknown): string {
  if (typeof p !== 'string' || !p.startsWith('/')) throw errors.badRequest('path must be a pattern starting with "/".');
  return p;
}

/**
 * A stand-in page is what a proxy would answer in the API's place: it may only stand in for the public API,
 * never for the console, the demo or the widget's own files, where its markup would run as this server's page.
 */
export const PAGE_FAULT_PREFIX = '/api/';

export class Faults {
  private faults: FaultRule[] = [];
  private delays: DelayRule[] = [];

  addFault(input: unknown): FaultRule {
    if (!isPlainObject(input)) throw errors.badRequest('Expected a JSON object.');
    const status = input.status;
    const page = input.page;
    if (status === 200 ? typeof page !== 'string' : page !== undefined) {
      throw errors.badRequest('page (an HTML string) goes with status 200, and only with it.');
    }
    if (typeof status !== 'number' || !Number.isInteger(status) || (status !== 0 && status !== 200 && (status < 400 || status > 599))) {
      throw errors.badRequest('status must be 0 (drop the connection), 200 with a page, or an HTTP error status 400-599.');
    }
    const count = input.count ?? 1;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw errors.badRequest('count must be a positive integer.');
    if (input.retryAfter !== undefined && (typeof input.retryAfter !== 'number' || input.retryAfter < 0)) {
      throw errors.badRequest('retryAfter must be a number of seconds.');
    }
    if (input.phase !== undefined && input.phase !== 'request' && input.phase !== 'response') {
      throw errors.badRequest('phase must be "request" (fail before handling) or "response" (handle, then fail).');
    }
    const path = validPath(input.path);
    if (page !== undefined && !path.startsWith(PAGE_FAULT_PREFIX)) {
      throw errors.badRequest(`A page stands in only for the API: its path must start with ${PAGE_FAULT_PREFIX}.`);
    }
    this.checkRoom();
    const rule: FaultRule = {
      id: newId(),
      phase: (input.phase as FaultRule['phase'] | undefined) ?? 'request',
      method: validMethod(input.method),
      path,
      status,
      remaining: count,
      retryAfter: input.retryAfter as number | undefined,
      code: typeof input.code === 'string' ? input.code : undefined,
      message: typeof input.message === 'string' ? input.message : undefined,
      page: page as string | undefined,
      matcher: new PathPattern(path),
    };
    this.faults.push(rule);
    return rule;
  }

  addDelay(input: unknown): DelayRule {
    if (!isPlainObject(input)) throw errors.badRequest('Expected a JSON object.');
    if (typeof input.ms !== 'number' || input.ms < 0 || input.ms > 120_000) throw errors.badRequest('ms must be 0-120000.');
    if (input.count !== undefined && (typeof input.count !== 'number' || !Number.isInteger(input.count) || input.count < 1)) {
      throw errors.badRequest('count must be a positive integer.');
    }
    if (input.phase !== undefined && input.phase !== 'request' && input.phase !== 'response') {
      throw errors.badRequest('phase must be "request" or "response".');
    }
    const path = validPath(input.path);
    this.checkRoom();
    const rule: DelayRule = {
      id: newId(),
      method: validMethod(input.method),
      path,
      ms: input.ms,
      remaining: input.count as number | undefined,
      phase: (input.phase as DelayRule['phase'] | undefined) ?? 'response',
      matcher: new PathPattern(path),
    };
    this.delays.push(rule);
    return rule;
  }

  private checkRoom(): void {
    if (this.faults.length + this.delays.length >= GLOB_LIMITS.rules) {
      throw errors.badRequest(`At most ${GLOB_LIMITS.rules} fault and delay rules at once; clear them first.`);
    }
  }

  clear(): void {
    this.faults = [];
    this.delays = [];
  }

  list(): { faults: Omit<FaultRule, 'matcher'>[]; delays: Omit<DelayRule, 'matcher'>[] } {
    const strip = <T extends { matcher: PathPattern }>({ matcher: _m, ...rest }: T) => rest;
    return { faults: this.faults.map(strip), delays: this.delays.map(strip) };
  }

  /** Consumes one use of the first fault matching the request, if any. */
  takeFault(method: string, pathname: string): FaultRule | undefined {
    const rule = this.faults.find((r) => (!r.method || r.method === method) && r.matcher.test(pathname));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining <= 0) this.faults = this.faults.filter((r) => r !== rule);
    return rule;
  }

  takeDelay(method: string, pathname: string): DelayRule | undefined {
    const rule = this.delays.find((r) => (!r.method || r.method === method) && r.matcher.test(pathname));
    if (!rule) return undefined;
    if (rule.remaining !== undefined) {
      rule.remaining--;
      if (rule.remaining <= 0) this.delays = this.delays.filter((r) => r !== rule);
    }
    return rule;
  }
}

/** The ErrorBody-shaped error an injected fault answers with. */
export function faultError(rule: FaultRule): ApiError {
  const headers: Record<string, string> = {};
  if (rule.status === 429 || rule.retryAfter !== undefined) headers['Retry-After'] = String(rule.retryAfter ?? 1);
  const message =
    rule.message ??
    (rule.status === 429
      ? `Rate limit exceeded. Retry the request in [${rule.retryAfter ?? 1}] seconds`
      : `The requested operation failed with status ${rule.status}`);
  return new ApiError(rule.status, rule.code ?? defaultCodeForStatus(rule.status), message, { headers });
}

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
  regex: RegExp;
}

export interface DelayRule {
  id: string;
  method?: string;
  path: string;
  ms: number;
  remaining?: number;
  phase: 'request' | 'response';
  regex: RegExp;
}

export function globToRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else {
        out += '[^/]*';
      }
    } else {
      out += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
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
      regex: globToRegex(path),
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
    const rule: DelayRule = {
      id: newId(),
      method: validMethod(input.method),
      path,
      ms: input.ms,
      remaining: input.count as number | undefined,
      phase: (input.phase as DelayRule['phase'] | undefined) ?? 'response',
      regex: globToRegex(path),
    };
    this.delays.push(rule);
    return rule;
  }

  clear(): void {
    this.faults = [];
    this.delays = [];
  }

  list(): { faults: Omit<FaultRule, 'regex'>[]; delays: Omit<DelayRule, 'regex'>[] } {
    const strip = <T extends { regex: RegExp }>({ regex: _r, ...rest }: T) => rest;
    return { faults: this.faults.map(strip), delays: this.delays.map(strip) };
  }

  /** Consumes one use of the first fault matching the request, if any. */
  takeFault(method: string, pathname: string): FaultRule | undefined {
    const rule = this.faults.find((r) => (!r.method || r.method === method) && r.regex.test(pathname));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining <= 0) this.faults = this.faults.filter((r) => r !== rule);
    return rule;
  }

  takeDelay(method: string, pathname: string): DelayRule | undefined {
    const rule = this.delays.find((r) => (!r.method || r.method === method) && r.regex.test(pathname));
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

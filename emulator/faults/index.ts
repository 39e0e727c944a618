/**
 * Test-only fault injection and the request log. Faults match on the path after the context path:
 * a pattern starting with `^` is a regular expression, anything else a glob (`*` = one segment's
 * characters, `**` = anything, `?` = one character) that must match the whole path (query excluded).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTEXT_PATH } from '../rest/http';

export type DisableableModule = 'insights' | 'comment-likes' | 'branch-utils' | 'build-status' | 'api';

export interface FaultSpec {
  method?: string;
  pathPattern: string;
  status?: number;
  htmlErrorPage?: boolean;
  truncateBody?: boolean;
  latencyMs?: number;
  stallMs?: number;
  disableModule?: DisableableModule;
  /** How many matching requests the fault applies to; unlimited when absent. */
  times?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  hits: number;
}

export interface RequestLogEntry {
  id: string;
  method: string;
  url: string;
  status: number;
  start: number;
  end: number;
  durationMs: number;
  user: string | null;
}

const MODULES: DisableableModule[] = ['insights', 'comment-likes', 'branch-utils', 'build-status', 'api'];

/** Where each module lives. Disabling build-status also removes the repo-scoped builds resource (same plugin). */
function moduleMatches(module: DisableableModule, path: string): boolean {
  if (module === 'build-status' && /^\/rest\/api\/[^/]+\/projects\/[^/]+\/repos\/[^/]+\/commits\/[^/]+\/builds(\/|$|\?)/.test(path)) return true;
  return path === `/rest/${module}` || path.startsWith(`/rest/${module}/`);
}

export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export function compilePattern(pattern: string): RegExp {
  return pattern.startsWith('^') ? new RegExp(pattern) : globToRegExp(pattern);
}

export const NGINX_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.24.0</center>
</body>
</html>
`;

export function disabledModulePage(path: string): string {
  return `<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1><p>The requested resource [${path.replace(/[&<>"]/g, '')}] is not available</p></body></html>`;
}

const STATUS_MESSAGES: Record<number, [string, string | null]> = {
  400: ['The request was invalid.', null],
  401: ['You are not permitted to access this resource', 'com.atlassian.bitbucket.AuthorisationException'],
  403: ['XSRF check failed', 'com.atlassian.plugins.rest.common.security.XsrfCheckFailedException'],
  404: ['The requested resource does not exist.', 'com.atlassian.bitbucket.NoSuchEntityException'],
  409: ['You are attempting to modify a pull request based on out-of-date information.', 'com.atlassian.bitbucket.pull.PullRequestOutOfDateException'],
  429: ['Too many requests. Please wait before retrying.', 'com.atlassian.bitbucket.ratelimit.RateLimitedException'],
  500: ['An unexpected error occurred.', 'java.lang.IllegalStateException'],
  503: ['Bitbucket is unavailable.', 'com.atlassian.bitbucket.ServiceUnavailableException'],
};

/** Holds fault rules, the request log ring buffer and pending stalls (which close() releases). */
export class FaultController {
  private faults: Fault[] = [];
  private nextId = 1;
  private readonly log: RequestLogEntry[] = [];
  private readonly stalls = new Set<() => void>();
  latencyMs: number;

  constructor(
    readonly enabled: boolean,
    latencyMs = 0,
    private readonly logSize = 5000,
  ) {
    this.latencyMs = latencyMs;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  add(spec: FaultSpec): Fault {
    if (typeof spec.pathPattern !== 'string' || !spec.pathPattern) throw new Error('pathPattern is required');
    compilePattern(spec.pathPattern);
    if (spec.disableModule !== undefined && !MODULES.includes(spec.disableModule)) throw new Error(`disableModule must be one of ${MODULES.join(', ')}`);
    if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)) throw new Error('status must be an HTTP status code');
    for (const key of ['latencyMs', 'stallMs', 'times'] as const)
      if (spec[key] !== undefined && (!Number.isFinite(spec[key]) || (spec[key] as number) < 0)) throw new Error(`${key} must be a non-negative number`);
    const fault: Fault = { ...spec, method: spec.method?.toUpperCase(), id: this.nextId++, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  remove(id?: number): boolean {
    if (id === undefined) {
      this.faults = [];
      return true;
    }
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  /** The first live fault matching this request; consumes one of its `times`. */
  take(method: string, path: string): Fault | undefined {
    for (const fault of this.faults) {
      if (fault.method && fault.method !== method.toUpperCase()) continue;
      if (fault.times !== undefined && fault.hits >= fault.times) continue;
      const matchesModule = fault.disableModule ? moduleMatches(fault.disableModule, path) : true;
      if (!matchesModule || !compilePattern(fault.pathPattern).test(path)) continue;
      fault.hits++;
      return { ...fault };
    }
    return undefined;
  }

  record(entry: RequestLogEntry): void {
    this.log.push(entry);
    if (this.log.length > this.logSize) this.log.splice(0, this.log.length - this.logSize);
  }

  requests(): RequestLogEntry[] {
    return [...this.log];
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  /** Waits `ms`, resolving early (false) when the client disconnects or the emulator closes. */
  wait(ms: number, request: FastifyRequest): Promise<boolean> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (completed: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        request.raw.off('close', onClose);
        request.raw.socket?.off('close', onClose);
        this.stalls.delete(release);
        resolve(completed);
      };
      const timer = setTimeout(() => finish(true), ms);
      const onClose = () => finish(false);
      const release = () => finish(false);
      // 'close' on the request fires when its body is consumed too; the socket tells a real disconnect.
      request.raw.socket?.once('close', onClose);
      this.stalls.add(release);
    });
  }

  releaseAll(): void {
    for (const release of [...this.stalls]) release();
  }
}

function restPath(url: string): string {
  const path = url.split('?')[0];
  return path.startsWith(CONTEXT_PATH) ? path.slice(CONTEXT_PATH.length) || '/' : path;
}

/** Hooks that apply faults and latency, truncate bodies, and log every request. */
export function registerFaultHooks(app: FastifyInstance, faults: FaultController): void {
  app.addHook('onRequest', async (request, reply) => {
    (request as FastifyRequest & { startedAt: number }).startedAt = Date.now();
    const path = restPath(request.originalUrl);
    if (path.startsWith('/rest/emulator/')) return;
    if (faults.latencyMs > 0 && path.startsWith('/rest/')) {
      if (!(await faults.wait(faults.latencyMs, request))) return abort(reply);
    }
    if (!faults.enabled) return;
    const fault = faults.take(request.method, path);
    if (!fault) return;
    (request as FastifyRequest & { fault?: Fault }).fault = fault;
    if (fault.latencyMs) {
      if (!(await faults.wait(fault.latencyMs, request))) return abort(reply);
    }
    if (fault.stallMs) {
      if (!(await faults.wait(fault.stallMs, request))) return abort(reply);
    }
    if (fault.disableModule) {
      return reply.code(404).header('content-type', 'text/html;charset=UTF-8').send(disabledModulePage(request.originalUrl.split('?')[0]));
    }
    if (fault.htmlErrorPage) {
      return reply.code(fault.status ?? 502).header('content-type', 'text/html').send(NGINX_502);
    }
    if (fault.status) {
      const [message, exceptionName] = STATUS_MESSAGES[fault.status] ?? [`HTTP ${fault.status}`, null];
      if (fault.status === 429) reply.header('Retry-After', '1');
      return reply
        .code(fault.status)
        .header('content-type', 'application/json;charset=UTF-8')
        .send(JSON.stringify({ errors: [{ context: null, message, exceptionName }] }));
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = (request as FastifyRequest & { fault?: Fault }).fault;
    if (!fault?.truncateBody || fault.status || fault.htmlErrorPage || fault.disableModule) return payload;
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    if (text === undefined) return payload;
    reply.removeHeader('content-length');
    return text.slice(0, Math.floor(text.length / 2));
  });

  app.addHook('onRequestAbort', async (request) => {
    const start = (request as FastifyRequest & { startedAt?: number }).startedAt ?? Date.now();
    const end = Date.now();
    faults.record({ id: request.requestId, method: request.method, url: request.originalUrl, status: 0, start, end, durationMs: end - start, user: request.user?.slug ?? null });
  });

  app.addHook('onResponse', async (request, reply) => {
    const start = (request as FastifyRequest & { startedAt?: number }).startedAt ?? Date.now();
    const end = Date.now();
    faults.record({ id: request.requestId, method: request.method, url: request.originalUrl, status: reply.statusCode, start, end, durationMs: end - start, user: request.user?.slug ?? null });
  });
}

function abort(reply: FastifyReply): FastifyReply {
  // The client is gone or the emulator is closing: drop the connection without a response.
  reply.hijack();
  reply.raw.destroy();
  return reply;
}

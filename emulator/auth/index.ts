/**
 * Authentication like Bitbucket: JSESSIONID session from the login form, HTTP Basic (password or
 * access token) and Bearer tokens on every request, plus Atlassian REST's XSRF filter on POSTs.
 */
import { randomBytes } from 'crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTEXT_PATH, EXCEPTIONS, JSON_TYPE } from '../rest/http';
import type { Store } from '../store/store';
import type { UserRecord } from '../store/types';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated store user, or null for anonymous requests. */
    user: UserRecord | null;
    /** Set when authenticated with an access token: its permissions cap what the request may do. */
    tokenPermissions: string[] | null;
    authMethod: 'session' | 'basic' | 'bearer' | null;
    requestId: string;
  }
}

export const SESSION_COOKIE = 'JSESSIONID';

export class Sessions {
  private readonly sessions = new Map<string, { slug: string; created: number }>();
  create(user: UserRecord): string {
    const id = randomBytes(16).toString('hex').toUpperCase();
    this.sessions.set(id, { slug: user.slug, created: Date.now() });
    return id;
  }
  get(id: string | undefined): string | undefined {
    return id ? this.sessions.get(id)?.slug : undefined;
  }
  destroy(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }
  clear(): void {
    this.sessions.clear();
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

/** Only same-origin paths under the context path; anything else lands on the dashboard. */
export function safeNext(next: unknown): string {
  const fallback = `${CONTEXT_PATH}/dashboard`;
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  try {
    const url = new URL(next, 'http://emulator.invalid');
    if (url.origin !== 'http://emulator.invalid') return fallback;
    if (url.pathname !== CONTEXT_PATH && !url.pathname.startsWith(`${CONTEXT_PATH}/`)) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

const BROWSER_UA = /Mozilla\/|Chrome\/|Safari\/|Firefox\/|Edg\//;
const XSRFABLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function sendError(reply: FastifyReply, status: number, message: string, exceptionName: string | null): FastifyReply {
  return reply
    .code(status)
    .header('content-type', JSON_TYPE)
    .send(JSON.stringify({ errors: [{ context: null, message, exceptionName }] }));
}

/** Atlassian REST XsrfResourceFilter (rest-contracts.md §1.2): only POST is enforced. */
function xsrfRejects(request: FastifyRequest): boolean {
  if (request.method !== 'POST') return false;
  // UPM's resource protects itself with its own one-use `upm-token` (emulator/upm).
  if (request.url.startsWith(`${CONTEXT_PATH}/rest/plugins/`)) return false;
  const contentType = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  const token = String(request.headers['x-atlassian-token'] ?? '').toLowerCase();
  const hasNoCheck = token === 'no-check' || token === 'nocheck';
  if ((contentType === '' || XSRFABLE_TYPES.includes(contentType)) && !hasNoCheck) return true;
  if (BROWSER_UA.test(String(request.headers['user-agent'] ?? ''))) {
    const origin = request.headers.origin ?? request.headers.referer;
    if (origin) {
      try {
        if (new URL(String(origin)).host !== request.host) return true;
      } catch {
        return true;
      }
    }
  }
  return false;
}

let requestCounter = 0;

export function registerAuth(app: FastifyInstance, store: () => Store, sessions: Sessions): void {
  app.decorateRequest('user', null);
  app.decorateRequest('tokenPermissions', null);
  app.decorateRequest('authMethod', null);
  app.decorateRequest('requestId', '');

  app.addHook('onRequest', async (request, reply) => {
    const now = new Date();
    request.requestId = `@${process.pid.toString(36).toUpperCase()}x${now.getUTCHours() * 60 + now.getUTCMinutes()}x${++requestCounter}x0`;
    reply.header('X-AREQUESTID', request.requestId);
    const isRest = request.url.startsWith(`${CONTEXT_PATH}/rest/`);
    const authorization = String(request.headers.authorization ?? '');
    const failAuth = () =>
      isRest
        ? sendError(reply, 401, 'Authentication failed. Please check your credentials and try again.', 'com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException')
        : reply.code(401).header('content-type', 'text/plain;charset=UTF-8').header('WWW-Authenticate', 'Basic realm="Bitbucket"').send('Authentication failed.');
    if (/^basic /i.test(authorization)) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const name = colon >= 0 ? decoded.slice(0, colon) : decoded;
      const secret = colon >= 0 ? decoded.slice(colon + 1) : '';
      const byPassword = store().authenticatePassword(name, secret);
      if (byPassword) {
        request.user = byPassword;
        request.authMethod = 'basic';
      } else {
        const token = store().tokenRecord(secret);
        const owner = token ? store().user(token.userSlug) : undefined;
        if (!token || !owner || owner.slug !== store().userByName(name)?.slug || !owner.active) return failAuth();
        request.user = owner;
        request.tokenPermissions = token.permissions;
        request.authMethod = 'basic';
      }
    } else if (/^bearer /i.test(authorization)) {
      const token = store().tokenRecord(authorization.slice(7).trim());
      const owner = token ? store().user(token.userSlug) : undefined;
      if (!token || !owner || !owner.active) return failAuth();
      request.user = owner;
      request.tokenPermissions = token.permissions;
      request.authMethod = 'bearer';
    } else {
      const slug = sessions.get(parseCookies(request.headers.cookie)[SESSION_COOKIE]);
      const user = slug ? store().user(slug) : undefined;
      if (user?.active) {
        request.user = user;
        request.authMethod = 'session';
      }
    }
    if (request.user) {
      reply.header('X-AUSERID', String(request.user.id));
      reply.header('X-AUSERNAME', request.user.name);
    }
    if (isRest) {
      reply.header('Cache-Control', 'private, no-cache');
      reply.header('Vary', 'x-ausername,x-auserid,cookie,accept-encoding');
      if (xsrfRejects(request)) return sendError(reply, 403, 'XSRF check failed', EXCEPTIONS.xsrf);
    }
  });

  app.get(`${CONTEXT_PATH}/login`, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (request.user && request.authMethod === 'session') return reply.redirect(safeNext(query.next));
    return reply.header('content-type', 'text/html;charset=UTF-8').send(loginPage(query.next, undefined));
  });

  app.post(`${CONTEXT_PATH}/login`, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const query = request.query as Record<string, string | undefined>;
    const next = form.next ?? query.next;
    const user = store().authenticatePassword(String(form.j_username ?? ''), String(form.j_password ?? ''));
    if (!user) {
      return reply.code(200).header('content-type', 'text/html;charset=UTF-8').send(loginPage(next, 'Your username and password are incorrect. Please try again.'));
    }
    const id = sessions.create(user);
    reply.header('set-cookie', `${SESSION_COOKIE}=${id}; Path=${CONTEXT_PATH}; HttpOnly; SameSite=Lax`);
    return reply.redirect(safeNext(next), 302);
  });

  const logout = async (request: FastifyRequest, reply: FastifyReply) => {
    sessions.destroy(parseCookies(request.headers.cookie)[SESSION_COOKIE]);
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=${CONTEXT_PATH}; HttpOnly; SameSite=Lax; Max-Age=0`);
    return reply.redirect(`${CONTEXT_PATH}/login`, 302);
  };
  app.get(`${CONTEXT_PATH}/logout`, logout);
  app.get(`${CONTEXT_PATH}/j_atl_security_logout`, logout);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function loginPage(next: string | undefined, error: string | undefined): string {
  const target = safeNext(next);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Log in - Bitbucket</title>
<style>
  body { margin: 0; font: 14px/1.43 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; background: var(--ds-surface-sunken, #F7F8F9); color: var(--ds-text, #172B4D); }
  .aui-page-panel { max-width: 400px; margin: 80px auto; background: var(--ds-surface, #FFFFFF); border: 1px solid var(--ds-border, #DFE1E6); border-radius: 3px; padding: 32px; }
  h1 { font-size: 24px; font-weight: 500; margin: 0 0 24px; }
  .field-group { margin-bottom: 16px; }
  .field-group label { display: block; font-weight: 600; font-size: 12px; color: var(--ds-text-subtle, #6B778C); margin-bottom: 4px; }
  .text { width: 100%; box-sizing: border-box; padding: 6px 8px; border: 2px solid var(--ds-border-input, #DFE1E6); border-radius: 3px; background: var(--ds-background-input, #FAFBFC); color: inherit; font: inherit; }
  .text:focus { border-color: var(--ds-border-focused, #4C9AFF); outline: none; }
  .aui-button-primary { padding: 6px 12px; border: 0; border-radius: 3px; background: var(--ds-background-brand-bold, #0052CC); color: var(--ds-text-inverse, #FFFFFF); font: inherit; cursor: pointer; }
  .aui-message-error { border-left: 4px solid var(--ds-border-danger, #DE350B); background: var(--ds-background-danger, #FFEBE6); padding: 8px 12px; margin-bottom: 16px; }
</style>
</head>
<body>
<main class="aui-page-panel" id="content">
  <h1>Log in</h1>
  ${error ? `<div class="aui-message aui-message-error" role="alert">${escapeHtml(error)}</div>` : ''}
  <form class="aui" method="post" action="${CONTEXT_PATH}/login" id="login-form">
    <input type="hidden" name="next" value="${escapeHtml(target)}">
    <div class="field-group">
      <label for="j_username">Username</label>
      <input class="text" type="text" id="j_username" name="j_username" autocomplete="username" required autofocus>
    </div>
    <div class="field-group">
      <label for="j_password">Password</label>
      <input class="text" type="password" id="j_password" name="j_password" autocomplete="current-password" required>
    </div>
    <div class="buttons-container"><button class="aui-button aui-button-primary" type="submit" id="submit">Log in</button></div>
  </form>
</main>
</body>
</html>`;
}

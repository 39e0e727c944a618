/**
 * UPM's plugin REST resource (`/rest/plugins/1.0/`), as Atlassian's SDK and admins' scripts use it
 * (docs/install-reference.md §2): list with the `upm-token` header (system admins only), upload
 * (multipart `plugin` + optional `signature`, `?token=`), the pending install task, the plugin resource
 * `<key>-key` with its enabled state and modules, enable/disable of plugins and modules, uninstall.
 *
 * Modes, as real UPM has them: upload disabled (Bitbucket 8.9+ without `-Dupm.plugin.upload.enabled=true`)
 * and the app signature check against a truststore folder (UPM 8 / Bitbucket 10 default).
 */
import { randomBytes, randomUUID } from 'crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONTEXT_PATH } from '../rest/http';
import type { UserRecord } from '../store/types';
import { InstallError, type InstalledJar, type InstalledPlugins } from './plugins';
import { checkSignature } from './signature';

export interface UpmOptions {
  /** False = Bitbucket 8.9+ default: the upload endpoint refuses files. Default true. */
  uploadEnabled?: boolean;
  /** A folder of trusted certificates: turns the app signature check on (UPM 8 default). */
  truststore?: string | null;
}

export const UPM_MEDIA = {
  installed: 'application/vnd.atl.plugins.installed+json',
  plugin: 'application/vnd.atl.plugins.plugin+json',
  module: 'application/vnd.atl.plugins.plugin.module+json',
  pendingTask: 'application/vnd.atl.plugins.pending-task+json',
  installing: 'application/vnd.atl.plugins.install.installing+json',
  complete: 'application/vnd.atl.plugins.install.complete+json',
  installError: 'application/vnd.atl.plugins.task.install.err+json',
  error: 'application/vnd.atl.plugins.error+json',
} as const;

/** Refused uploads while `upm.plugin.upload.enabled` is off answer with this (as seen on real instances). */
export const UPLOAD_DISABLED_MESSAGE = 'Plugins cannot be installed via upload';

/** How long a client is told to wait between polls of a pending task. */
const PING_AFTER_MS = 100;
const TOKEN_TTL_MS = 10 * 60_000;
const MAX_TASKS = 50;

interface Task {
  id: string;
  userKey: string;
  timestamp: number;
  source: string;
  done: boolean;
  plugin?: { key: string; name: string; version: string };
  error?: { subCode: string; message: string };
}

const BASE = `${CONTEXT_PATH}/rest/plugins/latest`;
/** Links use the `1.0` path clients call. */
const LINK_BASE = `${CONTEXT_PATH}/rest/plugins/1.0`;

function sendUpm(reply: FastifyReply, status: number, mediaType: string, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', `${mediaType};charset=UTF-8`).header('cache-control', 'no-cache, no-store').send(JSON.stringify(body));
}

function upmError(reply: FastifyReply, status: number, subCode: string, message: string): FastifyReply {
  return sendUpm(reply, status, UPM_MEDIA.error, { 'status-code': status, subCode, message });
}

const pluginKeyParam = (value: string): string | null => (value.endsWith('-key') ? value.slice(0, -'-key'.length) : null);

export function registerUpm(app: FastifyInstance, plugins: InstalledPlugins, options: UpmOptions = {}): void {
  const uploadEnabled = options.uploadEnabled ?? true;
  const truststore = options.truststore ?? null;
  const tokens = new Map<string, { user: string; expires: number }>();
  const tasks = new Map<string, Task>();

  // UPM's own media types carry JSON bodies (PUT plugin / module).
  app.addContentTypeParser(/^application\/vnd\.atl\.plugins\.[a-z.-]+\+json/, { parseAs: 'string' }, (_request, raw, done) => {
    const text = String(raw);
    try {
      done(null, text.trim() ? JSON.parse(text) : undefined);
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  /** Only system administrators manage apps; null after answering for anyone else. */
  const requireSysAdmin = (request: FastifyRequest, reply: FastifyReply): UserRecord | null => {
    const user = request.user;
    if (!user) {
      upmError(reply, 401, 'upm.error.unauthorized', 'You must log in as a system administrator to manage apps.');
      return null;
    }
    if (user.globalPermission !== 'SYS_ADMIN') {
      upmError(reply, 403, 'upm.error.forbidden', `User ${user.name} is not a system administrator; only system administrators can manage apps.`);
      return null;
    }
    return user;
  };

  const moduleRep = (jar: InstalledJar, module: InstalledJar['descriptor']['modules'][number]) => ({
    key: module.key,
    completeKey: module.completeKey,
    name: module.name,
    enabled: plugins.isModuleEnabled(jar.key, module.key),
    optional: true,
    recognisableType: true,
    broken: false,
    links: { self: `${LINK_BASE}/${jar.key}-key/modules/${module.key}-key`, plugin: `${LINK_BASE}/${jar.key}-key` },
  });

  const summaryRep = (jar: InstalledJar) => ({
    key: jar.key,
    name: jar.descriptor.name,
    version: jar.descriptor.version,
    enabled: plugins.stateOf(jar.key).enabled,
    userInstalled: true,
    optional: true,
    static: false,
    unloadable: false,
    description: jar.descriptor.description ?? '',
    vendor: jar.descriptor.vendorName ? { name: jar.descriptor.vendorName } : undefined,
    links: { self: `${LINK_BASE}/${jar.key}-key`, modify: `${LINK_BASE}/${jar.key}-key`, delete: `${LINK_BASE}/${jar.key}-key`, 'plugin-summary': `${LINK_BASE}/${jar.key}-key/summary` },
  });

  const pluginRep = (jar: InstalledJar) => ({ ...summaryRep(jar), modules: jar.descriptor.modules.map((m) => moduleRep(jar, m)) });

  const taskRep = (task: Task) => {
    const status = task.done
      ? task.error
        ? { done: true, statusCode: 200, contentType: UPM_MEDIA.installError, subCode: task.error.subCode, errorMessage: task.error.message, source: task.source }
        : { done: true, statusCode: 200, contentType: UPM_MEDIA.complete, source: task.source, name: task.plugin?.name, version: task.plugin?.version, successes: task.plugin ? [{ name: task.plugin.name, key: task.plugin.key, version: task.plugin.version, links: { plugin: `${LINK_BASE}/${task.plugin.key}-key` } }] : undefined }
      : { done: false, statusCode: 200, contentType: UPM_MEDIA.installing, source: task.source };
    return {
      type: 'INSTALL',
      pingAfter: task.done ? undefined : PING_AFTER_MS,
      status,
      links: { self: `${LINK_BASE}/pending/${task.id}`, alternate: `${LINK_BASE}/tasks/${task.id}` },
      timestamp: task.timestamp,
      userKey: task.userKey,
      id: task.id,
    };
  };

  const list = async (request: FastifyRequest, reply: FastifyReply) => {
    const user = requireSysAdmin(request, reply);
    if (!user) return reply;
    const now = Date.now();
    for (const [token, entry] of tokens) if (entry.expires < now) tokens.delete(token);
    const token = randomBytes(16).toString('hex');
    tokens.set(token, { user: user.slug, expires: now + TOKEN_TTL_MS });
    reply.header('upm-token', token);
    return sendUpm(reply, 200, UPM_MEDIA.installed, { plugins: plugins.list().map(summaryRep), links: { self: `${LINK_BASE}/`, 'pending-tasks': `${LINK_BASE}/pending` }, safeMode: false });
  };
  app.get(`${BASE}/`, list);
  app.get(BASE, list);

  const upload = async (request: FastifyRequest, reply: FastifyReply) => {
    const user = requireSysAdmin(request, reply);
    if (!user) return reply;
    // The upm-token is UPM's XSRF protection for this resource: one use, issued to this user.
    const token = String((request.query as Record<string, unknown>).token ?? '');
    const issued = tokens.get(token);
    tokens.delete(token);
    if (!issued || issued.user !== user.slug || issued.expires < Date.now()) {
      return upmError(reply, 403, 'upm.error.invalid.token', 'Invalid or missing upm-token: GET /rest/plugins/1.0/ first and send its upm-token header value as ?token=.');
    }
    if (!uploadEnabled) return upmError(reply, 403, 'upm.plugin.upload.disabled', UPLOAD_DISABLED_MESSAGE);
    if (!request.isMultipart()) {
      return upmError(reply, 415, 'upm.pluginInstall.error.unsupported.media', 'The emulator installs uploaded files only: POST multipart/form-data with the JAR as the "plugin" part.');
    }
    let jar: Buffer | undefined;
    let source = 'plugin.jar';
    let signature: string | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'plugin') {
          jar = bytes;
          source = part.filename || source;
        } else if (part.fieldname === 'signature') signature = bytes.toString('utf8');
      } else if (part.fieldname === 'signature') signature = String(part.value);
    }
    if (!jar) return upmError(reply, 400, 'upm.pluginInstall.error.no.file', 'No "plugin" part in the upload.');
    const task: Task = { id: randomUUID(), userKey: user.slug, timestamp: Date.now(), source, done: false };
    tasks.set(task.id, task);
    for (const id of [...tasks.keys()].slice(0, Math.max(0, tasks.size - MAX_TASKS))) tasks.delete(id);
    const bytes = jar;
    // Installs asynchronously, like UPM: the client polls the pending task.
    setImmediate(() => {
      void (async () => {
        try {
          if (truststore) {
            const refusal = checkSignature(bytes, signature, truststore);
            if (refusal) throw new InstallError(refusal.subCode, refusal.message);
          }
          const installed = await plugins.install(bytes);
          task.plugin = { key: installed.key, name: installed.descriptor.name, version: installed.descriptor.version };
        } catch (error) {
          task.error = error instanceof InstallError ? { subCode: error.subCode, message: error.message } : { subCode: 'upm.pluginInstall.error.unexpected', message: (error as Error).message };
        } finally {
          task.done = true;
        }
      })();
    });
    return sendUpm(reply, 202, UPM_MEDIA.pendingTask, taskRep(task)).header('location', `${request.protocol}://${request.host}${LINK_BASE}/pending/${task.id}`);
  };
  app.post(`${BASE}/`, upload);
  app.post(BASE, upload);

  app.get(`${BASE}/pending/:id`, async (request, reply) => {
    if (!requireSysAdmin(request, reply)) return reply;
    const task = tasks.get((request.params as { id: string }).id);
    if (!task) return upmError(reply, 404, 'upm.error.task.not.found', 'No such pending task.');
    return sendUpm(reply, 200, task.done ? (task.error ? UPM_MEDIA.installError : UPM_MEDIA.complete) : UPM_MEDIA.pendingTask, taskRep(task));
  });

  const installedPlugin = (request: FastifyRequest, reply: FastifyReply): InstalledJar | null => {
    const key = pluginKeyParam((request.params as { plugin: string }).plugin);
    const jar = key ? plugins.get(key) : undefined;
    if (!jar) {
      upmError(reply, 404, 'upm.plugin.not.found', `No plugin with key ${key ?? (request.params as { plugin: string }).plugin} is installed.`);
      return null;
    }
    return jar;
  };

  const enabledOf = (body: unknown): boolean | null => {
    const enabled = (body as { enabled?: unknown } | undefined)?.enabled;
    return typeof enabled === 'boolean' ? enabled : null;
  };

  app.get(`${BASE}/:plugin`, async (request, reply) => {
    if (!requireSysAdmin(request, reply)) return reply;
    const jar = installedPlugin(request, reply);
    return jar ? sendUpm(reply, 200, UPM_MEDIA.plugin, pluginRep(jar)) : reply;
  });

  app.put(`${BASE}/:plugin`, async (request, reply) => {
    if (!requireSysAdmin(request, reply)) return reply;
    const jar = installedPlugin(request, reply);
    if (!jar) return reply;
    const enabled = enabledOf(request.body);
    if (enabled === null) return upmError(reply, 400, 'upm.error.invalid.body', 'Send {"enabled": true|false}.');
    plugins.setEnabled(jar.key, enabled);
    return sendUpm(reply, 200, UPM_MEDIA.plugin, pluginRep(jar));
  });

  app.delete(`${BASE}/:plugin`, async (request, reply) => {
    if (!requireSysAdmin(request, reply)) return reply;
    const jar = installedPlugin(request, reply);
    if (!jar) return reply;
    plugins.uninstall(jar.key);
    return reply.code(204).send();
  });

  const moduleOf = (request: FastifyRequest, reply: FastifyReply, jar: InstalledJar) => {
    const moduleKey = pluginKeyParam((request.params as { module: string }).module);
    const module = jar.descriptor.modules.find((m) => m.key === moduleKey);
    if (!module) upmError(reply, 404, 'upm.plugin.module.not.found', `Plugin ${jar.key} has no module ${moduleKey ?? (request.params as { module: string }).module}.`);
    return module ?? null;
  };

  app.get(`${BASE}/:plugin/modules/:module`, async (request, reply) => {
    if (!requireSysAdmin(request, reply)) return reply;
    const jar = installedPlugin(request, reply);
    const module = jar && moduleOf(request, reply, jar);
    return jar && module ? sendUpm(reply, 200, UPM_MEDIA.module, moduleRep(jar, module)) : reply;
  });

  app.put(`${BASE}/:plugin/modules/:module`, async (request, reply) => {
    if (!requireSysAdmin(request, reply)) return reply;
    const jar = installedPlugin(request, reply);
    const module = jar && moduleOf(request, reply, jar);
    if (!jar || !module) return reply;
    const enabled = enabledOf(request.body);
    if (enabled === null) return upmError(reply, 400, 'upm.error.invalid.body', 'Send {"enabled": true|false}.');
    plugins.setModuleEnabled(jar.key, module.key, enabled);
    return sendUpm(reply, 200, UPM_MEDIA.module, moduleRep(jar, module));
  });
}

// @ts-check
'use strict';
/**
 * `npm run deploy -- --url <Bitbucket base URL> (--user <u> --password <p> | --token <t>) [--jar <file>]`
 *
 * Installs the JAR (with `<jar>.sig` when it exists) through UPM's REST API the way Atlassian's SDK
 * does (docs/install-reference.md §2): GET /rest/plugins/1.0/?os_authType=basic for the `upm-token`,
 * POST the multipart upload to /rest/plugins/1.0/?token=…, poll the pending task until it is done, then
 * read /rest/plugins/1.0/<plugin key>-key and check that the plugin and every module of its descriptor
 * are enabled. Every failure is one line that says what to do.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { XMLParser } = require('fast-xml-parser');
const { readJar, parseManifest } = require('./jar');
const { JAR_FILE } = require('./package-jar');

const MEDIA = {
  installed: 'application/vnd.atl.plugins.installed+json',
  plugin: 'application/vnd.atl.plugins.plugin+json',
  pendingTask: 'application/vnd.atl.plugins.pending-task+json',
};
const TRUSTSTORE = '<Bitbucket home>/shared/upmconfig/truststore/';

class DeployError extends Error {}

/**
 * The plugin key, version and module keys of a JAR (what UPM should report after the install).
 * @param {Map<string, Buffer>} entries
 */
function describeJar(entries) {
  const xml = entries.get('atlassian-plugin.xml');
  if (!xml) throw new DeployError('the JAR has no atlassian-plugin.xml at its root — run "npm run package"');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (_n, _p, _l, isAttribute) => !isAttribute });
  const root = parser.parse(xml.toString('utf8'))['atlassian-plugin']?.[0];
  if (!root?.['@key']) throw new DeployError('atlassian-plugin.xml has no plugin key');
  const manifestBytes = entries.get('META-INF/MANIFEST.MF');
  const manifestKey = manifestBytes ? parseManifest(manifestBytes)['Atlassian-Plugin-Key'] : undefined;
  if (manifestKey !== root['@key']) throw new DeployError(`MANIFEST.MF Atlassian-Plugin-Key (${manifestKey ?? 'missing'}) differs from the descriptor key ${root['@key']}`);
  /** @type {string[]} */
  const modules = [];
  for (const [type, value] of Object.entries(root)) {
    if (type.startsWith('@') || type.startsWith('#') || type === 'plugin-info' || type === 'resource' || !Array.isArray(value)) continue;
    for (const node of value) if (node && typeof node === 'object' && node['@key']) modules.push(String(node['@key']));
  }
  const version = String(root['plugin-info']?.[0]?.version?.[0] ?? '');
  return { key: String(root['@key']), version, modules };
}

/** @param {string} text */
function messageOf(text) {
  try {
    const body = JSON.parse(text);
    return String(body.message ?? body.errorMessage ?? body.status?.errorMessage ?? body.errors?.[0]?.message ?? text);
  } catch {
    return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  }
}

/**
 * @typedef {{ url: string, user?: string, password?: string, token?: string, jar?: string, signature?: string | null,
 *   timeoutMs?: number, log?: (line: string) => void }} DeployOptions
 */

/**
 * @param {DeployOptions} options
 * @returns {Promise<{ key: string, version: string, modules: number, ms: number, signed: boolean }>}
 */
async function deployPlugin(options) {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const base = options.url.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base)) throw new DeployError(`--url must be the Bitbucket base URL (http(s)://host[:port][/context]), got "${options.url}"`);
  const upm = `${base}/rest/plugins/1.0`;
  /** @type {Record<string, string>} */
  const auth = {};
  if (options.token) auth.authorization = `Bearer ${options.token}`;
  else if (options.user && options.password !== undefined) auth.authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  else throw new DeployError('give --user and --password (or --token): UPM needs a system administrator');
  const who = options.user ?? 'the token owner';

  const jarFile = path.resolve(options.jar ?? JAR_FILE);
  if (!fs.existsSync(jarFile)) throw new DeployError(`${path.relative(process.cwd(), jarFile)} does not exist — run "npm run package" first`);
  const jarBytes = fs.readFileSync(jarFile);
  const jar = describeJar(await readJar(jarFile));
  const signatureFile = options.signature === null ? null : path.resolve(options.signature ?? `${jarFile}.sig`);
  const signature = signatureFile && fs.existsSync(signatureFile) ? fs.readFileSync(signatureFile, 'utf8').trim() : null;
  if (options.signature && !signature) throw new DeployError(`${options.signature} does not exist — run "npm run sign"`);
  // sign.js leaves the signer's public key next to the JAR: catch a JAR rebuilt after signing before UPM does.
  const publicKeyFile = `${jarFile}.pub.pem`;
  if (signature && fs.existsSync(publicKeyFile)) {
    const valid = crypto.verify(null, jarBytes, crypto.createPublicKey(fs.readFileSync(publicKeyFile, 'utf8')), Buffer.from(signature, 'base64'));
    if (!valid) log(`warning: ${path.relative(process.cwd(), signatureFile ?? '')} does not match the JAR (rebuilt after signing?): run "npm run sign" again if Bitbucket checks signatures`);
  }

  /** @param {string} url @param {RequestInit} [init] */
  const request = async (url, init = {}) => {
    try {
      return await fetch(url, { ...init, headers: { ...auth, 'x-atlassian-token': 'no-check', ...(init.headers ?? {}) }, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      const cause = /** @type {{ cause?: { code?: string, message?: string } }} */ (error).cause;
      throw new DeployError(`cannot reach ${base} (${cause?.code ?? cause?.message ?? /** @type {Error} */ (error).message}): check --url (the base URL with its context path, e.g. http://host:7990/bitbucket) and that Bitbucket is running`);
    }
  };

  // 1. The upm-token (UPM's XSRF token for the upload), as the SDK gets it.
  const listing = await request(`${upm}/?os_authType=basic`, { headers: { accept: MEDIA.installed } });
  const listingText = await listing.text();
  if (listing.status === 401 || listing.status === 403) {
    // Bitbucket refuses bad credentials on every REST resource, even anonymous ones; UPM alone refuses non-admins.
    const probe = await request(`${base}/rest/api/latest/application-properties`, { headers: { accept: 'application/json' } });
    await probe.text();
    if (probe.status === 401) throw new DeployError(`Bitbucket rejected the credentials of ${who} (HTTP 401): check --user/--password or --token`);
    throw new DeployError(`${listing.headers.get('x-ausername') ?? who} is not a system administrator in Bitbucket: only system admins can install apps — use a system admin account (Administration → Global permissions → System admin)`);
  }
  if (listing.status === 404) throw new DeployError(`no UPM at ${upm}/ (HTTP 404): check --url, which must include Bitbucket's context path if it has one`);
  if (!listing.ok) throw new DeployError(`UPM answered HTTP ${listing.status} to GET ${upm}/: ${messageOf(listingText)}`);
  const upmToken = listing.headers.get('upm-token');
  if (!upmToken) throw new DeployError(`UPM gave no upm-token header to ${who}: make sure the account is a system administrator`);

  // 2. The upload: the JAR as `plugin`, its signature as `signature`.
  const form = new FormData();
  form.append('plugin', new Blob([jarBytes], { type: 'application/java-archive' }), path.basename(jarFile));
  if (signature) form.append('signature', new Blob([signature], { type: 'text/plain' }), `${path.basename(jarFile)}.sig`);
  const uploaded = await request(`${upm}/?token=${encodeURIComponent(upmToken)}`, { method: 'POST', body: form, headers: { accept: 'application/json' } });
  const uploadText = await uploaded.text();
  if (!uploaded.ok) {
    const message = messageOf(uploadText);
    if (uploaded.status === 403 && /upload/i.test(message)) {
      throw new DeployError(`app upload is disabled on this Bitbucket (the default from 8.9): add -Dupm.plugin.upload.enabled=true to JVM_SUPPORT_RECOMMENDED_ARGS, restart Bitbucket, and deploy again`);
    }
    if (/signature/i.test(message)) throw new DeployError(signatureAdvice(Boolean(signature), message));
    throw new DeployError(`UPM refused the upload (HTTP ${uploaded.status}): ${message}`);
  }
  log(`uploaded ${path.basename(jarFile)}${signature ? ' with its signature' : ''}; waiting for UPM to install it`);

  // 3. The pending task, until it is done.
  /** @type {any} */
  let task = JSON.parse(uploadText || '{}');
  const origin = new URL(base).origin;
  const deadline = started + (options.timeoutMs ?? 120_000);
  while (task && task.status && !task.status.done) {
    if (Date.now() > deadline) throw new DeployError(`UPM did not finish installing within ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s: look at Administration → Manage apps and the Bitbucket log`);
    const self = task.links?.self;
    if (!self) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(2000, Math.max(50, Number(task.pingAfter) || 500))));
    const polled = await request(new URL(self, origin).toString(), { headers: { accept: MEDIA.pendingTask } });
    const text = await polled.text();
    if (!polled.ok) throw new DeployError(`polling the install task answered HTTP ${polled.status}: ${messageOf(text)}`);
    task = JSON.parse(text || '{}');
    // Some UPM versions redirect a finished task to the installed plugin.
    if (task && task.key && Array.isArray(task.modules)) break;
  }
  if (task?.status?.done && (task.status.errorMessage || task.status.subCode || /err/.test(String(task.status.contentType ?? '')))) {
    const message = String(task.status.errorMessage ?? task.status.subCode);
    if (/signature/i.test(`${message} ${task.status.subCode ?? ''}`)) throw new DeployError(signatureAdvice(Boolean(signature), message));
    throw new DeployError(`UPM could not install ${path.basename(jarFile)}: ${message}`);
  }

  // 4. The plugin resource: the plugin and every module of our descriptor enabled.
  const pluginResponse = await request(`${upm}/${encodeURIComponent(jar.key)}-key`, { headers: { accept: MEDIA.plugin } });
  const pluginText = await pluginResponse.text();
  if (pluginResponse.status === 404) throw new DeployError(`UPM reported the install as done, but has no plugin ${jar.key}: look at the Bitbucket log for why it failed to load`);
  if (!pluginResponse.ok) throw new DeployError(`reading ${jar.key} from UPM answered HTTP ${pluginResponse.status}: ${messageOf(pluginText)}`);
  const plugin = JSON.parse(pluginText);
  if (jar.version && plugin.version !== jar.version) throw new DeployError(`UPM still runs ${jar.key} ${plugin.version}, not the uploaded ${jar.version}: look at the Bitbucket log for why the upgrade did not take`);
  if (plugin.enabled !== true) throw new DeployError(`${jar.key} ${plugin.version} is installed but disabled: enable it in Administration → Manage apps (or PUT {"enabled":true} to ${upm}/${jar.key}-key)`);
  /** @type {Map<string, boolean>} */
  const reported = new Map((Array.isArray(plugin.modules) ? plugin.modules : []).map((/** @type {any} */ m) => [String(m.key), m.enabled === true]));
  const disabled = jar.modules.filter((key) => reported.get(key) !== true);
  if (disabled.length) {
    throw new DeployError(`${jar.key} ${plugin.version} is installed, but ${disabled.length} of its ${jar.modules.length} modules are not enabled: ${disabled.join(', ')} — enable them in Administration → Manage apps → ${plugin.name ?? jar.key} → modules, or see the Bitbucket log for why they failed`);
  }
  return { key: jar.key, version: String(plugin.version), modules: jar.modules.length, ms: Date.now() - started, signed: Boolean(signature) };
}

/** @param {boolean} sent @param {string} detail */
function signatureAdvice(sent, detail) {
  return sent
    ? `Bitbucket refused the app signature (${detail}): copy the certificate that signed it (npm run sign prints it) into ${TRUSTSTORE} (read-only, no restart), re-sign if the JAR was rebuilt after signing, and deploy again`
    : `Bitbucket checks app signatures (UPM 8, Bitbucket 10) and this upload had none: run "npm run sign", copy the certificate it prints into ${TRUSTSTORE}, and deploy again — or have the admin set atlassian.upm.signature.check.disabled=true`;
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {DeployOptions & { help?: boolean }} */
  const options = { url: '' };
  const usage = 'Usage: npm run deploy -- --url <Bitbucket base URL> (--user <admin> --password <password> | --token <token>) [--jar <file.jar>] [--signature <file.sig> | --no-signature] [--timeout <seconds>]';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new DeployError(`${flag} needs a value. ${usage}`);
      return v;
    };
    if (flag === '--url') options.url = value();
    else if (flag === '--user') options.user = value();
    else if (flag === '--password') options.password = value();
    else if (flag === '--token') options.token = value();
    else if (flag === '--jar') options.jar = value();
    else if (flag === '--signature') options.signature = value();
    else if (flag === '--no-signature') options.signature = null;
    else if (flag === '--timeout') options.timeoutMs = Number(value()) * 1000;
    else if (flag === '--help' || flag === '-h') throw new DeployError(usage);
    else throw new DeployError(`unknown argument ${arg}. ${usage}`);
  }
  options.password ??= process.env.BITBUCKET_PASSWORD;
  options.token ??= process.env.BITBUCKET_TOKEN;
  if (!options.url) throw new DeployError(`--url is required. ${usage}`);
  return options;
}

if (require.main === module) {
  (async () => {
    const options = parseArgs(process.argv.slice(2));
    const result = await deployPlugin({ ...options, log: (line) => process.stdout.write(`${line}\n`) });
    process.stdout.write(`Deployed ${result.key} ${result.version} to ${options.url}${result.signed ? ' (signed)' : ''}: enabled, ${result.modules}/${result.modules} modules enabled, in ${result.ms} ms\n`);
  })().catch((error) => {
    process.stderr.write(`deploy: ${error instanceof DeployError ? error.message : /** @type {Error} */ (error).stack}\n`);
    process.exit(1);
  });
}

module.exports = { deployPlugin, describeJar, DeployError };

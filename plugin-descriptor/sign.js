// @ts-check
'use strict';
/**
 * `npm run sign [-- --key <ed25519-private.pem> --cert <certificate.pem>] [--jar <file>]`
 *
 * Signs the packaged JAR the way UPM's app-signature check expects (docs/install-reference.md §1):
 * an Ed25519 signature over the JAR's bytes, Base64-encoded, written next to it as `<jar>.sig`.
 * Without --key/--cert it uses a development key and a self-signed certificate kept in `.signing/`
 * (git-ignored), creating them on the first run and reusing them afterwards.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { APP, PLUGIN_KEY, PLUGIN_VERSION } = require('./modules');
const { selfSignedCertificate } = require('./x509');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_JAR = path.join(ROOT, 'target', `${PLUGIN_KEY}-${PLUGIN_VERSION}.jar`);
const DEV_DIR = path.join(ROOT, '.signing');
const DEV_KEY = path.join(DEV_DIR, 'app-signing.key');
const DEV_CERT = path.join(DEV_DIR, 'app-signing.crt');
/** A development certificate is renewed this long before it expires. */
const RENEW_BEFORE_MS = 7 * 86_400_000;

class SignError extends Error {}

/** @param {string} file */
function readPem(file) {
  if (!fs.existsSync(file)) throw new SignError(`${file} does not exist`);
  return fs.readFileSync(file, 'utf8');
}

/** @param {string} keyFile @param {string} certFile */
function loadKeyAndCertificate(keyFile, certFile) {
  let privateKey;
  try {
    privateKey = crypto.createPrivateKey(readPem(keyFile));
  } catch (error) {
    if (error instanceof SignError) throw error;
    throw new SignError(`${keyFile} is not a readable private key (PEM, unencrypted): ${/** @type {Error} */ (error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new SignError(`${keyFile} is a ${privateKey.asymmetricKeyType} key; UPM app signing needs an Ed25519 key (openssl genpkey -algorithm ed25519)`);
  let certificate;
  try {
    certificate = new crypto.X509Certificate(readPem(certFile));
  } catch (error) {
    if (error instanceof SignError) throw error;
    throw new SignError(`${certFile} is not a PEM X.509 certificate: ${/** @type {Error} */ (error).message}`);
  }
  const certKey = certificate.publicKey.export({ type: 'spki', format: 'der' });
  const ownKey = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!certKey.equals(ownKey)) throw new SignError(`${certFile} does not certify the public key of ${keyFile}: UPM would refuse every signature made with it`);
  return { privateKey, certificate };
}

/**
 * Creates (or renews, when it is about to expire) the development key and certificate in `dir`
 * (default `.signing/`); the key itself is kept across renewals.
 */
function ensureDevelopmentKey(now = new Date(), dir = DEV_DIR) {
  const DEV_KEY = path.join(dir, 'app-signing.key');
  const DEV_CERT = path.join(dir, 'app-signing.crt');
  if (fs.existsSync(DEV_KEY) && fs.existsSync(DEV_CERT)) {
    const { certificate } = loadKeyAndCertificate(DEV_KEY, DEV_CERT);
    if (new Date(certificate.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS) return { keyFile: DEV_KEY, certFile: DEV_CERT, created: false };
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKey = fs.existsSync(DEV_KEY) ? crypto.createPrivateKey(readPem(DEV_KEY)) : crypto.generateKeyPairSync('ed25519').privateKey;
  if (!fs.existsSync(DEV_KEY)) fs.writeFileSync(DEV_KEY, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const pem = selfSignedCertificate(privateKey, { commonName: `${PLUGIN_KEY} development signing`, organization: `${APP.vendor.name} (development)`, days: 365, now });
  fs.writeFileSync(DEV_CERT, pem);
  return { keyFile: DEV_KEY, certFile: DEV_CERT, created: true };
}

/**
 * Signs `jarFile`; writes `<jar>.sig` (Base64 of the 64-byte Ed25519 signature, one line, no newline)
 * and `<jar>.pub.pem` (the certificate's public key, for openssl).
 * @param {{ jarFile: string, keyFile: string, certFile: string }} options
 */
function signJar({ jarFile, keyFile, certFile }) {
  if (!fs.existsSync(jarFile)) throw new SignError(`${jarFile} does not exist — run "npm run package" first`);
  const { privateKey, certificate } = loadKeyAndCertificate(keyFile, certFile);
  const now = Date.now();
  if (new Date(certificate.validTo).getTime() < now) throw new SignError(`${certFile} expired on ${certificate.validTo}; UPM refuses signatures from expired certificates`);
  const bytes = fs.readFileSync(jarFile);
  const signature = crypto.sign(null, bytes, privateKey);
  const signatureFile = `${jarFile}.sig`;
  fs.writeFileSync(signatureFile, signature.toString('base64'));
  const publicKeyFile = `${jarFile}.pub.pem`;
  fs.writeFileSync(publicKeyFile, certificate.publicKey.export({ type: 'spki', format: 'pem' }));
  return { signatureFile, publicKeyFile, certificate };
}

/** True when `signatureBase64` is a valid signature of `bytes` by the certificate's key. */
function verifySignature(/** @type {Buffer} */ bytes, /** @type {string} */ signatureBase64, /** @type {crypto.X509Certificate} */ certificate) {
  const text = signatureBase64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return false;
  const signature = Buffer.from(text, 'base64');
  if (signature.length !== 64) return false;
  return crypto.verify(null, bytes, certificate.publicKey, signature);
}

/** The shell command (Debian's openssl + coreutils) that verifies `<jar>.sig`; openssl wants the raw bytes. */
function opensslVerifyCommand(/** @type {string} */ jarFile, /** @type {string} */ publicKeyFile) {
  const rel = (/** @type {string} */ file) => path.relative(process.cwd(), file) || file;
  const raw = `${rel(jarFile)}.sig.raw`;
  return `base64 -d ${rel(jarFile)}.sig > ${raw} && openssl pkeyutl -verify -pubin -inkey ${rel(publicKeyFile)} -rawin -in ${rel(jarFile)} -sigfile ${raw}`;
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ key?: string, cert?: string, jar?: string }} */
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--key' || flag === '--cert' || flag === '--jar') {
      const value = inline ?? argv[++i];
      if (!value) throw new SignError(`${flag} needs a file`);
      options[/** @type {'key'|'cert'|'jar'} */ (flag.slice(2))] = path.resolve(value);
    } else if (flag === '--help' || flag === '-h') {
      throw new SignError('Usage: npm run sign [-- --key <ed25519-private-key.pem> --cert <certificate.pem>] [--jar <file.jar>]');
    } else throw new SignError(`Unknown argument ${arg}. Usage: npm run sign [-- --key <ed25519-private-key.pem> --cert <certificate.pem>] [--jar <file.jar>]`);
  }
  if (Boolean(options.key) !== Boolean(options.cert)) throw new SignError('--key and --cert go together: the certificate must certify that key');
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const jarFile = options.jar ?? DEFAULT_JAR;
  let keyFile = options.key;
  let certFile = options.cert;
  let created = false;
  if (!keyFile || !certFile) ({ keyFile, certFile, created } = ensureDevelopmentKey());
  const { signatureFile, publicKeyFile, certificate } = signJar({ jarFile, keyFile, certFile });
  const rel = (/** @type {string} */ file) => path.relative(process.cwd(), file) || file;
  const lines = [
    `Signed ${rel(jarFile)} → ${rel(signatureFile)} (Ed25519, Base64)`,
    `  Key:         ${rel(keyFile)}${options.key ? '' : created ? ' (development key, created now; git-ignored)' : ' (development key; git-ignored)'}`,
    `  Certificate: ${rel(certFile)} (${certificate.subject.replace(/\n/g, ', ')}; valid until ${certificate.validTo})`,
    `  Truststore:  copy ${rel(certFile)} into <Bitbucket home>/shared/upmconfig/truststore/ (read-only; no restart needed)`,
    `  Verify:      ${opensslVerifyCommand(jarFile, publicKeyFile)}`,
    `  Deploy:      npm run deploy -- --url <Bitbucket base URL> --user <admin> --password <password>`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`sign: ${error instanceof SignError ? error.message : /** @type {Error} */ (error).stack}\n`);
    process.exit(1);
  }
}

module.exports = { signJar, verifySignature, ensureDevelopmentKey, loadKeyAndCertificate, opensslVerifyCommand, SignError, DEV_DIR, DEV_KEY, DEV_CERT, DEFAULT_JAR };

/**
 * `npm run sign`: an Ed25519 signature over the JAR's bytes, Base64 in `<jar>.sig`, that Debian's openssl
 * verifies with the command the script prints, and that fails once the JAR changes. Needs the packaged
 * JAR (npm test packages first) and `openssl` (.ci/run installs it).
 */
import { execFileSync, spawnSync } from 'child_process';
import { X509Certificate } from 'crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { JAR_PATH } from '../descriptor/built-jar';
import { ensureDevelopmentKey, loadKeyAndCertificate, opensslVerifyCommand, signJar, verifySignature } from '../../plugin-descriptor/sign';

const ROOT = join(__dirname, '../..');
const SIGN = join(ROOT, 'plugin-descriptor/sign.js');

/** Runs a printed shell command the way a user pastes it (cwd = where they ran npm run sign). */
function shell(command: string, cwd: string) {
  return spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8' });
}

describe('npm run sign', () => {
  let dir: string;
  let jar: string;

  beforeAll(() => {
    if (!existsSync(JAR_PATH)) throw new Error('run "npm run package" first');
    execFileSync('openssl', ['version']); // fails clearly when openssl is missing
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sign-test-'));
    jar = join(dir, 'plugin.jar');
    copyFileSync(JAR_PATH, jar);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a development key and self-signed Ed25519 certificate once, and reuses them', () => {
    const keys = join(dir, 'keys');
    const first = ensureDevelopmentKey(new Date(), keys);
    expect(first.created).toBe(true);
    const pem = readFileSync(first.certFile, 'utf8');
    const certificate = new X509Certificate(pem);
    expect(certificate.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(certificate.verify(certificate.publicKey)).toBe(true); // self-signed
    expect(certificate.issuer).toBe(certificate.subject);
    expect(statSync(first.keyFile).mode & 0o077).toBe(0); // private key readable by its owner only
    const again = ensureDevelopmentKey(new Date(), keys);
    expect(again.created).toBe(false);
    expect(readFileSync(again.certFile, 'utf8')).toBe(pem);
    // openssl reads the certificate too (the truststore file an admin installs).
    expect(shell(`openssl x509 -in ${first.certFile} -noout -subject`, dir).status).toBe(0);
  });

  it('renews an expiring development certificate but keeps the key', () => {
    const keys = join(dir, 'keys');
    const first = ensureDevelopmentKey(new Date(), keys);
    const key = readFileSync(first.keyFile, 'utf8');
    const inAYear = new Date(Date.now() + 364 * 86_400_000);
    const renewed = ensureDevelopmentKey(inAYear, keys);
    expect(renewed.created).toBe(true);
    expect(readFileSync(renewed.keyFile, 'utf8')).toBe(key);
    expect(Date.parse(new X509Certificate(readFileSync(renewed.certFile)).validTo)).toBeGreaterThan(inAYear.getTime());
  });

  it('writes a Base64 signature of the JAR bytes that openssl verifies with the printed command, and that fails after the JAR changes', () => {
    const { keyFile, certFile } = ensureDevelopmentKey(new Date(), join(dir, 'keys'));
    const { signatureFile, publicKeyFile, certificate } = signJar({ jarFile: jar, keyFile, certFile });
    expect(signatureFile).toBe(`${jar}.sig`);
    const text = readFileSync(signatureFile, 'utf8');
    expect(text).toMatch(/^[A-Za-z0-9+/]{86}==$/); // 64 raw bytes, one line, no newline
    expect(verifySignature(readFileSync(jar), text, certificate)).toBe(true);

    const verified = shell(opensslVerifyCommand(jar, publicKeyFile), process.cwd()); // printed relative to the working directory
    expect(verified.stdout + verified.stderr).toContain('Signature Verified Successfully');
    expect(verified.status).toBe(0);
    // The documented flow works with the certificate alone: openssl x509 -pubkey, then pkeyutl.
    const fromCertificate = shell(`openssl x509 -in ${certFile} -noout -pubkey > cert.pub && base64 -d plugin.jar.sig > sig.raw && openssl pkeyutl -verify -pubin -inkey cert.pub -rawin -in plugin.jar -sigfile sig.raw`, dir);
    expect(fromCertificate.status).toBe(0);
    // openssl's -sigfile takes the raw bytes: the Base64 file itself does not verify (why the command decodes first).
    expect(shell(`openssl pkeyutl -verify -pubin -inkey ${publicKeyFile} -rawin -in plugin.jar -sigfile plugin.jar.sig`, dir).status).not.toBe(0);

    const bytes = readFileSync(jar);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(jar, bytes);
    expect(verifySignature(bytes, text, certificate)).toBe(false);
    const tampered = shell(opensslVerifyCommand(jar, publicKeyFile), process.cwd()); // printed relative to the working directory
    expect(tampered.status).not.toBe(0);
    expect(tampered.stdout + tampered.stderr).toContain('Signature Verification Failure');
  });

  it('signs with the admin own openssl-made Ed25519 key and certificate (--key/--cert) and prints the truststore file and the verify command', () => {
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'admin.key')]);
    execFileSync('openssl', ['req', '-new', '-x509', '-key', join(dir, 'admin.key'), '-subj', '/CN=Admin signing', '-days', '2', '-out', join(dir, 'admin.crt')]);
    const output = execFileSync('node', [SIGN, '--jar', jar, '--key', join(dir, 'admin.key'), '--cert', join(dir, 'admin.crt')], { cwd: dir, encoding: 'utf8' });
    expect(output).toContain(`Truststore:  copy ${relative(dir, join(dir, 'admin.crt'))} into <Bitbucket home>/shared/upmconfig/truststore/`);
    const verify = /Verify: +(.+)/.exec(output)?.[1];
    expect(verify).toContain('openssl pkeyutl -verify -pubin -inkey');
    const verified = shell(verify!, dir);
    expect(verified.status).toBe(0);
    expect(verifySignature(readFileSync(jar), readFileSync(`${jar}.sig`, 'utf8'), new X509Certificate(readFileSync(join(dir, 'admin.crt'))))).toBe(true);
  });

  it('refuses a certificate of another key, a non-Ed25519 key, and --key without --cert', () => {
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'a.key')]);
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'b.key')]);
    execFileSync('openssl', ['req', '-new', '-x509', '-key', join(dir, 'b.key'), '-subj', '/CN=b', '-days', '2', '-out', join(dir, 'b.crt')]);
    expect(() => loadKeyAndCertificate(join(dir, 'a.key'), join(dir, 'b.crt'))).toThrow(/does not certify the public key/);
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', join(dir, 'ec.key')]);
    expect(() => loadKeyAndCertificate(join(dir, 'ec.key'), join(dir, 'b.crt'))).toThrow(/needs an Ed25519 key/);
    const cli = spawnSync('node', [SIGN, '--jar', jar, '--key', join(dir, 'a.key')], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('--key and --cert go together');
    expect(existsSync(`${jar}.sig`)).toBe(false);
  });
});

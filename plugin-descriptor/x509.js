// @ts-check
'use strict';
/**
 * A minimal DER writer for one thing: a self-signed Ed25519 X.509 v3 certificate (RFC 5280 + RFC 8410),
 * because Node's `crypto` can sign with Ed25519 and parse certificates but cannot issue one.
 */
const crypto = require('crypto');

/** @param {number} tag @param {Buffer} body */
function tlv(tag, body) {
  const length = body.length;
  let header;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else if (length < 0x100) header = Buffer.from([tag, 0x81, length]);
  else if (length < 0x10000) header = Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  else throw new Error('DER value too long');
  return Buffer.concat([header, body]);
}

const sequence = (/** @type {Buffer[]} */ ...items) => tlv(0x30, Buffer.concat(items));
const set = (/** @type {Buffer[]} */ ...items) => tlv(0x31, Buffer.concat(items));
const explicit = (/** @type {number} */ n, /** @type {Buffer} */ body) => tlv(0xa0 + n, body);
const utf8 = (/** @type {string} */ text) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bitString = (/** @type {Buffer} */ bytes) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));

/** @param {string} dotted */
function oid(dotted) {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk = [part & 0x7f];
    for (let rest = part >> 7; rest > 0; rest >>= 7) chunk.unshift((rest & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). */
function time(/** @type {Date} */ date) {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

const ED25519 = '1.3.101.112';

/** @param {{ commonName: string, organization?: string }} subject */
function name(subject) {
  const rdns = [];
  if (subject.organization) rdns.push(set(sequence(oid('2.5.4.10'), utf8(subject.organization))));
  rdns.push(set(sequence(oid('2.5.4.3'), utf8(subject.commonName))));
  return sequence(...rdns);
}

/**
 * @param {crypto.KeyObject} privateKey an Ed25519 private key
 * @param {{ commonName: string, organization?: string, days: number, now?: Date }} options
 * @returns {string} the certificate as PEM
 */
function selfSignedCertificate(privateKey, options) {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${privateKey.asymmetricKeyType}`);
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + options.days * 86_400_000);
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01; // positive and without a leading zero byte
  const algorithm = sequence(oid(ED25519));
  const spki = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const extensions = sequence(
    // basicConstraints: not a CA
    sequence(oid('2.5.29.19'), tlv(0x04, sequence())),
    // keyUsage (critical): digitalSignature
    sequence(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0x07, 0x80])))),
  );
  const subject = name(options);
  const tbs = sequence(explicit(0, tlv(0x02, Buffer.from([2]))), tlv(0x02, serial), algorithm, subject, sequence(time(notBefore), time(notAfter)), subject, spki, explicit(3, extensions));
  const signature = crypto.sign(null, tbs, privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

module.exports = { selfSignedCertificate };

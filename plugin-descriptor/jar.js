// @ts-check
'use strict';
/** Reading and writing plugin JARs (zip files) deterministically. */
const fs = require('fs');
const yazl = require('yazl');
const yauzl = require('yauzl');

/** Fixed timestamp for every entry, so the same files always give the same bytes. */
const FIXED_MTIME = new Date(Date.UTC(2020, 0, 1, 0, 0, 0));

/**
 * Writes `entries` (path → bytes) as a zip; MANIFEST.MF first (as `jar` does), the rest sorted.
 * @param {Map<string, Buffer>} entries
 * @param {string} file
 * @returns {Promise<void>}
 */
function writeJar(entries, file) {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    const names = [...entries.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const directories = new Set();
    for (const name of names) {
      const parts = name.split('/');
      for (let i = 1; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/') + '/';
        if (!directories.has(dir)) {
          directories.add(dir);
          zip.addEmptyDirectory(dir, { mtime: FIXED_MTIME, mode: 0o40755 });
        }
      }
      zip.addBuffer(/** @type {Buffer} */ (entries.get(name)), name, { mtime: FIXED_MTIME, mode: 0o100644, compress: true });
    }
    zip.end();
    const out = fs.createWriteStream(file);
    zip.outputStream.pipe(out).on('finish', resolve).on('error', reject);
  });
}

/** @param {string} name */
function rank(name) {
  return name === 'META-INF/MANIFEST.MF' ? 0 : 1;
}

/**
 * Reads every file entry of a zip into memory.
 * @param {string} file
 * @returns {Promise<Map<string, Buffer>>}
 */
function readJar(file) {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (error, zip) => (error || !zip ? reject(error) : readEntries(zip).then(resolve, reject))));
}

/**
 * Reads every file entry of a zip held in memory (an uploaded JAR).
 * @param {Buffer} bytes
 * @returns {Promise<Map<string, Buffer>>}
 */
function readJarBuffer(bytes) {
  return new Promise((resolve, reject) => yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => (error || !zip ? reject(error) : readEntries(zip).then(resolve, reject))));
}

/**
 * @param {import('yauzl').ZipFile} zip
 * @returns {Promise<Map<string, Buffer>>}
 */
function readEntries(zip) {
  return new Promise((resolve, reject) => {
    /** @type {Map<string, Buffer>} */
    const entries = new Map();
    zip.on('entry', (entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err);
        /** @type {Buffer[]} */
        const chunks = [];
        stream.on('data', (/** @type {Buffer} */ c) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * A JAR manifest: `Name: value` lines of at most 72 bytes, continued with a leading space, CRLF.
 * @param {[string, string][]} headers
 */
function manifest(headers) {
  const lines = [];
  for (const [name, value] of headers) {
    let line = Buffer.from(`${name}: ${value}`, 'utf8');
    let first = true;
    while (line.length > 0) {
      const room = first ? 72 : 71;
      let cut = Math.min(room, line.length);
      while (cut < line.length && (line[cut] & 0xc0) === 0x80) cut--; // never split a UTF-8 sequence
      lines.push((first ? '' : ' ') + line.subarray(0, cut).toString('utf8'));
      line = line.subarray(cut);
      first = false;
    }
  }
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8');
}

/** @param {Buffer} bytes */
function parseManifest(bytes) {
  /** @type {Record<string, string>} */
  const headers = {};
  let current = '';
  for (const line of bytes.toString('utf8').split(/\r\n|\n/)) {
    if (line.startsWith(' ') && current) headers[current] += line.slice(1);
    else if (line.includes(': ')) {
      current = line.slice(0, line.indexOf(': '));
      headers[current] = line.slice(line.indexOf(': ') + 2);
    }
  }
  return headers;
}

module.exports = { writeJar, readJar, readJarBuffer, manifest, parseManifest };

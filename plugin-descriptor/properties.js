// @ts-check
'use strict';

/**
 * Parses a Java `.properties` file (the format WRM reads i18n bundles in): `#`/`!` comments,
 * `=`, `:` or whitespace separators, backslash line continuations and `\uXXXX` escapes.
 * @param {string} text
 * @returns {Record<string, string>}
 */
function parseProperties(text) {
  /** @type {Record<string, string>} */
  const result = {};
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^\s+/, '');
    if (!line || line[0] === '#' || line[0] === '!') continue;
    while (endsWithContinuation(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i].replace(/^\s+/, '');
    }
    let j = 0;
    let key = '';
    while (j < line.length && !/[=:\s]/.test(line[j])) {
      if (line[j] === '\\') {
        key += line.slice(j, j + 2);
        j += 2;
      } else key += line[j++];
    }
    while (j < line.length && /\s/.test(line[j])) j++;
    if (line[j] === '=' || line[j] === ':') j++;
    while (j < line.length && /\s/.test(line[j])) j++;
    result[unescape(key)] = unescape(line.slice(j));
  }
  return result;
}

/** @param {string} line */
function endsWithContinuation(line) {
  const trailing = /\\+$/.exec(line);
  return trailing !== null && trailing[0].length % 2 === 1;
}

/** @param {string} s */
function unescape(s) {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e) => {
    if (e[0] === 'u' && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    /** @type {Record<string, string>} */
    const named = { t: '\t', n: '\n', r: '\r', f: '\f' };
    return named[e] ?? e;
  });
}

module.exports = { parseProperties };

/**
 * `wrm/format`: Atlassian's MessageFormat subset — `{0}`, `{0,number}`,
 * `{0,choice,0#none|1#one|1<{0} many}` and `''` quoting. The emulator's jsI18n transformer uses it too.
 */
export default function format(pattern: string, ...args: unknown[]): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      out += end === -1 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      i = end === -1 ? pattern.length : end + 1;
    } else if (c === '{') {
      let depth = 0;
      let j = i;
      for (; j < pattern.length; j++) {
        if (pattern[j] === '{') depth++;
        else if (pattern[j] === '}' && --depth === 0) break;
      }
      out += argument(pattern.slice(i + 1, j), args);
      i = j + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

function argument(spec: string, args: unknown[]): string {
  const [indexText, kind, ...rest] = spec.split(',');
  const index = Number(indexText.trim());
  if (!Number.isInteger(index)) return `{${spec}}`;
  // Like Java's MessageFormat, a missing argument prints as its placeholder.
  if (index >= args.length) return `{${index}}`;
  const value = args[index];
  if (kind?.trim() === 'choice') {
    const n = Number(value);
    // ChoiceFormat: the last option whose limit is reached; below the first limit, the first option.
    let chosen: string | undefined;
    for (const option of rest.join(',').split('|')) {
      const m = /^\s*(-?[\d.]+)\s*([#<\u2264])(.*)$/s.exec(option);
      if (!m) continue;
      const limit = Number(m[1]);
      if (chosen === undefined || (m[2] === '<' ? n > limit : n >= limit)) chosen = m[3];
    }
    chosen = chosen ?? '';
    return format(chosen, ...args);
  }
  if (kind?.trim() === 'number' && typeof value === 'number') return value.toLocaleString('en-US');
  return value === undefined || value === null ? '' : String(value);
}

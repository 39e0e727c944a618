/**
 * Meta-tests for the rules in docs/architecture.md that a reviewer would otherwise have to catch:
 * no HTML sinks or dynamic code in the plugin, and host globals/modules only in frontend/host.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const FRONTEND = join(__dirname, '../frontend');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(test|d)\.ts$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(FRONTEND).map((path) => ({ path: relative(FRONTEND, path), code: stripComments(readFileSync(path, 'utf8')) }));

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function offenders(pattern: RegExp, allowed: (path: string) => boolean = () => false): string[] {
  return files.filter((f) => !allowed(f.path) && pattern.test(f.code)).map((f) => f.path);
}

describe('frontend conventions', () => {
  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('never writes HTML: no innerHTML, outerHTML, insertAdjacentHTML, document.write', () => {
    expect(offenders(/\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write/)).toEqual([]);
  });

  it('never evaluates strings as code', () => {
    expect(offenders(/\beval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\(\s*['"`]/)).toEqual([]);
  });

  it('touches host globals and host AMD modules only in frontend/host', () => {
    const inHost = (path: string) => path.startsWith('host/');
    expect(offenders(/\b(AJS|WRM|jQuery)\b|window\.(require|define)\b/, inHost)).toEqual([]);
    expect(offenders(/from\s+['"](wrm\/|bitbucket\/|aui\/|jquery['"])/, inHost)).toEqual([]);
  });

  it('reaches the CSE runtime only through yourcompany/cse', () => {
    expect(offenders(/from\s+['"]@atlassian\/clientside-extensions/, (p) => p.startsWith('cse/'))).toEqual([]);
  });

  it('imports other feature folders by AMD id, never by relative path across folders', () => {
    expect(offenders(/from\s+['"]\.\.\/(?!\.\.)(?!host\/lazy['"])[\w-]+\//, (p) => p.startsWith('launcher/'))).toEqual([]);
  });
});

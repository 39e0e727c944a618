/**
 * Read-only git access for the matching benchmark: commits, `git diff -M` between two commits (the raw record
 * for paths and blobs, the patch for hunks) and blob contents. Works on bare repositories; never
 * checks anything out.
 */
import { execFileSync } from 'child_process';
import { JS_EXTENSIONS } from './eslint-config';

/** Limits git to the files the benchmark lints. */
const JS_PATHSPECS = JS_EXTENSIONS.map((extension) => `*${extension}`);

/** Commits never change, so what git says about them is kept for every later run in this process. */
const MEMO = new Map<string, unknown>();

export class Git {
  constructor(readonly dir: string) {
    this.run(['rev-parse', '--git-dir']);
  }

  run(args: string[]): string {
    // Fixed settings, whatever the user's git config says: renames on, no external diff, raw paths.
    const fixed = ['-c', 'core.quotePath=false', '-c', 'diff.renames=true', '-c', 'diff.algorithm=myers'];
    return execFileSync('git', ['-C', this.dir, ...fixed, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  resolve(rev: string): string {
    return this.run(['rev-parse', '--verify', `${rev}^{commit}`]).trim();
  }

  /** First-parent history of `rev`, newest first. */
  firstParentHistory(rev: string, limit: number): string[] {
    return lines(this.run(['rev-list', '--first-parent', `--max-count=${limit}`, rev]));
  }

  /** Commits of that history whose first-parent diff renames a JS file. */
  renameCommits(rev: string, limit: number): string[] {
    return lines(this.run(['log', '--first-parent', `--max-count=${limit}`, '-M', '--diff-filter=R', '--format=%H', rev, '--', ...JS_PATHSPECS]));
  }

  private memo<T>(key: string[], compute: () => T): T {
    const id = [this.dir, ...key].join('\0');
    if (!MEMO.has(id)) MEMO.set(id, compute());
    return MEMO.get(id) as T;
  }

  /** `git diff -M --raw` of the JS files between two commits, with their zero-context hunks. */
  changes(base: string, head: string): FileChange[] {
    return this.memo(['changes', base, head], () => this.readChanges(base, head));
  }

  /** The hunks of `git diff -M --unified=<contextLines>`, one list per file, in `changes`' order. */
  hunks(base: string, head: string, contextLines: number): Hunk[][] {
    return contextLines === 0 ? this.changes(base, head).map((c) => c.hunks) : this.memo(['hunks', base, head, String(contextLines)], () => this.patchHunks(base, head, contextLines));
  }

  private readChanges(base: string, head: string): FileChange[] {
    const fields = this.run(['diff', '--raw', '-z', '-M', '--no-abbrev', base, head, '--', ...JS_PATHSPECS]).split('\0');
    const changes: FileChange[] = [];
    for (let i = 0; i + 1 < fields.length; ) {
      const [, , oldBlob, newBlob, status] = fields[i].slice(1).split(' ');
      const kind = status[0];
      const twoPaths = kind === 'R' || kind === 'C';
      const first = fields[i + 1];
      const second = twoPaths ? fields[i + 2] : first;
      i += twoPaths ? 3 : 2;
      changes.push({
        status: kind,
        oldPath: kind === 'A' ? null : first,
        newPath: kind === 'D' ? null : second,
        oldBlob: kind === 'A' ? null : oldBlob,
        newBlob: kind === 'D' ? null : newBlob,
        hunks: [],
      });
    }
    const patches = this.patchHunks(base, head, 0);
    if (patches.length !== changes.length) throw new Error(`git diff ${base}..${head}: ${changes.length} raw entries but ${patches.length} patches`);
    changes.forEach((change, index) => (change.hunks = patches[index]));
    return changes;
  }

  /** One hunk list per file, in the raw record's order. */
  private patchHunks(base: string, head: string, contextLines: number): Hunk[][] {
    const text = this.run(['diff', '-M', `--unified=${contextLines}`, '--no-color', '--no-ext-diff', base, head, '--', ...JS_PATHSPECS]);
    const out: Hunk[][] = [];
    const rows = text.split('\n');
    let current: Hunk[] | null = null;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row.startsWith('diff --git ')) {
        current = [];
        out.push(current);
        continue;
      }
      const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(row);
      if (!header || !current) continue;
      const hunk: Hunk = {
        oldStart: Number(header[1]),
        oldCount: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newCount: header[4] === undefined ? 1 : Number(header[4]),
        rows: [],
      };
      // The header's counts say exactly which rows follow ("\ No newline" rows aside).
      let j = i + 1;
      for (let old = 0, neu = 0; (old < hunk.oldCount || neu < hunk.newCount) && j < rows.length; ) {
        const kind = rows[j][0];
        if (kind === undefined) break;
        if (kind === '-' || kind === '+' || kind === ' ') hunk.rows.push({ kind, text: rows[j].slice(1) });
        if (kind !== '+' && kind !== '\\') old++;
        if (kind !== '-' && kind !== '\\') neu++;
        j++;
      }
      i = j - 1;
      current.push(hunk);
    }
    return out;
  }

  blob(sha: string): Buffer {
    return execFileSync('git', ['-C', this.dir, 'cat-file', 'blob', sha], { maxBuffer: 512 * 1024 * 1024 });
  }

  /** Sizes of many objects in one `git cat-file --batch-check` (missing ones, e.g. submodule commits, left out). */
  blobSizes(shas: readonly string[]): Map<string, number> {
    if (shas.length === 0) return new Map();
    const out = execFileSync('git', ['-C', this.dir, 'cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], { input: shas.join('\n') + '\n', encoding: 'utf8' });
    return new Map(
      lines(out)
        .map((row) => row.split(' '))
        .filter(([, type]) => type === 'blob')
        .map(([sha, , size]) => [sha, Number(size)]),
    );
  }

  /** Many blobs in one `git cat-file --batch`; those larger than `maxBytes` are left out. */
  blobs(shas: readonly string[], maxBytes: number): Map<string, Buffer> {
    const found = new Map<string, Buffer>();
    const small = [...this.blobSizes(shas)].filter(([, size]) => size <= maxBytes).map(([sha]) => sha);
    if (small.length === 0) return found;
    const out = execFileSync('git', ['-C', this.dir, 'cat-file', '--batch'], { input: small.join('\n') + '\n', maxBuffer: 1024 * 1024 * 1024 });
    // Each object: "<sha> <type> <size>\n<content>\n".
    for (let at = 0; at < out.length; ) {
      const eol = out.indexOf(10, at);
      const [sha, , size] = out.subarray(at, eol).toString('latin1').split(' ');
      const start = eol + 1;
      found.set(sha, out.subarray(start, start + Number(size)));
      at = start + Number(size) + 1;
    }
    return found;
  }

  /** JS files of a commit: path → blob. */
  jsFiles(commit: string): Map<string, string> {
    return this.memo(['jsFiles', commit], () => this.readJsFiles(commit));
  }

  private readJsFiles(commit: string): Map<string, string> {
    const files = new Map<string, string>();
    // ls-tree takes paths, not pathspec globs: filter here.
    for (const entry of this.run(['ls-tree', '-r', '-z', commit]).split('\0')) {
      const tab = entry.indexOf('\t');
      const path = entry.slice(tab + 1);
      const [, kind, sha] = entry.slice(0, tab).split(' ');
      if (tab >= 0 && kind === 'blob' && isJsPath(path)) files.set(path, sha);
    }
    return files;
  }
}

export interface Hunk {
  /** As in git's header: for an empty side, the line before the hunk. */
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Context (' '), removed ('-') and added ('+') rows in git's order. */
  rows: { kind: ' ' | '-' | '+'; text: string }[];
}

export interface FileChange {
  /** git's status letter: A, D, M, R, C, T. */
  status: string;
  oldPath: string | null;
  newPath: string | null;
  oldBlob: string | null;
  newBlob: string | null;
  hunks: Hunk[];
}

function isJsPath(path: string): boolean {
  return JS_EXTENSIONS.some((extension) => path.endsWith(extension));
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

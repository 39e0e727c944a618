/** ESLint (Node API, the fixed configuration) over blobs, cached by blob id: a blob's findings never change. */
import { Linter } from 'eslint';
import { eslintConfig, FILE_LEVEL_RULES, RULE_CLASS } from './eslint-config';
import type { Git } from './git';

/** One ESLint finding, before it becomes an annotation (the rule is kept for the truth and the ids). */
export interface Finding {
  rule: string;
  /** 0 for a file-level finding. */
  line: number;
  column: number;
  message: string;
}

export interface LintLimits {
  /** Larger files (bundles, generated code) are skipped on both sides. */
  maxFileBytes: number;
  /** Files with more findings on either side are skipped on both sides (a cap would cut the sides unevenly). */
  maxFindingsPerFile: number;
}

/** Why a blob gives no findings to compare. */
export type Skip = 'too large' | 'does not parse' | 'too many findings';

/** Blob id → findings, for every run in this process (a blob id names its content in any repository). */
const CACHE = new Map<string, Finding[] | Skip>();

export class BlobLinter {
  private readonly linter = new Linter();
  private readonly configs = { module: eslintConfig('module'), script: eslintConfig('script') };
  linted = 0;

  constructor(
    private readonly git: Git,
    private readonly limits: LintLimits,
  ) {}

  /** Findings of each blob, or why it is skipped; blob → path (the path picks the configuration). */
  findings(blobs: ReadonlyMap<string, string>): Map<string, Finding[] | Skip> {
    const keyOf = (blob: string) => `${blob} ${this.limits.maxFileBytes} ${this.limits.maxFindingsPerFile}`;
    const missing = [...blobs.keys()].filter((blob) => !CACHE.has(keyOf(blob)));
    const texts = this.git.blobs(missing, this.limits.maxFileBytes);
    for (const blob of missing) {
      const text = texts.get(blob);
      CACHE.set(keyOf(blob), text === undefined ? 'too large' : this.lint(text.toString('utf8'), blobs.get(blob) as string));
    }
    return new Map([...blobs.keys()].map((blob) => [blob, CACHE.get(keyOf(blob)) as Finding[] | Skip]));
  }

  private lint(text: string, path: string): Finding[] | Skip {
    this.linted++;
    // A file that is not a valid module (with, octal escapes, top-level return) is tried as a script.
    let messages = this.linter.verify(text, this.configs.module, { filename: path });
    if (messages.some((m) => m.fatal)) messages = this.linter.verify(text, this.configs.script, { filename: path });
    if (messages.some((m) => m.fatal)) return 'does not parse';
    const findings = messages
      .filter((m) => m.ruleId !== null && RULE_CLASS[m.ruleId] !== undefined)
      .map((m) => ({ rule: m.ruleId as string, line: FILE_LEVEL_RULES.has(m.ruleId as string) ? 0 : m.line, column: m.column, message: m.message }));
    return findings.length > this.limits.maxFindingsPerFile ? 'too many findings' : findings;
  }
}

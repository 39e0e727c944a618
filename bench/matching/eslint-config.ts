/**
 * The benchmark's one fixed ESLint configuration (flat config). Chosen so findings fire on real code, including
 * rules whose messages carry numbers that move with the code (complexity, lengths, "declared … on line N column M").
 * Inline `eslint` comments are ignored so a repository's own directives and plugin rules cannot change the set.
 */
import type { Linter } from 'eslint';
import globals from 'globals';
import type { AnnotationSeverity, AnnotationType } from '../../frontend/rest/types';

export const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx'];

/** Reported as a file-level finding (line 0): it is about the whole file, as publishers send it. */
export const FILE_LEVEL_RULES = new Set(['max-lines']);

const RULES: Linter.RulesRecord = {
  complexity: ['warn', 4],
  'max-len': ['warn', { code: 100, ignoreUrls: true }],
  'max-lines-per-function': ['warn', { max: 30 }],
  'max-lines': ['warn', { max: 300 }],
  'max-params': ['warn', 3],
  'max-statements': ['warn', 10],
  'max-depth': ['warn', 3],
  'max-nested-callbacks': ['warn', 3],
  'no-shadow': ['warn', { hoist: 'all' }],
  'no-unused-vars': ['warn', { args: 'all', caughtErrors: 'all' }],
  'no-use-before-define': 'warn',
  eqeqeq: 'warn',
  'no-var': 'warn',
  'prefer-const': 'warn',
  curly: 'warn',
  'no-undef': 'warn',
  'no-param-reassign': 'warn',
  'no-else-return': 'warn',
  'prefer-arrow-callback': 'warn',
  'object-shorthand': 'warn',
  'no-console': 'warn',
};

/** Severity and type of each rule's annotations (what a publisher would map them to). */
export const RULE_CLASS: Record<string, { severity: AnnotationSeverity; type: AnnotationType }> = Object.fromEntries(
  Object.keys(RULES).map((rule) => {
    if (rule === 'no-undef' || rule === 'eqeqeq' || rule === 'no-use-before-define') return [rule, { severity: 'HIGH', type: 'BUG' }];
    if (rule === 'no-shadow' || rule === 'no-unused-vars' || rule === 'no-param-reassign') return [rule, { severity: 'MEDIUM', type: 'BUG' }];
    if (rule.startsWith('max-') || rule === 'complexity') return [rule, { severity: 'MEDIUM', type: 'CODE_SMELL' }];
    return [rule, { severity: 'LOW', type: 'CODE_SMELL' }];
  }),
);

/** Modern code first (`module`); old scripts (`with`, octal literals, `arguments` tricks) as `script`. */
export function eslintConfig(sourceType: 'module' | 'script'): Linter.Config[] {
  return [
    {
      files: JS_EXTENSIONS.map((extension) => `**/*${extension}`),
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType,
        parserOptions: { ecmaFeatures: { jsx: true } },
        globals: { ...globals.browser, ...globals.node, ...globals.mocha, ...globals.jest },
      },
      rules: RULES,
    },
  ];
}

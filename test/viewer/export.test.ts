import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import schema from './fixtures/sarif-schema-2.1.0.json';
import { artifactUri, csvCell, exportFileName, toCsv, toSarif, ExportContext, CSV_COLUMNS } from '../../frontend/viewer/export';
import { prepareAnnotations } from '../../frontend/viewer/filter';
import { sourceHref } from '../../frontend/insights-model/links';
import { ANNOTATIONS, HOSTILE, REPORTS } from './fixtures/annotations';

/** A strict RFC 4180 parser: quoted fields, doubled quotes, CRLF records. Throws on malformed input. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`garbage after quote at ${i}`);
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (!fieldStart) throw new Error(`bare quote at ${i}`);
      quoted = true;
      fieldStart = false;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      fieldStart = true;
      i++;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`CR without LF at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
      i += 2;
    } else if (c === '\n') {
      throw new Error(`bare LF at ${i}`);
    } else {
      field += c;
      fieldStart = false;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (!fieldStart || record.length) throw new Error('last record without CRLF');
  return records;
}

const context: ExportContext = {
  projectKey: 'PROJ',
  repositorySlug: 'my repo',
  commitId: 'a'.repeat(40),
  branch: 'main',
  repositoryUrl: 'https://bb.example.com/bitbucket/projects/PROJ/repos/my%20repo',
  sourceUrl: (row) => `https://bb.example.com${sourceHref({ contextPath: '/bitbucket', projectKey: 'PROJ', repositorySlug: 'my repo', commitId: 'a'.repeat(40), path: row.path, line: row.line })}`,
};

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

describe('CSV export', () => {
  it('neutralises formula cells and quotes per RFC 4180', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=a,"b"')).toBe(`"'=a,""b"""`);
    expect(csvCell(12)).toBe('12');
    expect(csvCell('plain')).toBe('plain');
  });

  it('round-trips through an RFC 4180 parser, header first', () => {
    const rows = prepareAnnotations([...ANNOTATIONS, { reportKey: 'x', path: 'a,"b"\nc.ts', line: 1, message: HOSTILE, severity: 'LOW' }], REPORTS);
    const csv = toCsv(rows, context);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const records = parseCsv(csv.slice(1));
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(rows.length + 1);
    const last = records[records.length - 1];
    expect(last[4]).toBe('a,"b"\nc.ts');
    expect(last[6]).toBe(HOSTILE);
    expect(records[3][8]).toBe('https://sec.example.com/md5');
    expect(records[1][9]).toBe('https://bb.example.com/bitbucket/projects/PROJ/repos/my%20repo/browse/src/app/main.ts?at=' + 'a'.repeat(40) + '#10');
  });

  it('round-trips arbitrary messages (formula prefix is the only change)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { minLength: 1, maxLength: 10 }), (messages) => {
        const rows = prepareAnnotations(messages.map((message) => ({ reportKey: 'r', message, severity: 'LOW' as const, line: 0 })));
        const parsed = parseCsv(toCsv(rows, context).slice(1)).slice(1);
        parsed.forEach((record, i) => {
          expect(record).toHaveLength(CSV_COLUMNS.length);
          const expected = /^[=+\-@\t\r]/.test(messages[i]) ? `'${messages[i]}` : messages[i];
          expect(record[6]).toBe(expected);
        });
      }),
    );
  });
});

describe('CSV export: every column', () => {
  it('writes empty cells for what a row lacks, and only http(s) links', () => {
    const rows = prepareAnnotations(
      [
        { reportKey: 'com.example.lint', path: 'src/a.ts', line: 7, message: 'full', severity: 'HIGH', type: 'BUG', externalId: 'e1', link: ' HTTPS://Docs.Example.com/rule a ' },
        { reportKey: 'com.example.lint', message: 'bare', severity: 'LOW', line: 0, link: 'javascript:alert(1)' },
        { reportKey: 'other', path: 'b.ts', message: 'm', severity: 'MEDIUM', line: 0, link: 'xhttps://evil.example/' },
      ],
      REPORTS,
    );
    const [header, full, bare, other] = parseCsv(toCsv(rows, context).slice(1));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(full).toEqual([
      'HIGH',
      'BUG',
      'com.example.lint',
      'Lint',
      'src/a.ts',
      '7',
      'full',
      'e1',
      'https://docs.example.com/rule%20a',
      `https://bb.example.com/bitbucket/projects/PROJ/repos/my%20repo/browse/src/a.ts?at=${'a'.repeat(40)}#7`,
    ]);
    expect(bare).toEqual(['LOW', '', 'com.example.lint', 'Lint', '', '', 'bare', '', '', '']);
    expect(other.slice(2, 4)).toEqual(['other', 'other']);
    expect(other[8]).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('drops links that look like http(s) but do not parse as a URL', () => {
    const rows = prepareAnnotations(
      ['http://', 'https://exa mple.com/x', 'http://host:99999/'].map((link) => ({ reportKey: 'r', message: 'm', severity: 'LOW' as const, line: 0, link })),
      [],
    );
    expect(parseCsv(toCsv(rows, context).slice(1)).slice(1).map((record) => record[8])).toEqual(['', '', '']);
    const [run] = toSarif(rows, [], context).runs;
    expect(run.results!.map((r) => r.properties)).toEqual([0, 1, 2].map(() => ({ reportKey: 'r', severity: 'LOW' })));
  });

  it('an empty view is the header alone', () => {
    expect(toCsv([], context)).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('artifactUri', () => {
  it('encodes each component and drops empty ones', () => {
    expect(artifactUri('/src//a b/#1.ts/')).toBe('src/a%20b/%231.ts');
    expect(artifactUri('')).toBe('');
  });
});

describe('SARIF export: one run, field by field', () => {
  it('maps report and annotations to the SARIF properties that mean the same', () => {
    const report = { key: 'lint', title: 'Lint report', reporter: 'ESLint', result: 'FAIL' as const, details: 'Two problems', createdDate: Date.UTC(2026, 0, 2, 3, 4, 5), link: 'http://ci.example.com/1', data: [] };
    const rows = prepareAnnotations(
      [
        { reportKey: 'lint', externalId: 'id-1', path: 'src/a b.ts', line: 4, message: 'Null deref', severity: 'HIGH', type: 'BUG', link: 'https://rules.example/null' },
        { reportKey: 'lint', path: 'src/c.ts', line: 0, message: '', severity: 'ODD' as 'LOW', type: 'CODE_SMELL' },
        { reportKey: 'lint', message: 'whole report', severity: 'LOW', line: 0, type: 'BUG' },
      ],
      [report],
    );
    const log = toSarif(rows, [report], context);
    expect(log.runs).toHaveLength(1);
    const source = (path: string, line: number) => `https://bb.example.com/bitbucket/projects/PROJ/repos/my%20repo/browse/${path}?at=${'a'.repeat(40)}${line ? `#${line}` : ''}`;
    expect(log.runs[0]).toEqual({
      tool: { driver: { name: 'ESLint', fullName: 'Lint report', informationUri: 'http://ci.example.com/1', rules: [{ id: 'BUG', name: 'Bug' }, { id: 'CODE_SMELL', name: 'CodeSmell' }] } },
      automationDetails: { id: `lint/${'a'.repeat(40)}` },
      versionControlProvenance: [{ repositoryUri: context.repositoryUrl, revisionId: context.commitId, branch: 'main' }],
      results: [
        {
          level: 'error',
          kind: 'fail',
          message: { text: 'Null deref' },
          ruleId: 'BUG',
          ruleIndex: 0,
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a%20b.ts' }, region: { startLine: 4 } } }],
          hostedViewerUri: source('src/a%20b.ts', 4),
          partialFingerprints: { 'bitbucketExternalId/v1': 'id-1' },
          properties: { reportKey: 'lint', severity: 'HIGH', externalId: 'id-1', link: 'https://rules.example/null' },
        },
        {
          level: 'warning',
          kind: 'fail',
          message: { text: '-' },
          ruleId: 'CODE_SMELL',
          ruleIndex: 1,
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/c.ts' } } }],
          hostedViewerUri: source('src/c.ts', 0),
          properties: { reportKey: 'lint', severity: 'ODD' },
        },
        { level: 'note', kind: 'fail', message: { text: 'whole report' }, ruleId: 'BUG', ruleIndex: 0, properties: { reportKey: 'lint', severity: 'LOW' } },
      ],
      properties: { reportKey: 'lint', result: 'FAIL', details: 'Two problems', createdDate: '2026-01-02T03:04:05.000Z' },
    });
  });

  it('a report key only the annotations name gets its own run, named by its key, after the known reports', () => {
    const rows = prepareAnnotations([{ reportKey: 'ghost', message: 'm', severity: 'LOW', line: 0, type: 'VULNERABILITY' }], []);
    const known = { key: 'known', title: 'Known', createdDate: 0, data: [] };
    const log = toSarif(rows, [known], { ...context, branch: undefined, sourceUrl: () => 'javascript:alert(1)' });
    expect(log.runs.map((r) => r.tool.driver.name)).toEqual(['Known', 'ghost']);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].properties).toEqual({ reportKey: 'known', createdDate: '1970-01-01T00:00:00.000Z' });
    const ghost = log.runs[1];
    expect(ghost.tool.driver).toEqual({ name: 'ghost', rules: [{ id: 'VULNERABILITY', name: 'Vulnerability' }] });
    expect(ghost.versionControlProvenance).toEqual([{ repositoryUri: context.repositoryUrl, revisionId: context.commitId }]);
    expect(ghost.results).toHaveLength(1);
    expect(ghost.properties).toEqual({ reportKey: 'ghost' });
  });

  it('an unsafe source URL is left out, a rule without a known name keeps its id', () => {
    const rows = prepareAnnotations([{ reportKey: 'r', path: 'a.ts', message: 'm', severity: 'LOW', line: 1, type: 'NEW_KIND' as 'BUG' }], []);
    const [run] = toSarif(rows, [], { ...context, sourceUrl: () => 'javascript:alert(1)' }).runs;
    expect('hostedViewerUri' in run.results![0]).toBe(false);
    expect(run.results![0].locations).toHaveLength(1);
    expect(run.tool.driver.rules).toEqual([{ id: 'NEW_KIND', name: 'NEW_KIND' }]);
  });
});

describe('SARIF export', () => {
  it('is valid SARIF 2.1.0 with one run per report', () => {
    const rows = prepareAnnotations(ANNOTATIONS, REPORTS);
    const log = toSarif(rows, REPORTS, context);
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.version).toBe('2.1.0');
    expect(log.runs.map((r) => r.automationDetails?.id)).toEqual([`com.example.lint/${'a'.repeat(40)}`, `com.example.sec/${'a'.repeat(40)}`]);
    const lint = log.runs[0];
    expect(lint.tool.driver.name).toBe('ESLint');
    expect(lint.tool.driver.informationUri).toBe('https://ci.example.com/lint/1');
    expect(log.runs[1].tool.driver.informationUri).toBeUndefined(); // javascript: link dropped
    const high = lint.results!.find((r) => r.properties?.externalId === 'l2')!;
    expect(high).toMatchObject({ level: 'error', ruleId: 'BUG', message: { text: 'Possible null dereference' } });
    expect(lint.tool.driver.rules![high.ruleIndex!].id).toBe('BUG');
    expect(high.locations![0].physicalLocation!.region).toEqual({ startLine: 3 });
    const fileLevel = log.runs[1].results!.find((r) => r.properties?.externalId === 's2')!;
    expect(fileLevel.locations![0].physicalLocation!.region).toBeUndefined();
    expect(lint.results!.find((r) => r.message.text === 'Report-level note')!.locations).toBeUndefined();
  });

  it('stays valid with hostile and odd values', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            reportKey: fc.constantFrom('com.example.lint', 'unknown.report'),
            path: fc.option(fc.string({ unit: 'grapheme', maxLength: 15 }), { nil: undefined }),
            line: fc.integer({ min: -3, max: 100000 }),
            message: fc.string({ unit: 'grapheme', maxLength: 30 }),
            severity: fc.constantFrom('LOW' as const, 'MEDIUM' as const, 'HIGH' as const),
            link: fc.option(fc.constantFrom('https://ok.example/x', 'javascript:alert(1)', 'not a url', '//evil'), { nil: undefined }),
            externalId: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
          }),
          { maxLength: 15 },
        ),
        (annotations) => {
          const log = toSarif(prepareAnnotations(annotations, REPORTS), REPORTS, context);
          expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects what the schema forbids (the validator can fail)', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });
});

describe('exportFileName', () => {
  it('names repo and short commit with safe characters', () => {
    expect(exportFileName(context, 'csv')).toBe('insights-PROJ-my_repo-aaaaaaaaaaaa.csv');
    expect(exportFileName({ projectKey: '~AD/../MIN', repositorySlug: '..', commitId: 'b'.repeat(40) }, 'sarif')).toBe('insights-AD_.._MIN-repo-bbbbbbbbbbbb.sarif');
    // a run of unsafe characters becomes one `_`
    expect(exportFileName({ projectKey: 'A  B', repositorySlug: 'x:/\\y', commitId: 'c1' }, 'csv')).toBe('insights-A_B-x_y-c1.csv');
  });
});

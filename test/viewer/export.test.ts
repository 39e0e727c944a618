import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import schema from './fixtures/sarif-schema-2.1.0.json';
import { csvCell, exportFileName, toCsv, toSarif, ExportContext, CSV_COLUMNS } from '../../frontend/viewer/export';
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
  });
});

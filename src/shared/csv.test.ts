import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, type BackupData } from './backup.ts';
import {
  exportCsv,
  guessMapping,
  HUBSPOT_COLUMNS,
  PIPEDRIVE_COLUMNS,
  parseCsv,
  parseCsvInSlices,
  planImport,
  planImportInSlices,
  STAGE_HISTORY_COLUMNS,
  TOUCHPOINT_COLUMNS,
} from './csv.ts';
import { defaultProcess } from './default-process.ts';

const DAY = 86_400_000;
const data: BackupData = {
  processes: [defaultProcess('en', 1)],
  settings: [],
  prospects: [
    {
      id: 'p1',
      name: 'Zoë "Zed" Dupont, Jr.',
      emails: ['zoe@dupont.example', 'z@home.example'],
      company: 'Dupont, Fils & Cie',
      title: 'CTO\nand founder',
      dealValue: 12000,
      currency: 'EUR',
      stageId: 'won',
      stageEnteredAt: Date.UTC(2026, 2, 3, 10),
      status: 'won',
      createdAt: 0,
      updatedAt: 0,
    },
    {
      id: 'p2',
      name: '山田 太郎',
      emails: ['taro@yamada.example'],
      linkedinUrl: 'https://www.linkedin.com/in/taro-yamada/',
      linkedinMemberId: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
      stageId: 'lost',
      stageEnteredAt: Date.UTC(2026, 2, 5),
      status: 'lost',
      lostReason: 'Price',
      createdAt: 0,
      updatedAt: 0,
    },
    {
      id: 'p3',
      name: '=HYPERLINK("http://evil.example")',
      emails: [],
      stageId: 'qualified',
      stageEnteredAt: 0,
      status: 'open',
      createdAt: 0,
      updatedAt: 0,
    },
  ],
  stageChanges: [
    { id: 1, prospectId: 'p1', from: null, to: 'prospect', at: 0 },
    { id: 2, prospectId: 'p1', from: 'prospect', to: 'won', at: 2 * DAY },
  ],
  touchpoints: [
    {
      id: 1,
      prospectId: 'p1',
      channel: 'gmail',
      kind: 'email_sent',
      at: DAY,
      stageId: 'prospect',
      key: 'k1',
      summary: 'Re: "quote", v2',
    },
  ],
  actionChecks: [],
};

function parse(text: string) {
  return Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
}

describe('CSV exports', () => {
  it('HubSpot: its column names, names split, close date and lost reason', () => {
    const result = parse(exportCsv('hubspot', data, { bom: false, now: 3 * DAY }));
    expect(result.errors).toEqual([]);
    expect(result.meta.fields).toEqual([...HUBSPOT_COLUMNS]);
    expect(result.data[0]).toMatchObject({
      'First Name': 'Zoë',
      'Last Name': '"Zed" Dupont, Jr.',
      Email: 'zoe@dupont.example',
      'Job Title': 'CTO\nand founder',
      'Company Name': 'Dupont, Fils & Cie',
      'Deal Stage': 'Won — customer',
      Amount: '12000',
      'Close Date': '2026-03-03',
      'Closed Lost Reason': '',
    });
    expect(result.data[1]).toMatchObject({
      'First Name': '山田',
      'Last Name': '太郎',
      'Closed Lost Reason': 'Price',
    });
  });

  it('Pipedrive: its column names, status and won/lost times', () => {
    const result = parse(exportCsv('pipedrive', data, { bom: false, now: 3 * DAY }));
    expect(result.meta.fields).toEqual([...PIPEDRIVE_COLUMNS]);
    expect(result.data[0]).toMatchObject({
      'Person - Email': 'zoe@dupont.example, z@home.example',
      'Deal - Status': 'won',
      'Deal - Won time': '2026-03-03 10:00:00',
      'Deal - Lost time': '',
    });
    expect(result.data[1]).toMatchObject({
      'Deal - Status': 'lost',
      'Deal - Lost reason': 'Price',
    });
  });

  it('never lets a cell start a spreadsheet formula', () => {
    const result = parse(exportCsv('pipedrive', data, { bom: false, now: 0 }));
    expect(result.data[2]?.['Person - Name']).toBe(`'=HYPERLINK("http://evil.example")`);
  });

  it('Etape touchpoints and stage history with time spent, lossless ids', () => {
    const touchpoints = parse(exportCsv('touchpoints', data, { bom: false, now: 0 }));
    expect(touchpoints.meta.fields).toEqual([...TOUCHPOINT_COLUMNS]);
    expect(touchpoints.data[0]).toMatchObject({
      Key: 'k1',
      Summary: 'Re: "quote", v2',
      Stage: 'Prospect',
      At: new Date(DAY).toISOString(),
    });
    const history = parse(exportCsv('stageHistory', data, { bom: false, now: 3 * DAY }));
    expect(history.meta.fields).toEqual([...STAGE_HISTORY_COLUMNS]);
    expect(history.data.map((row) => [row['To stage ID'], row['Days in stage']])).toEqual([
      ['prospect', '2'],
      ['won', '1'],
    ]);
  });

  it('says which rep logged each touchpoint and made each move (team sync)', () => {
    const owned = {
      ...data,
      touchpoints: data.touchpoints.map((t) => ({ ...t, ownerRep: 'Bea' })),
      stageChanges: data.stageChanges.map((c, i) => (i === 0 ? { ...c, ownerRep: 'Ana' } : c)),
    };
    const touchpoints = parse(exportCsv('touchpoints', owned, { bom: false, now: 0 }));
    expect(touchpoints.data[0]?.Rep).toBe('Bea');
    const history = parse(exportCsv('stageHistory', owned, { bom: false, now: 3 * DAY }));
    expect(history.data.map((row) => row.Rep)).toEqual(['Ana', '']);
  });

  it('starts with a BOM only when asked (Excel)', () => {
    expect(exportCsv('hubspot', data, { bom: true, now: 0 }).startsWith('\uFEFF')).toBe(true);
    expect(exportCsv('hubspot', data, { bom: false, now: 0 }).startsWith('First Name')).toBe(true);
  });
});

describe('CSV import', () => {
  const file = [
    '\uFEFFFirst Name,Last Name,Email,Company Name,Job Title,Amount',
    'Ana,Lima,ana@lima.example,"Lima, Irmãos",CEO,"1 500,50"',
    'Bad,Row,not-an-email,X,,',
    '"Multi',
    'line",Name,multi@line.example,"He said ""hi""",,',
    ',,nobody@x.example,,,',
    'Олег,Петров,oleg@petrov.example,Ромашка,,',
    'Ana,L.,ANA@lima.example,,,',
  ].join('\n');

  it('maps known headers, reports bad rows by line, keeps quotes, commas, newlines and non-Latin names', () => {
    const parsed = parseCsv(file);
    expect(parsed.headers).toEqual([
      'First Name',
      'Last Name',
      'Email',
      'Company Name',
      'Job Title',
      'Amount',
    ]);
    const mapping = guessMapping(parsed.headers);
    expect(mapping).toMatchObject({
      firstName: 0,
      lastName: 1,
      email: 2,
      company: 3,
      title: 4,
      dealValue: 5,
      name: null,
    });
    const plan = planImport(parsed, mapping);
    expect(plan.errors).toEqual([
      { line: 3, field: 'email', problem: 'invalid' },
      { line: 6, field: 'name', problem: 'missing' },
    ]);
    expect(plan.valid.map((row) => row.name)).toEqual([
      'Ana Lima',
      'Multi\nline Name',
      'Олег Петров',
      'Ana L.',
    ]);
    expect(plan.valid[0]).toMatchObject({
      emails: ['ana@lima.example'],
      company: 'Lima, Irmãos',
      title: 'CEO',
      dealValue: 1500.5,
    });
    expect(plan.valid[1]?.company).toBe('He said "hi"');
    // Same address in another case: the background merges it with the first row.
    expect(plan.valid[3]?.emails).toEqual(['ana@lima.example']);
  });

  it('reads back the LinkedIn ids of both CRM exports, the member id case kept', () => {
    for (const kind of ['hubspot', 'pipedrive'] as const) {
      const parsed = parseCsv(exportCsv(kind, data, { bom: true, now: 0 }));
      const plan = planImport(parsed, guessMapping(parsed.headers));
      expect(
        plan.valid.find((row) => row.name === '山田 太郎'),
        kind,
      ).toMatchObject({
        linkedinUrl: 'https://www.linkedin.com/in/taro-yamada/',
        linkedinMemberId: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
      });
    }
  });

  it('refuses a member id whose case was lost', () => {
    const parsed = parseCsv(
      'Name,linkedinMemberId\nTaro,acoaabcdefghijklmnopqrstuvwxyz0123456789\n',
    );
    expect(planImport(parsed, guessMapping(parsed.headers)).errors).toMatchObject([
      { line: 2, field: 'linkedinMemberId', problem: 'invalid' },
    ]);
  });

  it('reads a French Excel export, separated by semicolons, with commas inside cells', () => {
    const parsed = parseCsv(
      [
        'Prénom;Nom;Adresse e-mail;Montant',
        'Léa;Roux;lea@roux.example;"1 500,50"',
        'Ana;Lima, Jr.;ana@lima.example;12',
      ].join('\r\n'),
    );
    expect(parsed.headers).toEqual(['Prénom', 'Nom', 'Adresse e-mail', 'Montant']);
    expect(parsed.rows).toEqual([
      ['Léa', 'Roux', 'lea@roux.example', '1 500,50'],
      ['Ana', 'Lima, Jr.', 'ana@lima.example', '12'],
    ]);
    expect(parsed.lines).toEqual([2, 3]);
  });

  it('reads back its own HubSpot export', () => {
    const parsed = parseCsv(exportCsv('hubspot', data, { bom: true, now: 0 }));
    const plan = planImport(parsed, guessMapping(parsed.headers));
    expect(plan.valid[0]).toMatchObject({
      name: 'Zoë "Zed" Dupont, Jr.',
      emails: ['zoe@dupont.example'],
    });
    expect(BACKUP_FORMAT).toBe('etape-backup');
  });
});

describe('CSV import in slices', () => {
  it('parses a file in slices exactly as in one pass, rows across slice ends included', async () => {
    const rows = Array.from(
      { length: 400 },
      (_, i) => `"Name ${i}","line one\nline two ${i}",n${i}@x.example`,
    );
    const text = [
      '\uFEFFFull Name,Note,Email',
      ...rows,
      '',
      'Last,"a, ""quoted"" b",z@x.example',
    ].join('\r\n');
    const sliced = await parseCsvInSlices(text, 997);
    expect(sliced).toEqual(parseCsv(text));
    expect(sliced.rows).toHaveLength(401);
    expect(sliced.lines.at(-1)).toBe(2 + 400 * 2 + 1);
  });

  it('gives the same plan as the one-pass version, and stops when aborted', async () => {
    const rows = Array.from(
      { length: 1200 },
      (_, i) => `Name ${i},${i % 7 === 0 ? 'bad' : `n${i}@x.example`}`,
    );
    const parsed = parseCsv(['Full Name,Email', ...rows].join('\n'));
    const mapping = guessMapping(parsed.headers);
    const sliced = await planImportInSlices(parsed, mapping, undefined, 100);
    expect(sliced).toEqual(planImport(parsed, mapping));
    expect(sliced.errors).toHaveLength(172);
    const controller = new AbortController();
    controller.abort();
    expect((await planImportInSlices(parsed, mapping, controller.signal)).valid).toEqual([]);
  });
});

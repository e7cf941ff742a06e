/**
 * CSV for leaving and arriving: exports in the column names HubSpot and Pipedrive import
 * without mapping, Etape's own lossless touchpoint and stage-history files, and the parsing and
 * validation of a prospects CSV. Quoting and embedded newlines are d3-dsv's job (RFC 4180, and
 * no network code: papaparse ships a file downloader over the network we could not leave out).
 */
import { dsvFormat } from 'd3-dsv';
import type { BackupData } from './backup.ts';
import { type ProspectImport, prospectImportSchema } from './messages.ts';
import type { Process, Prospect } from './schemas.ts';
import { stageVisits } from './timing.ts';

export const CSV_EXPORTS = ['hubspot', 'pipedrive', 'touchpoints', 'stageHistory'] as const;
export type CsvExport = (typeof CSV_EXPORTS)[number];

export const HUBSPOT_COLUMNS = [
  'First Name',
  'Last Name',
  'Email',
  'Job Title',
  'Company Name',
  'Deal Name',
  'Pipeline',
  'Deal Stage',
  'Amount',
  'Close Date',
  'Closed Lost Reason',
  'LinkedIn URL',
  'linkedinMemberId',
] as const;

export const PIPEDRIVE_COLUMNS = [
  'Person - Name',
  'Person - Email',
  'Organization - Name',
  'Deal - Title',
  'Deal - Value',
  'Deal - Currency',
  'Deal - Stage',
  'Deal - Status',
  'Deal - Won time',
  'Deal - Lost time',
  'Deal - Lost reason',
  'LinkedIn URL',
  'linkedinMemberId',
] as const;

export const TOUCHPOINT_COLUMNS = [
  'Prospect ID',
  'Prospect',
  'Channel',
  'Kind',
  'At',
  'Stage ID',
  'Stage',
  'Key',
  'Summary',
  /** Team sync: who logged it (empty: this browser's rep, before sync was connected). */
  'Rep',
] as const;

export const STAGE_HISTORY_COLUMNS = [
  'Prospect ID',
  'Prospect',
  'From stage ID',
  'From stage',
  'To stage ID',
  'To stage',
  'Entered at',
  'Left at',
  'Days in stage',
  'Note',
  'Lost reason',
  /** Team sync: who made the move. */
  'Rep',
] as const;

export interface CsvOptions {
  /** Excel only reads UTF-8 (accents, non-Latin names) when the file starts with a BOM. */
  bom: boolean;
  /** "now" for the time spent in stages still open. */
  now: number;
}

export function exportCsv(kind: CsvExport, data: BackupData, options: CsvOptions): string {
  const names = stageNames(data.processes);
  const stageName = (id: string | null) => (id === null ? '' : (names.get(id) ?? id));
  const rows: Array<Array<string | number>> = [];
  let columns: readonly string[];
  switch (kind) {
    case 'hubspot':
      columns = HUBSPOT_COLUMNS;
      for (const prospect of data.prospects) {
        const [first, last] = splitName(prospect.name);
        rows.push([
          first,
          last,
          prospect.emails[0] ?? '',
          prospect.title ?? '',
          prospect.company ?? '',
          dealTitle(prospect),
          'Etape',
          stageName(prospect.stageId),
          prospect.dealValue ?? '',
          prospect.status === 'open' ? '' : isoDate(prospect.stageEnteredAt),
          prospect.status === 'lost' ? (prospect.lostReason ?? '') : '',
          prospect.linkedinUrl ?? '',
          // Case-sensitive: written and read back exactly.
          prospect.linkedinMemberId ?? '',
        ]);
      }
      break;
    case 'pipedrive':
      columns = PIPEDRIVE_COLUMNS;
      for (const prospect of data.prospects) {
        rows.push([
          prospect.name,
          prospect.emails.join(', '),
          prospect.company ?? '',
          dealTitle(prospect),
          prospect.dealValue ?? '',
          prospect.currency ?? '',
          stageName(prospect.stageId),
          prospect.status,
          prospect.status === 'won' ? dateTime(prospect.stageEnteredAt) : '',
          prospect.status === 'lost' ? dateTime(prospect.stageEnteredAt) : '',
          prospect.status === 'lost' ? (prospect.lostReason ?? '') : '',
          prospect.linkedinUrl ?? '',
          prospect.linkedinMemberId ?? '',
        ]);
      }
      break;
    case 'touchpoints': {
      columns = TOUCHPOINT_COLUMNS;
      const byId = new Map(data.prospects.map((prospect) => [prospect.id, prospect.name]));
      const sorted = [...data.touchpoints].sort((a, b) => a.at - b.at);
      for (const touchpoint of sorted) {
        rows.push([
          touchpoint.prospectId,
          byId.get(touchpoint.prospectId) ?? '',
          touchpoint.channel,
          touchpoint.kind,
          new Date(touchpoint.at).toISOString(),
          touchpoint.stageId,
          stageName(touchpoint.stageId),
          touchpoint.key,
          touchpoint.summary ?? '',
          touchpoint.ownerRep ?? '',
        ]);
      }
      break;
    }
    case 'stageHistory': {
      columns = STAGE_HISTORY_COLUMNS;
      const byProspect = new Map<string, BackupData['stageChanges']>();
      for (const change of data.stageChanges) {
        const list = byProspect.get(change.prospectId) ?? [];
        list.push(change);
        byProspect.set(change.prospectId, list);
      }
      for (const prospect of data.prospects) {
        const changes = [...(byProspect.get(prospect.id) ?? [])].sort(
          (a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0),
        );
        const visits = stageVisits(changes);
        changes.forEach((change, index) => {
          const leftAt = visits[index]?.leftAt ?? null;
          const end = leftAt ?? options.now;
          rows.push([
            prospect.id,
            prospect.name,
            change.from ?? '',
            stageName(change.from),
            change.to,
            stageName(change.to),
            new Date(change.at).toISOString(),
            leftAt === null ? '' : new Date(leftAt).toISOString(),
            Math.round(((end - change.at) / 86_400_000) * 100) / 100,
            change.note ?? '',
            change.lostReason ?? '',
            change.ownerRep ?? '',
          ]);
        });
      }
      break;
    }
  }
  const text = [[...columns], ...rows]
    .map((row) => COMMA.formatRow(row.map(spreadsheetSafe)))
    .join('\r\n');
  return options.bom ? `\uFEFF${text}` : text;
}

/** Fields a prospects CSV can fill, and the header names we recognise for each (en, fr, CRMs). */
export const IMPORT_FIELDS = {
  name: ['name', 'full name', 'nom complet', 'person - name', 'contact name', 'contact'],
  firstName: ['first name', 'firstname', 'prénom', 'prenom'],
  lastName: ['last name', 'lastname', 'nom', 'surname', 'nom de famille'],
  email: ['email', 'e-mail', 'email address', 'adresse e-mail', 'person - email', 'courriel'],
  linkedinUrl: ['linkedin', 'linkedin url', 'linkedin profile', 'profil linkedin'],
  linkedinMemberId: ['linkedinmemberid', 'linkedin member id', 'identifiant membre linkedin'],
  company: [
    'company',
    'company name',
    'organization',
    'organization - name',
    'entreprise',
    'société',
    'societe',
  ],
  title: ['title', 'job title', 'poste', 'fonction'],
  dealValue: ['amount', 'deal value', 'deal - value', 'value', 'montant', 'valeur'],
  currency: ['currency', 'deal - currency', 'devise'],
} as const;

export type ImportField = keyof typeof IMPORT_FIELDS;
/** Column index per field; null when the file has no such column. */
export type ImportMapping = Record<ImportField, number | null>;

export interface ParsedCsv {
  headers: string[];
  rows: string[][];
  /** The physical line each row starts on (1-based, the header is line 1). */
  lines: number[];
}

export function parseCsv(text: string): ParsedCsv {
  const clean = text.replace(/^\uFEFF/, '');
  // One pass without skipping blank lines, so every row's physical line can be counted.
  return collectRows(dsvFormat(guessDelimiter(clean)).parseRows(clean));
}

/**
 * The same parse, a slice of the text at a time with a pause between slices, so a 10,000-row
 * file never holds the page it is previewed in for long (one pass costs ~80 ms). Slices end
 * after a line break outside any quoted cell, so each is whole rows and the rows are the same.
 */
export async function parseCsvInSlices(text: string, sliceBytes = 16 * 1024): Promise<ParsedCsv> {
  const clean = text.replace(/^\uFEFF/, '');
  const format = dsvFormat(guessDelimiter(clean));
  const data: string[][] = [];
  for (let start = 0; start < clean.length; ) {
    const end = sliceEnd(clean, start, sliceBytes);
    for (const row of format.parseRows(clean.slice(start, end))) data.push(row);
    start = end;
    if (start < clean.length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return collectRows(data);
}

/**
 * Where a slice from `start` (a row's start) may end: just after the first line break past
 * `size` characters that no quoted cell holds. An even count of quotes since the row's start
 * means outside a cell: an escaped quote ("") counts twice.
 */
function sliceEnd(text: string, start: number, size: number): number {
  const target = start + size;
  if (target >= text.length) return text.length;
  let quotes = 0;
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 34) quotes++;
    else if (code === 10 && index + 1 >= target && quotes % 2 === 0) return index + 1;
  }
  return text.length;
}

/** Headers, rows and each row's physical line (a row spans the newlines inside its cells). */
function collectRows(data: readonly string[][]): ParsedCsv {
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let headers: string[] | null = null;
  for (const row of data) {
    const start = line;
    line += 1;
    for (const cell of row) if (cell.includes('\n')) line += countNewlines(cell);
    if (row.length === 1 && (row[0] ?? '').trim() === '') continue;
    if (!headers) {
      headers = row.map((header) => header.trim());
      continue;
    }
    rows.push(row);
    lines.push(start);
  }
  return { headers: headers ?? [], rows, lines };
}

export function guessMapping(headers: readonly string[]): ImportMapping {
  const normalized = headers.map((header) => header.trim().toLocaleLowerCase());
  const mapping = {} as ImportMapping;
  for (const [field, names] of Object.entries(IMPORT_FIELDS) as Array<
    [ImportField, readonly string[]]
  >) {
    const index = normalized.findIndex((header) => names.includes(header));
    mapping[field] = index >= 0 ? index : null;
  }
  return mapping;
}

export interface ImportPlan {
  valid: ProspectImport[];
  /**
   * Rows that will not be imported: the file's line number and the field at fault, which the
   * page names in the user's language (a validator's English never reaches it).
   */
  errors: Array<{ line: number; field: ImportField; problem: 'missing' | 'invalid' }>;
}

export function planImport(parsed: ParsedCsv, mapping: ImportMapping): ImportPlan {
  const plan: ImportPlan = { valid: [], errors: [] };
  for (let index = 0; index < parsed.rows.length; index++) planRow(parsed, mapping, index, plan);
  return plan;
}

/**
 * The same plan, computed in slices with a pause between them, so a 10,000-row file never
 * freezes the page it is previewed in (validation costs a fraction of a millisecond a row).
 */
export async function planImportInSlices(
  parsed: ParsedCsv,
  mapping: ImportMapping,
  signal?: AbortSignal,
  sliceRows = 200,
): Promise<ImportPlan> {
  const plan: ImportPlan = { valid: [], errors: [] };
  for (let start = 0; start < parsed.rows.length; start += sliceRows) {
    if (signal?.aborted) break;
    const end = Math.min(parsed.rows.length, start + sliceRows);
    for (let index = start; index < end; index++) planRow(parsed, mapping, index, plan);
    if (end < parsed.rows.length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return plan;
}

function planRow(parsed: ParsedCsv, mapping: ImportMapping, index: number, plan: ImportPlan): void {
  const row = parsed.rows[index] ?? [];
  const line = parsed.lines[index] ?? index + 2;
  const cell = (field: ImportField) => {
    const column = mapping[field];
    return column === null ? '' : (row[column] ?? '').trim();
  };
  const name = cell('name') || [cell('firstName'), cell('lastName')].filter(Boolean).join(' ');
  const emails = cell('email')
    .split(/[;,\s]+/)
    .filter(Boolean);
  const value = cell('dealValue')
    .replace(/[\s\u00a0]/g, '')
    .replace(',', '.');
  const candidate = {
    name,
    emails,
    ...(cell('linkedinUrl') ? { linkedinUrl: cell('linkedinUrl') } : {}),
    ...(cell('linkedinMemberId') ? { linkedinMemberId: cell('linkedinMemberId') } : {}),
    ...(cell('company') ? { company: cell('company') } : {}),
    ...(cell('title') ? { title: cell('title') } : {}),
    ...(value ? { dealValue: Number(value) } : {}),
    ...(cell('currency') ? { currency: cell('currency').toUpperCase() } : {}),
  };
  if (!name) {
    plan.errors.push({ line, field: 'name', problem: 'missing' });
    return;
  }
  const result = prospectImportSchema().safeParse(candidate);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = String(issue?.path[0] ?? 'name');
    const field: ImportField =
      path === 'emails' ? 'email' : path in IMPORT_FIELDS ? (path as ImportField) : 'name';
    plan.errors.push({ line, field, problem: 'invalid' });
    return;
  }
  plan.valid.push(result.data);
}

function stageNames(processes: readonly Process[]): Map<string, string> {
  const names = new Map<string, string>();
  // Oldest first so the latest name of a stage wins; archived stages keep their last name.
  for (const process of [...processes].sort((a, b) => a.savedAt - b.savedAt)) {
    for (const stage of process.stages) names.set(stage.id, stage.name);
  }
  return names;
}

function splitName(name: string): [string, string] {
  const trimmed = name.trim();
  const space = trimmed.indexOf(' ');
  return space < 0 ? [trimmed, ''] : [trimmed.slice(0, space), trimmed.slice(space + 1)];
}

function dealTitle(prospect: Prospect): string {
  return prospect.company ? `${prospect.company} – ${prospect.name}` : prospect.name;
}

function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Pipedrive's import format: "YYYY-MM-DD HH:MM:SS" (UTC). */
function dateTime(at: number): string {
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

const COMMA = dsvFormat(',');
/** What a spreadsheet reads as the start of a formula (the cells OWASP's CSV injection names). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A name like "=HYPERLINK(…)" must stay text when a spreadsheet opens the file. */
function spreadsheetSafe(cell: string | number): string {
  if (typeof cell === 'number') return String(cell);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * Excel writes `;` where the decimal separator is a comma (French exports), some CRMs tabs:
 * the separator that the header line (outside quotes) uses most, `,` when none.
 */
function guessDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count++;
  return count;
}

/**
 * "Your data" panel of the dashboard: backup and restore, CRM-ready CSV exports, CSV import of
 * prospects with a header mapping and preview, deleting one prospect or everything. Shown even
 * on an empty database (restoring onto a new computer starts there).
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { send } from '../../browser/client.ts';
import './data-panel.css';
import { errorMessage } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import {
  CSV_EXPORTS,
  type CsvExport,
  exportCsv,
  guessMapping,
  IMPORT_FIELDS,
  type ImportField,
  type ImportMapping,
  type ImportPlan,
  type ParsedCsv,
  parseCsvInSlices,
  planImportInSlices,
} from '../../shared/csv.ts';
import type { MessageKey } from '../../shared/i18n.ts';
import type { ProspectContext } from '../../shared/messages.ts';

const EXPORT_LABELS: Record<CsvExport, MessageKey> = {
  hubspot: 'dataCsvHubspot',
  pipedrive: 'dataCsvPipedrive',
  touchpoints: 'dataCsvTouchpoints',
  stageHistory: 'dataCsvStageHistory',
};

const FIELD_LABELS: Record<ImportField, MessageKey> = {
  name: 'dataFieldName',
  firstName: 'dataFieldFirstName',
  lastName: 'dataFieldLastName',
  email: 'dataFieldEmail',
  linkedinUrl: 'dataFieldLinkedin',
  linkedinMemberId: 'dataFieldLinkedinMemberId',
  company: 'dataFieldCompany',
  title: 'dataFieldTitle',
  dealValue: 'dataFieldDealValue',
  currency: 'dataFieldCurrency',
};

/** What the background must receive to delete everything; the user types the localized phrase. */
const DELETE_EVERYTHING = 'delete everything';
const MAX_IMPORT_ROWS = 20_000;

type Status = { kind: 'ok' | 'error'; text: string } | null;

export function DataPanel({ empty }: { empty: boolean }) {
  return (
    <div class="data-panel">
      <BackupBlock empty={empty} />
      <CsvExportBlock />
      <CsvImportBlock />
      <DeleteBlock />
    </div>
  );
}

function BackupBlock({ empty }: { empty: boolean }) {
  const [status, setStatus] = useState<Status>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setStatus(null);
    try {
      const { backup } = await send('exportBackup', {
        appVersion: browser.runtime.getManifest().version,
      });
      const day = new Date().toISOString().slice(0, 10);
      saveFile(`etape-backup-${day}.json`, JSON.stringify(backup), 'application/json');
      setStatus({ kind: 'ok', text: t('dataBackupDone', String(backup.data.prospects.length)) });
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  };

  const restore = async () => {
    if (!file) return;
    setBusy(true);
    setStatus(null);
    try {
      // Ask the database itself: the page's idea of "empty" may lag a deletion made a moment ago,
      // and an empty database must be replaced, so the backup's process is the one in force.
      const { total } = await send('listProspects', { limit: 1 });
      const { counts } = await send('restoreBackup', {
        text: file.text,
        mode: total === 0 ? 'replace' : mode,
      });
      setStatus({
        kind: 'ok',
        text: t(
          'dataRestoreDone',
          String(counts.prospects),
          String(counts.touchpoints),
          String(counts.stageChanges),
        ),
      });
      setFile(null);
    } catch (error) {
      setStatus({ kind: 'error', text: t('dataRestoreRefused', messageOf(error)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="data-block" data-block="backup" aria-labelledby="data-backup-title">
      <h2 id="data-backup-title">{t('dataBackupTitle')}</h2>
      <p class="muted">{t('dataBackupHelp')}</p>
      <button type="button" onClick={download} data-action="backup">
        {t('dataBackupDownload')}
      </button>
      <label class="file">
        {t('dataRestoreChoose')}
        <input
          type="file"
          accept=".json,application/json"
          data-action="restore-file"
          onChange={async (event) => {
            const chosen = (event.currentTarget as HTMLInputElement).files?.[0];
            setStatus(null);
            setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
          }}
        />
      </label>
      {file && (
        <div class="confirm">
          {!empty && (
            <fieldset>
              <legend>{t('dataRestoreModeLegend')}</legend>
              <label>
                <input
                  type="radio"
                  name="restore-mode"
                  checked={mode === 'merge'}
                  onChange={() => setMode('merge')}
                />
                {t('dataRestoreMerge')}
              </label>
              <label>
                <input
                  type="radio"
                  name="restore-mode"
                  value="replace"
                  checked={mode === 'replace'}
                  onChange={() => setMode('replace')}
                />
                {t('dataRestoreReplace')}
              </label>
            </fieldset>
          )}
          <button type="button" disabled={busy} onClick={restore} data-action="restore">
            {t('dataRestoreConfirm', file.name)}
          </button>
        </div>
      )}
      <StatusLine status={status} />
    </section>
  );
}

function CsvExportBlock() {
  const [kind, setKind] = useState<CsvExport>('hubspot');
  const [bom, setBom] = useState(true);
  const [status, setStatus] = useState<Status>(null);

  const download = async () => {
    setStatus(null);
    try {
      const { backup } = await send('exportBackup', {
        appVersion: browser.runtime.getManifest().version,
      });
      const text = exportCsv(kind, backup.data, { bom, now: Date.now() });
      const day = new Date().toISOString().slice(0, 10);
      saveFile(`etape-${kind}-${day}.csv`, text, 'text/csv;charset=utf-8');
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  };

  return (
    <section class="data-block" data-block="csv-export" aria-labelledby="data-export-title">
      <h2 id="data-export-title">{t('dataCsvExportTitle')}</h2>
      <label>
        {t('dataCsvFormat')}{' '}
        <select
          value={kind}
          onChange={(event) =>
            setKind((event.currentTarget as HTMLSelectElement).value as CsvExport)
          }
        >
          {CSV_EXPORTS.map((option) => (
            <option key={option} value={option}>
              {t(EXPORT_LABELS[option])}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={bom} onChange={() => setBom(!bom)} /> {t('dataCsvBom')}
      </label>
      <button type="button" onClick={download} data-action="csv-export">
        {t('dataCsvDownload')}
      </button>
      <StatusLine status={status} />
    </section>
  );
}

function CsvImportBlock() {
  const [parsed, setParsed] = useState<ParsedCsv | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const [plan, setPlan] = useState<ImportPlan | null>(null);

  // Validated in slices so a large file never freezes the page; a newer mapping cancels it.
  // The previous plan stays on screen meanwhile, so the mapping controls keep their focus.
  useEffect(() => {
    if (!parsed || !mapping) return;
    const controller = new AbortController();
    void planImportInSlices(parsed, mapping, controller.signal).then((next) => {
      if (!controller.signal.aborted) setPlan(next);
    });
    return () => controller.abort();
  }, [parsed, mapping]);

  const runImport = async () => {
    if (!plan || plan.valid.length === 0) return;
    setBusy(true);
    try {
      const { created, merged } = await send('importProspects', { prospects: plan.valid });
      setStatus({
        kind: 'ok',
        text: t('dataImportDone', String(created), String(merged), String(plan.errors.length)),
      });
      setParsed(null);
      setMapping(null);
      setPlan(null);
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="data-block" data-block="csv-import" aria-labelledby="data-import-title">
      <h2 id="data-import-title">{t('dataImportTitle')}</h2>
      <p class="muted">{t('dataImportHelp')}</p>
      <label class="file">
        {t('dataImportChoose')}
        <input
          type="file"
          accept=".csv,text/csv"
          data-action="import-file"
          onChange={async (event) => {
            const chosen = (event.currentTarget as HTMLInputElement).files?.[0];
            setStatus(null);
            if (!chosen) return;
            // In slices: a one-pass parse of a 10,000-row file holds the page for ~80 ms.
            const next = await parseCsvInSlices(await chosen.text());
            if (next.rows.length > MAX_IMPORT_ROWS) {
              setStatus({ kind: 'error', text: t('dataImportTooMany', String(MAX_IMPORT_ROWS)) });
              return;
            }
            setPlan(null);
            setParsed(next);
            setMapping(guessMapping(next.headers));
          }}
        />
      </label>
      {parsed && mapping && plan && (
        <>
          <fieldset class="mapping">
            <legend>{t('dataImportMapping')}</legend>
            {(Object.keys(IMPORT_FIELDS) as ImportField[]).map((field) => (
              <label key={field}>
                {t(FIELD_LABELS[field])}{' '}
                <select
                  data-field={field}
                  value={mapping[field] === null ? '' : String(mapping[field])}
                  onChange={(event) => {
                    const value = (event.currentTarget as HTMLSelectElement).value;
                    setMapping({ ...mapping, [field]: value === '' ? null : Number(value) });
                  }}
                >
                  <option value="">{t('dataImportNoColumn')}</option>
                  {parsed.headers.map((header, index) => (
                    <option key={`${header}-${index}`} value={String(index)}>
                      {header || `#${index + 1}`}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
          <table class="preview" aria-label={t('dataImportPreview')}>
            <thead>
              <tr>
                <th scope="col">{t('dataFieldName')}</th>
                <th scope="col">{t('dataFieldEmail')}</th>
                <th scope="col">{t('dataFieldCompany')}</th>
                <th scope="col">{t('dataFieldTitle')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.valid.slice(0, 5).map((row, index) => (
                <tr key={`${row.name}-${index}`}>
                  <td>{row.name}</td>
                  <td>{row.emails.join(', ')}</td>
                  <td>{row.company ?? ''}</td>
                  <td>{row.title ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-import-summary>
            {t('dataImportSummary', String(plan.valid.length), String(plan.errors.length))}
          </p>
          {plan.errors.length > 0 && (
            <ul class="errors" aria-label={t('dataImportErrors')}>
              {plan.errors.slice(0, 50).map((error) => (
                <li key={error.line}>
                  {t(
                    'dataImportLine',
                    String(error.line),
                    t(
                      error.problem === 'missing' ? 'dataImportMissing' : 'dataImportInvalid',
                      t(FIELD_LABELS[error.field]),
                    ),
                  )}
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            disabled={busy || plan.valid.length === 0}
            onClick={runImport}
            data-action="import"
          >
            {t('dataImportRun', String(plan.valid.length))}
          </button>
        </>
      )}
      <StatusLine status={status} />
    </section>
  );
}

function DeleteBlock() {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ProspectContext[]>([]);
  const [armed, setArmed] = useState<string | null>(null);
  const [phrase, setPhrase] = useState('');
  const [status, setStatus] = useState<Status>(null);
  const expected = t('dataDeleteAllPhrase');

  const search = async (value: string) => {
    setQuery(value);
    setArmed(null);
    if (value.trim().length < 2) {
      setFound([]);
      return;
    }
    try {
      setFound((await send('listProspects', { query: value.trim(), limit: 10 })).prospects);
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  };

  const deleteOne = async (prospectId: string, name: string) => {
    try {
      await send('deleteProspect', { prospectId });
      setStatus({ kind: 'ok', text: t('dataDeleteOneDone', name) });
      setArmed(null);
      await search(query);
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  };

  const deleteAll = async () => {
    try {
      await send('deleteEverything', { confirm: DELETE_EVERYTHING });
      setPhrase('');
      setStatus({ kind: 'ok', text: t('dataDeleteAllDone') });
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  };

  return (
    <section class="data-block danger" data-block="delete" aria-labelledby="data-delete-title">
      <h2 id="data-delete-title">{t('dataDeleteTitle')}</h2>
      <label>
        {t('dataDeleteOneSearch')}{' '}
        <input
          type="search"
          value={query}
          onInput={(event) => void search((event.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <ul>
        {found.map(({ prospect }) => (
          <li key={prospect.id}>
            {prospect.name}{' '}
            <span class="muted">{prospect.company ?? prospect.emails[0] ?? ''}</span>{' '}
            {armed === prospect.id ? (
              <button
                type="button"
                class="danger"
                onClick={() => void deleteOne(prospect.id, prospect.name)}
              >
                {t('dataDeleteOneConfirm', prospect.name)}
              </button>
            ) : (
              <button type="button" onClick={() => setArmed(prospect.id)}>
                {t('dataDeleteOne')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <label>
        {t('dataDeleteAllType', expected)}{' '}
        <input
          type="text"
          value={phrase}
          data-action="delete-all-phrase"
          onInput={(event) => setPhrase((event.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button
        type="button"
        class="danger"
        data-action="delete-all"
        disabled={phrase.trim().toLocaleLowerCase() !== expected.toLocaleLowerCase()}
        onClick={deleteAll}
      >
        {t('dataDeleteAll')}
      </button>
      <StatusLine status={status} />
    </section>
  );
}

function StatusLine({ status }: { status: Status }) {
  if (!status) return null;
  return (
    <p
      class={`status ${status.kind}`}
      role={status.kind === 'error' ? 'alert' : 'status'}
      data-status={status.kind}
    >
      {status.text}
    </p>
  );
}

/** A download without the `downloads` permission: an object URL on a temporary link. */
function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function messageOf(error: unknown): string {
  return errorMessage(error);
}

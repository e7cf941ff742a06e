/**
 * Team sync (#17), off until the rep connects: the team's CouchDB database URL, the user and
 * password the server knows them by, and the name the team sees on their records. The status
 * (`data-sync-state`) is read again every POLL_MS while the form is open, with the last sync
 * and, on error, why in plain words. The password is sent once to the background and never
 * shown again; nothing leaves the browser before Connect.
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../browser/client.ts';
import { ERROR_TEXTS, errorText } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import type { MessageKey } from '../../shared/i18n.ts';
import type { SyncState, SyncStatus } from '../../shared/sync-status.ts';
import { formatDateTime } from '../format.ts';

export const POLL_MS = 2000;

const STATE_KEYS: Record<SyncState, MessageKey> = {
  off: 'syncStateOff',
  syncing: 'syncStateSyncing',
  synced: 'syncStateSynced',
  offline: 'syncStateOffline',
  error: 'syncStateError',
};

interface Fields {
  url: string;
  user: string;
  password: string;
  repName: string;
}

export function TeamSyncForm() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [fields, setFields] = useState<Fields>({ url: '', user: '', password: '', repName: '' });
  const [edited, setEdited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const read = () =>
      send('syncStatus', {}).then(
        (next) => live && setStatus((shown) => (same(shown, next) ? shown : next)),
        // A worker restarting: the next poll answers.
        () => undefined,
      );
    void read();
    const timer = setInterval(read, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  // The saved connection fills the form until the rep types in it.
  useEffect(() => {
    if (!status || edited) return;
    setFields((shown) => ({
      ...shown,
      url: status.url ?? shown.url,
      user: status.user ?? shown.user,
      repName: status.repName ?? shown.repName,
    }));
  }, [status, edited]);

  const field = (name: keyof Fields) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    setEdited(true);
    setFields((shown) => ({ ...shown, [name]: value }));
  };

  const act = async (run: () => Promise<SyncStatus>) => {
    setBusy(true);
    setProblem(null);
    try {
      const next = await run();
      setStatus(next);
      return next;
    } catch (failure) {
      setProblem(errorText(failure));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const connect = async (event: Event) => {
    event.preventDefault();
    if (!fields.repName.trim()) {
      setProblem(t('syncRepNameNeeded'));
      return;
    }
    const next = await act(() => send('syncConnect', fields));
    // Kept only for a retry after a mistake; a connection that took no longer needs it here.
    if (next && next.state !== 'error') setFields((shown) => ({ ...shown, password: '' }));
    setEdited(false);
  };

  const state = status?.state ?? 'off';
  return (
    <form class="settings-panel team-sync" onSubmit={connect} noValidate>
      <p class="muted">{t('syncIntro')}</p>
      <p class="muted">{t('syncCorsNote', location.origin)}</p>
      <label class="field">
        {t('syncUrlLabel')}
        <input
          name="syncUrl"
          type="url"
          inputMode="url"
          autocomplete="url"
          spellcheck={false}
          placeholder="https://couch.example.com/acme-sales"
          value={fields.url}
          onInput={field('url')}
        />
      </label>
      <label class="field">
        {t('syncUserLabel')}
        <input
          name="syncUser"
          autocomplete="username"
          spellcheck={false}
          value={fields.user}
          onInput={field('user')}
        />
      </label>
      <label class="field">
        {t('syncPasswordLabel')}
        <input
          name="syncPassword"
          type="password"
          autocomplete="current-password"
          value={fields.password}
          onInput={field('password')}
        />
      </label>
      <label class="field">
        {t('syncRepNameLabel')}
        <input
          name="repName"
          autocomplete="name"
          aria-describedby="sync-rep-name-hint"
          value={fields.repName}
          onInput={field('repName')}
        />
      </label>
      <p id="sync-rep-name-hint" class="muted hint">
        {t('syncRepNameHint')}
      </p>
      <p class="sync-status" role="status" data-sync-state={state}>
        <strong>{t(STATE_KEYS[state])}</strong>
        {status?.lastSyncAt !== undefined && (
          <> · {t('syncLastSync', formatDateTime(status.lastSyncAt))}</>
        )}
        {state !== 'off' && status?.pending ? (
          <> · {t('syncPending', String(status.pending))}</>
        ) : null}
        {state === 'error' && (
          <>
            {' '}
            — <span data-sync-reason={status?.reason}>{reasonText(status)}</span>
          </>
        )}
      </p>
      <div class="actions">
        <button type="submit" class="primary" data-action="sync-connect" disabled={busy}>
          {t('syncConnect')}
        </button>
        {state !== 'off' && (
          <>
            <button
              type="button"
              data-action="sync-now"
              disabled={busy || state === 'syncing'}
              onClick={() => void act(() => send('syncNow', {}))}
            >
              {t('syncNow')}
            </button>
            <button
              type="button"
              data-action="sync-disconnect"
              disabled={busy}
              onClick={() => void act(() => send('syncDisconnect', {}))}
            >
              {t('syncDisconnect')}
            </button>
          </>
        )}
      </div>
      {problem && <p role="alert">{problem}</p>}
    </form>
  );
}

/** Why sync failed, in the user's language; the generic sentence for a reason this page lacks. */
function reasonText(status: SyncStatus | null): string {
  const known = status?.reason ? ERROR_TEXTS[status.reason] : undefined;
  return t(known?.key ?? 'errSyncFailed');
}

function same(a: SyncStatus | null, b: SyncStatus): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof SyncStatus>;
  return [...keys].every((key) => a[key] === b[key]);
}

/** Popup: the open prospects that most need attention, with their stage and time in it. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { onChange, send } from '../browser/client.ts';
import { formatDuration, t } from '../browser/i18n.ts';
import type { ResponseMap } from '../shared/messages.ts';
import { stageById } from '../shared/process.ts';
import { targetStatus } from '../shared/timing.ts';

type Data = ResponseMap['listProspects'] & ResponseMap['getProcess'];

export function App() {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      Promise.all([
        send('listProspects', { status: 'open', limit: 200 }),
        send('getProcess', {}),
      ]).then(
        ([list, process]) => setData({ ...list, ...process }),
        (failure: unknown) => setError(String(failure)),
      );
    void load();
    onChange(() => void load(), controller.signal);
    return () => controller.abort();
  }, []);

  const now = Date.now();
  const rows =
    data?.prospects
      .map(({ prospect }) => {
        const stage = stageById(data.process, prospect.stageId);
        const elapsed = now - prospect.stageEnteredAt;
        return {
          prospect,
          stage,
          elapsed,
          status: targetStatus(elapsed, stage?.targetDays ?? null),
        };
      })
      .sort((a, b) => b.status.ratio - a.status.ratio) ?? [];

  return (
    <main>
      <h1>{t('popupTitle')}</h1>
      {error && <p role="alert">{t('errorGeneric', error)}</p>}
      {!data && !error && <p class="muted">{t('loading')}</p>}
      {data && rows.length === 0 && <p class="muted">{t('noContext')}</p>}
      <ul>
        {rows.map(({ prospect, stage, elapsed, status }) => (
          <li key={prospect.id} data-prospect-id={prospect.id}>
            <strong>{prospect.name}</strong>{' '}
            <span class="muted">{stage?.name ?? prospect.stageId}</span>{' '}
            <span data-level={status.level} title={t('timeInStage')}>
              {formatDuration(elapsed)}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <a
          href={browser.runtime.getURL('src/dashboard/index.html')}
          target="_blank"
          rel="noreferrer"
        >
          {t('openDashboard')}
        </a>
      </p>
    </main>
  );
}

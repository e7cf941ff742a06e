/**
 * Detection health in the popup: when Gmail or LinkedIn changed their pages and a detector no
 * longer matches, the rep sees which one and since when — a visible degradation, not a silent
 * one. Nothing shows while every detector is fine.
 */
import { useEffect, useState } from 'preact/hooks';
import { onChange, send } from '../browser/client.ts';
import { t } from '../browser/i18n.ts';
import type { Health } from '../shared/schemas.ts';

export function HealthNotice() {
  const [failing, setFailing] = useState<Health[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      send('getHealth', {}).then(
        ({ health }) => setFailing(health.filter((record) => !record.ok)),
        () => undefined,
      );
    void load();
    onChange((event) => {
      if (event.what === 'health') void load();
    }, controller.signal);
    return () => controller.abort();
  }, []);

  if (failing.length === 0) return null;
  return (
    <section class="health" role="status" aria-label={t('popupHealthTitle')} data-health="failing">
      <strong>{t('popupHealthTitle')}</strong>
      <ul>
        {failing.map((record) => (
          <li key={record.id} data-detector={record.id}>
            {record.selector
              ? t('popupHealthLine', siteName(record.site), record.detector, record.selector)
              : // Not a page change (a full disk, the background unreachable): say what happened.
                `${siteName(record.site)} · ${record.detector}: ${record.message ?? '—'}`}{' '}
            <span class="muted">{new Date(record.at).toLocaleString()}</span>
          </li>
        ))}
      </ul>
      <p class="muted">{t('popupHealthHelp')}</p>
    </section>
  );
}

function siteName(site: Health['site']): string {
  return site === 'gmail' ? 'Gmail' : 'LinkedIn';
}

/** Dashboard page. The measuring views arrive with the dashboard issue; this shell counts. */
import { useEffect, useState } from 'preact/hooks';
import { onChange, send } from '../browser/client.ts';
import { t } from '../browser/i18n.ts';
import type { ProspectStatus } from '../shared/schemas.ts';

const STATUS_KEYS = { open: 'statusOpen', won: 'statusWon', lost: 'statusLost' } as const;

export function Dashboard() {
  const [counts, setCounts] = useState<Record<ProspectStatus, number> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const load = async () => {
      const [open, won, lost] = await Promise.all(
        (['open', 'won', 'lost'] as const).map((status) =>
          send('listProspects', { status, limit: 1 }),
        ),
      );
      setCounts({ open: open?.total ?? 0, won: won?.total ?? 0, lost: lost?.total ?? 0 });
    };
    void load();
    onChange(() => void load(), controller.signal);
    return () => controller.abort();
  }, []);

  return (
    <main style={{ padding: '16px 24px' }}>
      <h1>{t('dashboardTitle')}</h1>
      {!counts && <p class="muted">{t('loading')}</p>}
      {counts && (
        <dl>
          {(['open', 'won', 'lost'] as const).map((status) => (
            <div key={status} data-status={status}>
              <dt>{t(STATUS_KEYS[status])}</dt>
              <dd>{counts[status]}</dd>
            </div>
          ))}
        </dl>
      )}
    </main>
  );
}

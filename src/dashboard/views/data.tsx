/** `#/data`: backup and restore, CSV exports and import, deleting one prospect or everything. */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../browser/client.ts';
import { t } from '../../browser/i18n.ts';
import { DataPanel } from '../data/data-panel.tsx';
import type { ViewProps } from './view.ts';

export function View({ revision }: ViewProps) {
  // Whether there is anything to merge a restore into (an empty database is replaced).
  const [empty, setEmpty] = useState(true);
  useEffect(() => {
    let live = true;
    send('listProspects', { limit: 1 }).then(
      ({ total }) => live && setEmpty(total === 0),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [revision]);
  return (
    <section id="data" data-section="data" aria-label={t('dataSectionTitle')}>
      <DataPanel empty={empty} />
    </section>
  );
}

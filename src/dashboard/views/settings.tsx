/** `#/settings`: auto-tracking, LinkedIn passive mode, ignored domains; team sync. */
import { t } from '../../browser/i18n.ts';
import { SettingsPanel } from '../settings/settings-panel.tsx';
import { TeamSyncForm } from '../settings/team-sync-form.tsx';

export function View() {
  return (
    <>
      <section id="settings" data-section="settings" aria-label={t('settingsTitle')}>
        <SettingsPanel />
      </section>
      <section id="team-sync" data-section="team-sync" aria-labelledby="team-sync-heading">
        <h2 id="team-sync-heading">{t('syncTitle')}</h2>
        <TeamSyncForm />
      </section>
    </>
  );
}

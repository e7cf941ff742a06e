/** `#/settings`: auto-tracking, LinkedIn passive mode, ignored domains. */
import { t } from '../../browser/i18n.ts';
import { SettingsPanel } from '../settings/settings-panel.tsx';

export function View() {
  return (
    <section id="settings" data-section="settings" aria-label={t('settingsTitle')}>
      <SettingsPanel />
    </section>
  );
}

/**
 * Settings: auto-track recipients of sent mail (off by default), LinkedIn passive mode, and the
 * domains Etape never offers to track. Saved through the background like every other write.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../../browser/client.ts';
import { errorText } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import '../data/data-panel.css';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function SettingsPanel() {
  const [autoTrack, setAutoTrack] = useState(false);
  const [passive, setPassive] = useState(false);
  const [domains, setDomains] = useState('');
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  /** Fields the user changed before the stored settings arrived: theirs, not overwritten. */
  const edited = useRef(new Set<'autoTrack' | 'passive' | 'domains'>());

  useEffect(() => {
    send('getSettings', {}).then(
      ({ settings }) => {
        if (!edited.current.has('autoTrack')) setAutoTrack(settings.autoTrackRecipients);
        if (!edited.current.has('passive')) setPassive(settings.passiveLinkedin);
        if (!edited.current.has('domains')) setDomains(settings.ignoredDomains.join('\n'));
      },
      (error: unknown) => setStatus({ kind: 'error', text: errorText(error) }),
    );
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    const list = [
      ...new Set(
        domains
          .split(/[\s,;]+/)
          .map((domain) => domain.trim().toLowerCase().replace(/^@/, ''))
          .filter(Boolean),
      ),
    ];
    const invalid = list.find((domain) => !DOMAIN.test(domain));
    if (invalid) {
      setStatus({ kind: 'error', text: t('settingsInvalidDomain', invalid) });
      return;
    }
    try {
      await send('updateSettings', {
        settings: {
          autoTrackRecipients: autoTrack,
          passiveLinkedin: passive,
          ignoredDomains: list,
        },
      });
      setDomains(list.join('\n'));
      setStatus({ kind: 'ok', text: t('settingsSaved') });
    } catch (error) {
      setStatus({ kind: 'error', text: errorText(error) });
    }
  };

  return (
    <form class="settings-panel" onSubmit={save}>
      <label>
        <input
          type="checkbox"
          checked={autoTrack}
          data-setting="autoTrackRecipients"
          onChange={() => {
            edited.current.add('autoTrack');
            setAutoTrack(!autoTrack);
          }}
        />{' '}
        {t('settingsAutoTrack')}
      </label>
      <label>
        <input
          type="checkbox"
          checked={passive}
          data-setting="passiveLinkedin"
          onChange={() => {
            edited.current.add('passive');
            setPassive(!passive);
          }}
        />{' '}
        {t('settingsPassive')}
      </label>
      <label class="domains">
        {t('settingsIgnoredDomains')}
        <textarea
          rows={4}
          value={domains}
          data-setting="ignoredDomains"
          onInput={(event) => {
            edited.current.add('domains');
            setDomains((event.currentTarget as HTMLTextAreaElement).value);
          }}
        />
      </label>
      <button type="submit" data-action="save-settings">
        {t('settingsSave')}
      </button>
      {status && (
        <p role={status.kind === 'error' ? 'alert' : 'status'} data-status={status.kind}>
          {status.text}
        </p>
      )}
    </form>
  );
}

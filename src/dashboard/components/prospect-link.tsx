/** A prospect's name as a button: every prospect in a dashboard list opens its timeline. */
import { t } from '../../browser/i18n.ts';

export function ProspectLink(props: { id: string; name: string; open(id: string): void }) {
  return (
    <button
      type="button"
      class="link"
      data-prospect-id={props.id}
      aria-label={t('dashOpenTimeline', props.name)}
      onClick={() => props.open(props.id)}
    >
      {props.name}
    </button>
  );
}

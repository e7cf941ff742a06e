/**
 * What Etape shows on LinkedIn, kept small (LinkedIn restricts accounts of extensions that alter
 * its pages): next to a profile's name, the stage badge of a tracked prospect or a Track button,
 * and a "Link…" control that joins the profile to an existing prospect (found in Gmail) after a
 * confirmation that says what the merge keeps; on a conversation header, the badge.
 * Every host comes from mount.ts (open shadow root, `data-etape="<role>"`).
 */
import { type ComponentChild, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import type { ProspectContext } from '../../shared/messages.ts';
import { stageById } from '../../shared/process.ts';
import type { Process, Prospect } from '../../shared/schemas.ts';
import { isUserGesture } from '../shared/gesture.ts';
import { type Mounted, mountShadow } from '../shared/mount.ts';
import { STAGE_BADGE_CSS, StageBadge } from '../shared/stage-badge.tsx';
import { TRACK_BUTTON_CSS, TrackButton } from '../shared/track-button.tsx';

export type Role = 'badge' | 'track' | 'link';

/** What the UI asks the background to do; index.ts wires these to `send`. */
export interface UiActions {
  advance(prospect: Prospect): Promise<void>;
  track(): Promise<void>;
  search(query: string): Promise<ProspectContext[]>;
  /** The confirmation's text for linking to `target`. */
  describeLink(target: Prospect): Promise<string>;
  link(target: Prospect): Promise<void>;
}

/**
 * A set of hosts placed after one anchor element; `update` re-renders them in place, and
 * removes or adds hosts when the roles change (tracked ↔ untracked).
 */
export class Slot {
  private mounted = new Map<Role, Mounted>();

  /** Hosts go after `anchor`, or after the link around it (a click must not follow it). */
  private readonly place: Element;

  constructor(readonly anchor: Element) {
    this.place = anchor.closest('a') ?? anchor;
  }

  get attached(): boolean {
    return this.anchor.isConnected;
  }

  private lastKey: string | null = null;

  /**
   * `key` sums up what the parts show: when it has not changed since the last update, nothing
   * is re-rendered (most scans are caused by LinkedIn's own mutations, not by ours).
   */
  update(parts: Array<{ role: Role; node: ComponentChild }>, key: string | null = null): void {
    if (key !== null && key === this.lastKey && this.mounted.size === parts.length) return;
    this.lastKey = key;
    const wanted = new Set(parts.map((part) => part.role));
    for (const [role, mounted] of this.mounted) {
      if (!wanted.has(role)) {
        render(null, mounted.container);
        mounted.remove();
        this.mounted.delete(role);
      }
    }
    let previous: Element = this.place;
    for (const part of parts) {
      let mounted = this.mounted.get(part.role);
      if (!mounted) {
        const after = previous;
        mounted = mountShadow(part.role, CSS, (host) => after.after(host));
        this.mounted.set(part.role, mounted);
      }
      render(part.node, mounted.container);
      previous = mounted.host;
    }
  }

  remove(): void {
    this.update([]);
  }
}

export function badgeNode(entry: ProspectContext, process: Process, actions: UiActions) {
  return (
    <StageBadge
      prospect={entry.prospect}
      process={process}
      now={Date.now()}
      onAdvance={actions.advance}
    />
  );
}

export function trackNode(name: string, actions: UiActions) {
  return <TrackButton name={name} onTrack={() => actions.track()} />;
}

export function linkNode(actions: UiActions, exclude: string | null) {
  return <LinkControl actions={actions} exclude={exclude} />;
}

function LinkControl({
  actions,
  exclude,
}: {
  actions: UiActions;
  /** The prospect this profile already is (not offered as a target). */
  exclude: string | null;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ProspectContext[]>([]);
  const [target, setTarget] = useState<{ prospect: Prospect; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    // Debounced: one search per pause in typing, not per key.
    const timer = setTimeout(() => {
      actions.search(query.trim()).then(
        (found) => {
          if (live) setResults(found.filter((entry) => entry.prospect.id !== exclude));
        },
        (failure: unknown) => live && setError(errorMessage(failure)),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, query, exclude, actions]);

  const close = () => {
    setOpen(false);
    setTarget(null);
    setError(null);
    setQuery('');
  };
  const choose = async (prospect: Prospect) => {
    setError(null);
    try {
      setTarget({ prospect, text: await actions.describeLink(prospect) });
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const confirm = async (event: Event) => {
    // A page script clicking for the user merges nothing (../shared/gesture.ts).
    if (!target || !isUserGesture(event)) return;
    setBusy(true);
    setError(null);
    try {
      await actions.link(target.prospect);
      close();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close();
  };

  return (
    <span class="etape">
      <button
        type="button"
        class="chip quiet"
        aria-expanded={open}
        onKeyDown={onKeyDown}
        aria-label={t('liLinkTitle')}
        title={t('liLinkTitle')}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {t('liLink')}
      </button>
      {open && (
        <span class="card" role="dialog" aria-label={t('liLinkTitle')} onKeyDown={onKeyDown}>
          {target ? (
            <>
              <strong>{t('liLinkConfirm', target.prospect.name)}</strong>
              <span class="meta">{target.text}</span>
              <span class="row">
                <button
                  type="button"
                  class="advance"
                  disabled={busy}
                  onClick={confirm}
                  data-etape-action="confirm-link"
                >
                  {t('liLinkConfirmButton')}
                </button>
                <button type="button" class="plain" onClick={() => setTarget(null)}>
                  {t('liCancel')}
                </button>
              </span>
            </>
          ) : (
            <>
              <input
                type="search"
                value={query}
                placeholder={t('liLinkSearch')}
                aria-label={t('liLinkSearch')}
                onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
                ref={(input) => input?.focus()}
              />
              {results.length === 0 ? (
                <span class="meta">{t('liLinkNoResults')}</span>
              ) : (
                <ul class="results">
                  {results.map((entry) => (
                    <li key={entry.prospect.id}>
                      <button
                        type="button"
                        class="plain"
                        data-etape-action="pick-prospect"
                        onClick={() => choose(entry.prospect)}
                      >
                        {entry.prospect.name}
                        {entry.prospect.company ? ` — ${entry.prospect.company}` : ''}
                        {entry.prospect.emails[0] ? ` · ${entry.prospect.emails[0]}` : ''}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {error && (
            <span class="error" role="alert">
              {error}
            </span>
          )}
        </span>
      )}
    </span>
  );
}

/** The confirmation's detail line: what a merge keeps, or that the profile is just added. */
export function linkDescription(
  preview: { stageName: string; touchpoints: number } | null,
): string {
  return preview
    ? t('liLinkMergeDetail', preview.stageName, String(preview.touchpoints))
    : t('liLinkAddDetail');
}

/** What a render depends on; the minute keeps "time in stage" current without a timer. */
export function renderKey(
  entry: ProspectContext | null,
  linkedinUrl: string,
  process: Process,
): string {
  const minute = Math.floor(Date.now() / 60_000);
  return entry
    ? `${linkedinUrl}|${entry.prospect.id}|${entry.prospect.updatedAt}|${entry.prospect.stageId}|${process.savedAt}|${minute}`
    : `${linkedinUrl}|untracked`;
}

export function stageName(process: Process, prospect: Prospect): string {
  return stageById(process, prospect.stageId)?.name ?? prospect.stageId;
}

const CSS = `${STAGE_BADGE_CSS}
${TRACK_BUTTON_CSS}
/* Opaque, as TRACK_BUTTON_CSS says why. */
.chip.quiet { background: #fff; color: #4f5666; border-color: #c3c9d4; }
.chip[disabled] { opacity: .6; }
.chip:focus-visible, .plain:focus-visible, input:focus-visible { outline: 2px solid #2457c5; outline-offset: 2px; }
.card input { font: inherit; padding: 4px 6px; border: 1px solid #c3c9d4; border-radius: 6px; background: inherit; color: inherit; }
.results { list-style: none; padding: 0; margin: 0; max-height: 200px; overflow: auto; }
.plain { font: inherit; text-align: left; background: none; border: 0; padding: 3px 2px; color: inherit; cursor: pointer; }
.plain:hover { text-decoration: underline; }
.row { display: flex; gap: 8px; align-items: center; }
@media (prefers-color-scheme: dark) {
  .chip.quiet { background: #161a22; color: #a3abbb; border-color: #3a4252; }
  .card input { border-color: #3a4252; }
}
`;

/**
 * What Etape shows on LinkedIn, kept small (LinkedIn restricts accounts of extensions that alter
 * its pages): next to a profile's name, the stage badge of a tracked prospect or a Track button,
 * and a "Link…" control that joins the profile to an existing prospect (found in Gmail) after a
 * confirmation that says what the merge keeps; on a conversation header, the badge.
 * Every host comes from mount.ts (open shadow root, `data-etape="<role>"`); controls are built
 * with DOM calls (../shared/view.ts).
 */
import { errorMessage } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import type { ProspectContext } from '../../shared/messages.ts';
import { stageById } from '../../shared/process.ts';
import type { Process, Prospect } from '../../shared/schemas.ts';
import { isUserGesture } from '../shared/gesture.ts';
import { type Mounted, mountShadow } from '../shared/mount.ts';
import { STAGE_BADGE_CSS, StageBadge } from '../shared/stage-badge.ts';
import { TRACK_BUTTON_CSS, TrackButton } from '../shared/track-button.ts';
import { draw, el, node, setAttribute, type View, type ViewNode } from '../shared/view.ts';

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
  update(parts: Array<{ role: Role; node: ViewNode | null }>, key: string | null = null): void {
    if (key !== null && key === this.lastKey && this.mounted.size === parts.length) return;
    this.lastKey = key;
    const wanted = new Set(parts.map((part) => part.role));
    for (const [role, mounted] of this.mounted) {
      if (!wanted.has(role)) {
        draw(null, mounted.container);
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
      draw(part.node, mounted.container);
      previous = mounted.host;
    }
  }

  remove(): void {
    this.update([]);
  }
}

export function badgeNode(entry: ProspectContext, process: Process, actions: UiActions): ViewNode {
  return node(StageBadge, {
    prospect: entry.prospect,
    process,
    now: Date.now(),
    onAdvance: actions.advance,
  });
}

export function trackNode(name: string, actions: UiActions): ViewNode {
  return node(TrackButton, { name, onTrack: () => actions.track() });
}

export function linkNode(actions: UiActions, exclude: string | null): ViewNode {
  return node(LinkControl, { actions, exclude });
}

interface LinkControlProps {
  actions: UiActions;
  /** The prospect this profile already is (not offered as a target). */
  exclude: string | null;
}

/**
 * "Link…": a card to search the prospects (one search per pause in typing), pick one, read what
 * linking keeps, and confirm. Its parts are built when the card opens.
 */
class LinkControl implements View<LinkControlProps> {
  readonly root: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly error = el('span', { class: 'error', role: 'alert' });
  private card: HTMLElement | null = null;
  /** The card's content as last built: the search (its input keeps what was typed) or the confirmation. */
  private shown:
    | { mode: 'search'; input: HTMLInputElement; results: Element }
    | { mode: 'confirm'; confirm: HTMLButtonElement }
    | null = null;
  private query = '';
  private results: ProspectContext[] = [];
  private target: { prospect: Prospect; text: string } | null = null;
  private busy = false;
  private failure: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts searches started: an answer to an older one (or after closing) is dropped. */
  private searches = 0;

  constructor(private props: LinkControlProps) {
    this.button = el(
      'button',
      {
        type: 'button',
        class: 'chip quiet',
        'aria-expanded': false,
        onKeyDown: this.onKeyDown,
        'aria-label': t('liLinkTitle'),
        title: t('liLinkTitle'),
        onClick: () => (this.card ? this.close() : this.open()),
      },
      t('liLink'),
    );
    this.root = el('span', { class: 'etape' }, this.button);
  }

  update(props: LinkControlProps): void {
    const changed = props.actions !== this.props.actions || props.exclude !== this.props.exclude;
    this.props = props;
    if (changed && this.card) this.search();
  }

  private open(): void {
    this.card = el('span', {
      class: 'card',
      role: 'dialog',
      'aria-label': t('liLinkTitle'),
      onKeyDown: this.onKeyDown,
    });
    this.root.append(this.card);
    setAttribute(this.button, 'aria-expanded', true);
    this.paint();
    this.search();
  }

  private close(): void {
    clearTimeout(this.timer);
    this.searches++;
    this.card?.remove();
    this.card = null;
    this.shown = null;
    this.target = null;
    this.failure = null;
    this.query = '';
    setAttribute(this.button, 'aria-expanded', false);
  }

  private readonly onKeyDown = (event: Event) => {
    if ((event as KeyboardEvent).key === 'Escape') this.close();
  };

  /** Debounced: one search per pause in typing, not per key. */
  private search(): void {
    clearTimeout(this.timer);
    const search = ++this.searches;
    const { actions, exclude } = this.props;
    const query = this.query.trim();
    this.timer = setTimeout(() => {
      actions.search(query).then(
        (found) => {
          if (search !== this.searches) return;
          this.results = found.filter((entry) => entry.prospect.id !== exclude);
          this.paint();
        },
        (failure: unknown) => {
          if (search !== this.searches) return;
          this.failure = errorMessage(failure);
          this.paint();
        },
      );
    }, 150);
  }

  private async choose(prospect: Prospect): Promise<void> {
    this.failure = null;
    try {
      this.target = { prospect, text: await this.props.actions.describeLink(prospect) };
    } catch (failure) {
      this.failure = errorMessage(failure);
    }
    this.paint();
  }

  private async confirm(event: Event): Promise<void> {
    // A page script clicking for the user merges nothing (../shared/gesture.ts).
    const target = this.target;
    if (!target || !isUserGesture(event)) return;
    this.busy = true;
    this.failure = null;
    this.paint();
    try {
      await this.props.actions.link(target.prospect);
      this.close();
    } catch (failure) {
      this.failure = errorMessage(failure);
    } finally {
      this.busy = false;
      this.paint();
    }
  }

  private paint(): void {
    const card = this.card;
    if (!card) return;
    const target = this.target;
    if (target) {
      if (this.shown?.mode !== 'confirm') {
        const confirm = el(
          'button',
          {
            type: 'button',
            class: 'advance',
            'data-etape-action': 'confirm-link',
            onClick: (event) => void this.confirm(event),
          },
          t('liLinkConfirmButton'),
        );
        const cancel = el(
          'button',
          {
            type: 'button',
            class: 'plain',
            onClick: () => {
              this.target = null;
              this.paint();
            },
          },
          t('liCancel'),
        );
        card.replaceChildren(
          el('strong', {}, t('liLinkConfirm', target.prospect.name)),
          el('span', { class: 'meta' }, target.text),
          el('span', { class: 'row' }, confirm, cancel),
        );
        this.shown = { mode: 'confirm', confirm };
      }
      this.shown.confirm.disabled = this.busy;
    } else {
      if (this.shown?.mode !== 'search') {
        const input = el('input', {
          type: 'search',
          placeholder: t('liLinkSearch'),
          'aria-label': t('liLinkSearch'),
          onInput: () => {
            this.query = input.value;
            this.search();
          },
        });
        input.value = this.query;
        const results = el('span');
        card.replaceChildren(input, results);
        this.shown = { mode: 'search', input, results };
      }
      const results =
        this.results.length === 0
          ? el('span', { class: 'meta' }, t('liLinkNoResults'))
          : el(
              'ul',
              { class: 'results' },
              ...this.results.map(({ prospect }) =>
                el(
                  'li',
                  {},
                  el(
                    'button',
                    {
                      type: 'button',
                      class: 'plain',
                      'data-etape-action': 'pick-prospect',
                      onClick: () => void this.choose(prospect),
                    },
                    `${prospect.name}${prospect.company ? ` — ${prospect.company}` : ''}${
                      prospect.emails[0] ? ` · ${prospect.emails[0]}` : ''
                    }`,
                  ),
                ),
              ),
            );
      this.shown.results.replaceWith(results);
      this.shown.results = results;
      // Typing goes on in the search box whatever the results did.
      this.shown.input.focus();
    }
    if (this.failure) {
      this.error.textContent = this.failure;
      card.append(this.error);
    } else this.error.remove();
  }
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

/**
 * Etape's UI inside Gmail: badges, Track controls and inbox chips, each in its own shadow host
 * placed right after the element it is about. Hosts are keyed by what they show (an address, a
 * thread row), not by the anchor element: when Gmail re-renders a header the same host moves
 * to the new anchor (cheap, and an open card stays open) instead of being rebuilt, and a host
 * whose content did not change is not redrawn. A host is drawn once its anchor comes on screen
 * (../shared/on-screen.ts): a long thread's participants far below the fold cost nothing until
 * the user scrolls there. A render pass names the keys it wants; the others are removed, so no
 * stale badge stays behind.
 */
import type { Process, Prospect } from '../../shared/schemas.ts';
import { type Mounted, mountShadow } from '../shared/mount.ts';
import { immediately, type OnScreen } from '../shared/on-screen.ts';
import { STAGE_BADGE_CSS, StageBadge } from '../shared/stage-badge.ts';
import { STAGE_CHIP_CSS, StageChip } from '../shared/stage-chip.ts';
import { TRACK_BUTTON_CSS, TrackButton } from '../shared/track-button.ts';
import { draw, node, type ViewNode } from '../shared/view.ts';

type Role = 'badge' | 'track' | 'chip';

const CSS: Record<Role, string> = {
  badge: STAGE_BADGE_CSS,
  track: TRACK_BUTTON_CSS,
  chip: STAGE_CHIP_CSS,
};

interface Entry {
  anchor: Element;
  role: Role;
  /** What it shows: equal means nothing to redraw. */
  shown: string;
  /** Its content as of the last pass (drawn when it comes on screen). */
  node: () => ViewNode;
  /** Null until its anchor came on screen. */
  mounted: Mounted | null;
  /** Stops waiting for the anchor to come on screen. */
  cancel: (() => void) | null;
}

export class Overlay {
  private readonly mounts = new Map<string, Entry>();
  private readonly named = new Set<string>();

  constructor(private readonly onScreen: OnScreen = immediately) {}

  begin(): void {
    this.named.clear();
  }

  badge(
    key: string,
    anchor: Element,
    prospect: Prospect,
    process: Process,
    now: number,
    onAdvance: (prospect: Prospect) => Promise<void>,
  ): void {
    this.show(key, anchor, 'badge', shows(prospect, process, now), () =>
      node(StageBadge, { prospect, process, now, onAdvance }),
    );
  }

  /** `onTrack` must depend only on `key` and `name` (a host showing the same is not redrawn). */
  track(key: string, anchor: Element, name: string, onTrack: () => Promise<void>): void {
    this.show(key, anchor, 'track', name, () => node(TrackButton, { name, onTrack }));
  }

  chip(key: string, anchor: Element, prospect: Prospect, process: Process, now: number): void {
    this.show(key, anchor, 'chip', shows(prospect, process, now), () =>
      node(StageChip, { prospect, process, now }),
    );
  }

  /** Removes every host not named since `begin()`. */
  end(): void {
    for (const [key, entry] of this.mounts) {
      if (this.named.has(key) && entry.anchor.isConnected) continue;
      this.drop(key, entry);
    }
  }

  /** Removes every host. */
  clear(): void {
    this.begin();
    this.end();
  }

  /** Hosts shown or waiting to come on screen. */
  get count(): number {
    return this.mounts.size;
  }

  private show(
    key: string,
    anchor: Element,
    role: Role,
    shown: string,
    node: () => ViewNode,
  ): void {
    this.named.add(key);
    const existing = this.mounts.get(key);
    if (existing && existing.role === role) {
      const { mounted } = existing;
      if (!mounted) {
        // Still off screen: it will draw the latest content, next to the latest anchor.
        existing.shown = shown;
        existing.node = node;
        if (existing.anchor !== anchor) {
          existing.cancel?.();
          existing.anchor = anchor;
          this.wait(key, existing);
        }
        return;
      }
      // Gmail may have re-rendered around the anchor: put the host back right after it.
      if (anchor.nextSibling !== mounted.host) anchor.after(mounted.host);
      existing.anchor = anchor;
      if (existing.shown === shown) return;
      existing.shown = shown;
      draw(node(), mounted.container);
      return;
    }
    if (existing) this.drop(key, existing);
    const entry: Entry = { anchor, role, shown, node, mounted: null, cancel: null };
    this.mounts.set(key, entry);
    this.wait(key, entry);
  }

  private wait(key: string, entry: Entry): void {
    const cancel = this.onScreen(entry.anchor, () => this.mount(key, entry));
    // Drawn at once (immediately): nothing left to cancel.
    entry.cancel = entry.mounted ? null : cancel;
  }

  private mount(key: string, entry: Entry): void {
    if (this.mounts.get(key) !== entry || entry.mounted || !entry.anchor.isConnected) return;
    entry.cancel = null;
    const { anchor } = entry;
    entry.mounted = mountShadow(entry.role, CSS[entry.role], (host) => anchor.after(host));
    draw(entry.node(), entry.mounted.container);
  }

  private drop(key: string, entry: Entry): void {
    entry.cancel?.();
    entry.cancel = null;
    if (entry.mounted) {
      draw(null, entry.mounted.container);
      entry.mounted.remove();
    }
    this.mounts.delete(key);
  }
}

/** What a badge or chip displays, to the minute: equal means nothing to redraw. */
function shows(prospect: Prospect, process: Process, now: number): string {
  return [
    prospect.id,
    prospect.name,
    prospect.stageId,
    prospect.stageEnteredAt,
    process.savedAt,
    Math.floor(now / 60_000),
  ].join('|');
}

/**
 * Etape's UI inside Gmail: badges, Track controls and inbox chips, each in its own shadow host
 * placed right after the element it is about. Hosts are keyed by what they show (an address, a
 * thread row), not by the anchor element: when Gmail re-renders a header the same host moves
 * to the new anchor (cheap, and an open card stays open) instead of being rebuilt. A render
 * pass names the keys it wants; the others are removed, so no stale badge stays behind.
 */
import { render } from 'preact';
import type { Process, Prospect } from '../../shared/schemas.ts';
import { type Mounted, mountShadow } from '../shared/mount.ts';
import { STAGE_BADGE_CSS, StageBadge } from '../shared/stage-badge.tsx';
import { STAGE_CHIP_CSS, StageChip } from '../shared/stage-chip.tsx';
import { TRACK_BUTTON_CSS, TrackButton } from '../shared/track-button.tsx';

type Role = 'badge' | 'track' | 'chip';

const CSS: Record<Role, string> = {
  badge: STAGE_BADGE_CSS,
  track: TRACK_BUTTON_CSS,
  chip: STAGE_CHIP_CSS,
};

export class Overlay {
  private readonly mounts = new Map<
    string,
    { anchor: Element; role: Role; mounted: Mounted; shown: string }
  >();
  private readonly named = new Set<string>();

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
    const container = this.host(key, anchor, 'badge', shows(prospect, process, now));
    if (container)
      render(
        <StageBadge prospect={prospect} process={process} now={now} onAdvance={onAdvance} />,
        container,
      );
  }

  /** `onTrack` must depend only on `key` and `name` (a host showing the same is not redrawn). */
  track(key: string, anchor: Element, name: string, onTrack: () => Promise<void>): void {
    const container = this.host(key, anchor, 'track', name);
    if (container) render(<TrackButton name={name} onTrack={onTrack} />, container);
  }

  chip(key: string, anchor: Element, prospect: Prospect, process: Process, now: number): void {
    const container = this.host(key, anchor, 'chip', shows(prospect, process, now));
    if (container) render(<StageChip prospect={prospect} process={process} now={now} />, container);
  }

  /** Removes every host not named since `begin()`. */
  end(): void {
    for (const [key, entry] of this.mounts) {
      if (this.named.has(key) && entry.anchor.isConnected) continue;
      this.drop(key, entry.mounted);
    }
  }

  /** Removes every host. */
  clear(): void {
    this.begin();
    this.end();
  }

  get count(): number {
    return this.mounts.size;
  }

  /** The container to render into, or null when the host already shows exactly `shown`. */
  private host(key: string, anchor: Element, role: Role, shown: string): HTMLElement | null {
    this.named.add(key);
    const existing = this.mounts.get(key);
    if (existing && existing.role === role) {
      // Gmail may have re-rendered around the anchor: put the host back right after it.
      if (anchor.nextSibling !== existing.mounted.host) anchor.after(existing.mounted.host);
      existing.anchor = anchor;
      if (existing.shown === shown) return null;
      existing.shown = shown;
      return existing.mounted.container;
    }
    if (existing) this.drop(key, existing.mounted);
    const mounted = mountShadow(role, CSS[role], (host) => anchor.after(host));
    this.mounts.set(key, { anchor, role, mounted, shown });
    return mounted.container;
  }

  private drop(key: string, mounted: Mounted): void {
    render(null, mounted.container);
    mounted.remove();
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

/**
 * What the LinkedIn detectors share within one page: the settings (passive mode injects
 * nothing), the process, and who is tracked, by profile URL of either form (vanity or member
 * id, see ../../shared/linkedin-url.ts). The background is asked about each person the page
 * shows once, and again after a change event; a scan never waits for an answer, the answer
 * schedules the next scan.
 */
import { linkedinIdentity, memberIdUrl } from '../../shared/linkedin-url.ts';
import type { ProspectContext } from '../../shared/messages.ts';
import type { Process, Prospect } from '../../shared/schemas.ts';
import { isOrphaned } from '../shared/handover.ts';
import type { DetectorContext } from '../shared/session.ts';

type Asker = Pick<DetectorContext, 'send' | 'schedule' | 'run'>;

/** getContext takes at most this many profile URLs: the ones still likely on screen. */
const REFRESH_MAX = 50;

export class LinkedinState {
  process: Process | null = null;
  /** Until the settings are read, nothing is injected (passive is the safe default). */
  passive = true;
  settingsLoaded = false;
  /** Tracked (its context) or not (null), by profile URL; absent: not asked yet. */
  private readonly contexts = new Map<string, ProspectContext | null>();
  private readonly asking = new Set<string>();
  /**
   * Member-id URL → vanity URL of profiles seen in this tab: a conversation naming someone by
   * member id is matched to the profile just seen even before the background knows both ids.
   */
  readonly aliases = new Map<string, string>();

  /** May Etape's UI be shown (not passive, settings and process known)? */
  get showsUi(): boolean {
    return !this.passive && this.settingsLoaded && this.process !== null;
  }

  /** The context of one person; asks the background the first time and answers undefined. */
  contextOf(linkedinUrl: string, asker: Asker): ProspectContext | null | undefined {
    if (this.contexts.has(linkedinUrl)) return this.contexts.get(linkedinUrl);
    if (!this.asking.has(linkedinUrl))
      asker.run(this.ask(linkedinUrl, asker).then(() => asker.schedule(0)));
    return undefined;
  }

  /**
   * Before the first scan (the session's prepare step): the settings, and the person the URL
   * names when it is a profile, asked together so that scan renders with both in hand.
   */
  async prepare(asker: Pick<Asker, 'send'>, profileUrl: string | null): Promise<void> {
    const settings = this.readSettings(asker);
    const person = profileUrl && !this.asking.has(profileUrl) ? this.ask(profileUrl, asker) : null;
    const results = await Promise.allSettled([settings, person]);
    // Reported by the session; the first scan asks again what failed.
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  }

  private async ask(linkedinUrl: string, asker: Pick<Asker, 'send'>): Promise<void> {
    this.asking.add(linkedinUrl);
    try {
      const reply = await asker.send('getContext', { linkedinUrls: [linkedinUrl] });
      this.process = reply.process;
      this.contexts.set(
        linkedinUrl,
        reply.prospects.find((entry) => names(entry.prospect, linkedinUrl)) ?? null,
      );
    } finally {
      this.asking.delete(linkedinUrl);
    }
  }

  /** What a write of ours returned: the person is this prospect under both of its URLs. */
  remember(prospect: Prospect, ...urls: string[]): void {
    const entry = { prospect, lastTouchAt: null };
    for (const url of [...urls, ...urlsOf(prospect)]) this.contexts.set(url, entry);
  }

  /** After a change elsewhere (another tab, the popup): re-ask about everyone shown. */
  async refresh(asker: Asker): Promise<void> {
    const urls = [...this.contexts.keys()].slice(-REFRESH_MAX);
    if (urls.length === 0) return;
    try {
      const reply = await asker.send('getContext', { linkedinUrls: urls });
      this.process = reply.process;
      this.contexts.clear();
      for (const url of urls)
        this.contexts.set(url, reply.prospects.find((entry) => names(entry.prospect, url)) ?? null);
    } catch (error) {
      if (isOrphaned(error)) throw error;
      // Asked again person by person by the next scans.
      this.contexts.clear();
    }
    asker.schedule(0);
  }

  async loadSettings(asker: Asker): Promise<void> {
    if (await this.readSettings(asker)) asker.schedule(0);
  }

  /** True once read; false when they could not be (then nothing is injected). */
  private async readSettings(asker: Pick<Asker, 'send'>): Promise<boolean> {
    try {
      const { settings } = await asker.send('getSettings', {});
      this.passive = settings.passiveLinkedin;
      this.settingsLoaded = true;
      return true;
    } catch (error) {
      // Stay passive (inject nothing) until the settings can be read.
      if (isOrphaned(error)) throw error;
      return false;
    }
  }
}

/** Does this prospect carry the identity `url` names? */
export function names(prospect: Prospect, url: string): boolean {
  const identity = linkedinIdentity(url);
  if (identity?.vanityUrl) return prospect.linkedinUrl === identity.vanityUrl;
  if (!identity?.memberId) return false;
  const byId = memberIdUrl(identity.memberId);
  // Before the member id had a field, old versions stored it as a lower-cased profile URL.
  return (
    prospect.linkedinMemberId === identity.memberId ||
    prospect.linkedinUrl === byId ||
    prospect.linkedinUrl === byId.toLowerCase()
  );
}

function urlsOf(prospect: Prospect): string[] {
  return [
    ...(prospect.linkedinUrl ? [prospect.linkedinUrl] : []),
    ...(prospect.linkedinMemberId ? [memberIdUrl(prospect.linkedinMemberId)] : []),
  ];
}

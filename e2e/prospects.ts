/**
 * What e2e files ask of the extension's data over and over: track someone as the popup's
 * Track does, read a prospect's stage back, find a routed site's tab as the toolbar popup knows it.
 */
import type { Prospect } from '../src/shared/schemas.ts';
import { type Harness, waitFor } from './harness.ts';

/** Tracks a contact by address; resolves with the new prospect's id. */
export async function track(h: Harness, name: string, email: string): Promise<string> {
  const reply = await h.send<{ prospect: { id: string } }>({
    type: 'trackContact',
    name,
    emails: [email],
  });
  const id = reply.data?.prospect.id;
  if (!id) throw new Error(`could not track ${name}`);
  return id;
}

export async function stageOf(h: Harness, id: string): Promise<string | undefined> {
  return (await h.records<Prospect>('prospects')).find((prospect) => prospect.id === id)?.stageId;
}

/** The id of the open tab at `url` (a match pattern), for the popup's `?tab=`. */
export async function tabIdOf(h: Harness, url: string): Promise<number> {
  const finder = await h.extensionPage('manifest.json');
  try {
    return await waitFor(async () => {
      const tabs = await finder.evaluate((pattern) => chrome.tabs.query({ url: pattern }), url);
      return tabs[0]?.id;
    });
  } finally {
    await finder.close();
  }
}

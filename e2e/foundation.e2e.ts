/**
 * The foundation's end-to-end proof: a Gmail page (routed fixture) → content script →
 * background → IndexedDB, in headless Chromium with the built extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await launch();
  await h.route('https://mail.google.com/**', { fixture: 'gmail/conversation-2025-04.html' });
});

afterAll(async () => {
  await h?.close();
});

describe('extension loaded in Chromium', () => {
  it('runs its worker and creates the etape database with the default process', async () => {
    const reply = await h.send<{ process: { stages: Array<{ id: string }> } }>({
      type: 'getProcess',
    });
    expect(reply.ok).toBe(true);
    expect(reply.data?.process.stages.map((stage) => stage.id)).toContain('qualified');
  });

  it('refuses an invalid message at the boundary and writes nothing', async () => {
    const reply = await h.send({ type: 'trackContact', name: 42 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await h.records('prospects')).toEqual([]);
  });

  it('logs the emails of a tracked prospect from an open Gmail conversation, once', async () => {
    const tracked = await h.send<{ prospect: { id: string } }>({
      type: 'trackContact',
      name: 'Alice Martin',
      emails: ['Alice.Martin@northwind.example'],
    });
    expect(tracked.ok).toBe(true);
    const prospectId = tracked.data?.prospect.id;

    const gmail = await h.context.newPage();
    const pageErrors: string[] = [];
    gmail.on('pageerror', (error) => pageErrors.push(error.message));
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTpLsample');

    const touchpoints = await waitFor(async () => {
      const rows = await h.records<{
        kind: string;
        key: string;
        prospectId: string;
        stageId: string;
      }>('touchpoints');
      return rows.length >= 2 ? rows : null;
    });
    expect(touchpoints.map((t) => t.kind).sort()).toEqual(['email_received', 'email_sent']);
    expect(touchpoints.every((t) => t.prospectId === prospectId && t.stageId === 'prospect')).toBe(
      true,
    );

    // Re-opening the conversation must not log the same messages again.
    await gmail.reload();
    await gmail.waitForTimeout(800);
    expect(await h.records('touchpoints')).toHaveLength(2);

    // No body text ever reaches the database.
    const dump = JSON.stringify([await h.records('touchpoints'), await h.records('prospects')]);
    expect(dump).not.toContain('never stored');
    expect(pageErrors).toEqual([]);
  });

  it('makes no network request beyond the routed pages', () => {
    expect(h.strayRequests).toEqual([]);
  });
});

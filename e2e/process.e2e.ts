/**
 * The process evolves: rename, reorder, archive a stage holding prospects (they move, history
 * intact), accept a target learnt from won deals — and the popup uses the new names.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, launch, waitFor } from './harness.ts';

let h: Harness;
let page: Page;
const ids: string[] = [];

async function track(name: string): Promise<string> {
  const reply = await h.send<{ prospect: { id: string } }>({
    type: 'trackContact',
    name,
    emails: [`${name.toLowerCase()}@x.example`],
  });
  const id = reply.data?.prospect.id;
  if (!id) throw new Error(`could not track ${name}`);
  return id;
}

beforeAll(async () => {
  h = await launch();
  for (const name of ['Ana', 'Bob']) {
    const id = await track(name);
    await h.send({ type: 'advanceStage', prospectId: id });
    ids.push(id);
  }
  // Three won deals: enough for the editor to suggest targets.
  for (const name of ['Won1', 'Won2', 'Won3']) {
    const id = await track(name);
    await h.send({ type: 'advanceStage', prospectId: id });
    await h.send({ type: 'markWon', prospectId: id });
  }
  page = await h.extensionPage('src/dashboard/index.html#/process');
  await page.waitForSelector('[data-section="process"] [data-stage-id="qualified"]');
});

afterAll(async () => {
  await h?.close();
});

describe('process editor', () => {
  it('shows a message next to a bad field and keeps Save disabled', async () => {
    // The later of two same-named stages carries the message.
    const name = page.locator('[data-stage-id="proposal"] input[data-field="name"]');
    await name.fill('qualified');
    expect(await page.locator('[data-stage-id="proposal"] [role="alert"]').textContent()).toBe(
      'Another stage already has this name.',
    );
    expect(await page.isDisabled('[data-action="save-process"]')).toBe(true);
    await name.fill('Proposal');
    const target = page.locator('[data-stage-id="proposal"] input[data-field="target"]');
    await target.fill('-3');
    expect(await page.locator('[data-stage-id="proposal"] [role="alert"]').textContent()).toBe(
      'The target must be a positive number of days.',
    );
    await target.fill('14');
  });

  it('renames, reorders, archives a stage holding prospects and accepts a suggested target', async () => {
    await page
      .locator('[data-stage-id="qualified"] input[data-field="name"]')
      .fill('Discovery call');
    await page.click('[data-stage-id="proposal"] button[aria-label^="Move Proposal up"]');
    await page.click('[data-stage-id="contacted"] [data-action="archive"]');
    // Follow-ups: Contacted asks after 3 days by default; Discovery calls now after 5.
    expect(await page.inputValue('[data-stage-id="contacted"] input[data-field="follow-up"]')).toBe(
      '3',
    );
    await page.fill('[data-stage-id="qualified"] input[data-field="follow-up"]', '5');
    await page.selectOption('select[data-move-from="contacted"]', 'qualified');
    await page.click('[data-action="learn"]');
    await page.click('[data-stage-id="prospect"] [data-action="accept-target"]');
    await page.click('[data-action="save-process"]');
    await page.waitForSelector('[data-section="process"] [data-status="ok"]');

    const processes = await h.records<{
      savedAt: number;
      stages: Array<{
        id: string;
        name: string;
        archived: boolean;
        targetDays: number | null;
        followUpDays?: number;
      }>;
    }>('processes');
    expect(processes).toHaveLength(2);
    const latest = processes.sort((a, b) => b.savedAt - a.savedAt)[0];
    expect(latest?.stages.map((stage) => stage.id).slice(0, 4)).toEqual([
      'prospect',
      'contacted',
      'proposal',
      'qualified',
    ]);
    expect(latest?.stages.find((stage) => stage.id === 'qualified')).toMatchObject({
      name: 'Discovery call',
      followUpDays: 5,
    });
    expect(latest?.stages.find((stage) => stage.id === 'contacted')?.archived).toBe(true);
    // Won deals here spent seconds in Prospect: the suggestion rounds up to one day.
    expect(latest?.stages.find((stage) => stage.id === 'prospect')?.targetDays).toBe(1);

    const prospects = await h.records<{ id: string; stageId: string }>('prospects');
    for (const id of ids)
      expect(prospects.find((prospect) => prospect.id === id)?.stageId).toBe('qualified');
    const changes = await h.records<{ prospectId: string; to: string; note?: string }>(
      'stageChanges',
    );
    const ana = changes.filter((change) => change.prospectId === ids[0]).map((change) => change.to);
    expect(ana).toEqual(['prospect', 'contacted', 'qualified']);
    expect(
      changes.find((change) => change.prospectId === ids[0] && change.to === 'qualified')?.note,
    ).toMatch(/archived/);
  });

  it('a Gmail badge follows a rename and a new target, without reload', async () => {
    await h.route('https://mail.google.com/**', { fixture: 'gmail/conversation-2025-04.html' });
    await h.send({
      type: 'trackContact',
      name: 'Alice Martin',
      emails: ['alice.martin@northwind.example'],
    });
    const gmail = await h.context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTpLsample');
    const badge = () =>
      gmail.evaluate(
        () => document.querySelector('[data-etape="badge"]')?.shadowRoot?.textContent ?? '',
      );
    await waitFor(async () => (await badge()).includes('Prospect'));
    // Rename the first stage in the editor and save.
    await page.locator('[data-stage-id="prospect"] input[data-field="name"]').fill('Lead');
    await page.click('[data-action="save-process"]');
    await waitFor(async () => (await badge()).includes('Lead'));
    await gmail.close();
  });

  it('the popup shows the new stage name', async () => {
    const popup = await h.extensionPage('src/popup/index.html');
    await waitFor(async () => ((await popup.textContent('body')) ?? '').includes('Discovery call'));
    await popup.close();
  });
});

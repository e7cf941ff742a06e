import { describe, expect, it } from 'vitest';
import { makeService, snapshot } from '../test-helpers.ts';

const URL = 'https://www.linkedin.com/in/camille-durand/';

async function twoProspects() {
  const env = makeService();
  const { service, clock } = env;
  const gmail = await service.handlers.trackContact({
    name: 'Camille Durand',
    emails: ['camille@northwind.example'],
  });
  await service.handlers.logTouchpoints({
    touchpoints: [
      {
        email: 'camille@northwind.example',
        channel: 'gmail',
        kind: 'email_received',
        at: clock.now,
        key: 'gmail:1',
      },
    ],
  });
  clock.now += 86_400_000;
  await service.handlers.advanceStage({ prospectId: gmail.prospect.id });
  await service.handlers.checkAction({
    prospectId: gmail.prospect.id,
    stageId: 'contacted',
    actionId: (await service.handlers.getProcess({})).process.stages[1]?.actions[0]?.id ?? '',
    done: true,
  });
  clock.now += 86_400_000;
  const linkedin = await service.handlers.trackContact({
    name: 'Camille Durand',
    emails: [],
    linkedinUrl: URL,
    title: 'Head of Sales',
  });
  await service.handlers.logTouchpoints({
    touchpoints: [
      {
        linkedinUrl: URL,
        channel: 'linkedin',
        kind: 'linkedin_profile_view',
        at: clock.now,
        key: 'li:view:1',
      },
    ],
  });
  return { ...env, gmailId: gmail.prospect.id, linkedinId: linkedin.prospect.id };
}

describe('merging prospects', () => {
  it('previews, then moves every touchpoint, stage change and action to the kept prospect', async () => {
    const { service, db, gmailId, linkedinId, events } = await twoProspects();
    const preview = await service.handlers.previewMerge({ keepId: linkedinId, mergeId: gmailId });
    expect(preview.prospect.stageId).toBe('contacted');
    expect(preview.touchpoints).toBe(1);
    expect(await db.prospects.count()).toBe(2);

    const result = await service.handlers.mergeProspects({ keepId: linkedinId, mergeId: gmailId });
    expect(result.moved).toEqual({ touchpoints: 1, stageChanges: 2 });
    expect(result.prospect).toMatchObject({
      id: linkedinId,
      emails: ['camille@northwind.example'],
      linkedinUrl: URL,
      title: 'Head of Sales',
      stageId: 'contacted',
    });
    const after = await snapshot(db);
    expect(after.prospects).toHaveLength(1);
    expect((after.touchpoints as Array<{ prospectId: string }>).map((t) => t.prospectId)).toEqual([
      linkedinId,
      linkedinId,
    ]);
    const changes = await db.stageChanges.toArray();
    // 2 from Gmail, 1 from LinkedIn, 1 closing change back to the picked stage.
    expect(changes).toHaveLength(4);
    expect(changes.every((change) => change.prospectId === linkedinId)).toBe(true);
    expect(changes.at(-1)).toMatchObject({ from: 'prospect', to: 'contacted' });
    expect((await db.actionChecks.toArray()).map((check) => check.prospectId)).toEqual([
      linkedinId,
    ]);
    expect(events.at(-1)).toEqual({ what: 'prospect', prospectIds: [linkedinId, gmailId] });
    // Found by either identity afterwards.
    const context = await service.handlers.getContext({
      emails: ['camille@northwind.example'],
      linkedinUrls: [URL],
    });
    expect(context.prospects.map((entry) => entry.prospect.id)).toEqual([linkedinId]);
  });

  it('links a profile to a Gmail prospect, merging the profile’s own prospect', async () => {
    const { service, db, gmailId } = await twoProspects();
    const reply = await service.handle({
      type: 'linkLinkedinProfile',
      prospectId: gmailId,
      linkedinUrl: 'https://fr.linkedin.com/in/Camille-Durand',
    });
    expect(reply).toMatchObject({
      ok: true,
      data: { merged: true, prospect: { id: gmailId, linkedinUrl: URL } },
    });
    expect(await db.prospects.count()).toBe(1);
    expect(await db.touchpoints.count()).toBe(2);
  });

  it('links an untracked profile by setting the URL only', async () => {
    const { service } = makeService();
    const { prospect } = await service.handlers.trackContact({
      name: 'Ana',
      emails: ['ana@x.example'],
    });
    const linked = await service.handlers.linkLinkedinProfile({
      prospectId: prospect.id,
      linkedinUrl: URL,
    });
    expect(linked).toMatchObject({ merged: false, prospect: { linkedinUrl: URL } });
  });

  it('refuses a merge that cannot be right and writes nothing', async () => {
    const { service, db, gmailId } = await twoProspects();
    const other = await service.handlers.trackContact({
      name: 'Other',
      emails: [],
      linkedinUrl: 'https://www.linkedin.com/in/other-person/',
    });
    const before = await snapshot(db);
    const linkedinProspect = await db.prospects.where('linkedinUrl').equals(URL).first();
    expect(
      await service.handle({
        type: 'mergeProspects',
        keepId: other.prospect.id,
        mergeId: linkedinProspect?.id,
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(
      await service.handle({ type: 'mergeProspects', keepId: gmailId, mergeId: 'nope' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await service.handle({ type: 'mergeProspects', keepId: gmailId })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await snapshot(db)).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { makeService } from '../test-helpers.ts';

async function withProspects() {
  const ctx = makeService();
  const { service } = ctx;
  const ids: string[] = [];
  for (const name of ['Ana', 'Bob', 'Cyd']) {
    const { prospect } = await service.handlers.trackContact({
      name,
      emails: [`${name.toLowerCase()}@x.example`],
    });
    ids.push(prospect.id);
  }
  // Ana and Bob in Contacted; Cyd stays in Prospect.
  await service.handlers.advanceStage({ prospectId: ids[0] ?? '' });
  await service.handlers.advanceStage({ prospectId: ids[1] ?? '' });
  const { process } = await service.handlers.getProcess({});
  return { ...ctx, ids, process };
}

describe('saving the process', () => {
  it('renames and reorders without touching any past record, as a new dated version', async () => {
    const { service, db, process, clock } = await withProspects();
    const before = {
      changes: await db.stageChanges.toArray(),
      prospects: await db.prospects.toArray(),
    };
    clock.now += 1000;
    const renamed = process.stages.map((stage) =>
      stage.id === 'contacted' ? { ...stage, name: 'First call done' } : stage,
    );
    // Swap Qualified and Proposal.
    const stages = [0, 1, 3, 2, 4, 5, 6]
      .map((index) => renamed[index])
      .filter((stage) => stage !== undefined);
    const reply = await service.handle({
      type: 'saveProcess',
      stages,
      lostReasons: process.lostReasons,
    });
    expect(reply.ok).toBe(true);
    expect(await db.stageChanges.toArray()).toEqual(before.changes);
    expect(await db.prospects.toArray()).toEqual(before.prospects);
    expect(await db.processes.count()).toBe(2);
    const { process: current } = await service.handlers.getProcess({});
    expect(current.stages.map((stage) => stage.id).slice(0, 4)).toEqual([
      'prospect',
      'contacted',
      'proposal',
      'qualified',
    ]);
    expect(current.stages[1]?.name).toBe('First call done');
    expect(current.savedAt).toBeGreaterThan(process.savedAt);
  });

  it('refuses to archive a stage holding prospects until told where they go, then moves them with history', async () => {
    const { service, db, process, ids } = await withProspects();
    const stages = process.stages.map((stage) =>
      stage.id === 'contacted' ? { ...stage, archived: true } : stage,
    );
    const refused = await service.handle({
      type: 'saveProcess',
      stages,
      lostReasons: process.lostReasons,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid', issues: [{ path: 'moves.contacted' }] },
    });
    expect(await db.processes.count()).toBe(1);

    const saved = await service.handle({
      type: 'saveProcess',
      stages,
      lostReasons: process.lostReasons,
      moves: { contacted: 'qualified' },
    });
    expect(saved.ok).toBe(true);
    for (const id of ids.slice(0, 2)) {
      expect((await db.prospects.get(id))?.stageId).toBe('qualified');
      const history = (await service.handlers.getProspect({ prospectId: id })).stageChanges;
      expect(history.map((change) => change.to)).toEqual(['prospect', 'contacted', 'qualified']);
      expect(history.at(-1)?.note).toMatch(/archived/);
    }
    expect((await db.prospects.get(ids[2] ?? ''))?.stageId).toBe('prospect');
    // The archived stage keeps its name for the periods it was used.
    const { process: current } = await service.handlers.getProcess({});
    expect(current.stages.find((stage) => stage.id === 'contacted')).toMatchObject({
      archived: true,
      name: 'Contacted',
    });
  });

  it('refuses an invalid process with field paths and saves nothing', async () => {
    const { service, db, process } = await withProspects();
    const stages = process.stages.map((stage, index) =>
      index === 0 ? { ...stage, targetDays: -2 } : stage,
    );
    const reply = await service.handle({
      type: 'saveProcess',
      stages,
      lostReasons: process.lostReasons,
    });
    expect(reply.ok).toBe(false);
    expect(await db.processes.count()).toBe(1);
  });

  it('gives the editor counts per stage, versions and (here: too few) won-deal suggestions', async () => {
    const { service } = await withProspects();
    const editor = await service.handlers.getProcessEditor({});
    expect(editor.prospectsPerStage).toEqual({ contacted: 2, prospect: 1 });
    expect(editor.versions).toHaveLength(1);
    const insights = await service.handlers.getWonDealInsights({});
    expect(insights.wonDeals).toBe(0);
    expect(insights.targets.every((target) => target.medianDays === null)).toBe(true);
  });

  it('learns targets and actions from won deals', async () => {
    const { service, clock } = makeService();
    for (const name of ['W1', 'W2', 'W3']) {
      const { prospect } = await service.handlers.trackContact({
        name,
        emails: [`${name}@x.example`],
      });
      await service.handlers.logTouchpoints({
        touchpoints: [
          {
            prospectId: prospect.id,
            channel: 'manual',
            kind: 'call',
            at: clock.now,
            key: `call-${name}`,
          },
        ],
      });
      clock.now += 3 * 86_400_000;
      await service.handlers.markWon({ prospectId: prospect.id });
    }
    const insights = await service.handlers.getWonDealInsights({});
    expect(insights.wonDeals).toBe(3);
    expect(insights.targets.find((target) => target.stageId === 'prospect')).toEqual({
      stageId: 'prospect',
      deals: 3,
      medianDays: 3,
    });
    expect(insights.actions).toEqual([{ stageId: 'prospect', kind: 'call', share: 1, deals: 3 }]);
  });
});

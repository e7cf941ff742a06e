import { describe, expect, it } from 'vitest';
import { defaultProcess } from './default-process.ts';
import { generateSampleData, SAMPLE_ID_PREFIX, SAMPLE_KEY_PREFIX } from './sample-data.ts';
import { prospectSchema, stageChangeSchema, touchpointSchema } from './schemas.ts';
import { DAY_MS, stageAt } from './timing.ts';

const now = Date.UTC(2026, 5, 1, 12);
const process = defaultProcess('en', 0);

describe('generateSampleData', () => {
  const data = generateSampleData(process, now);

  it('is deterministic: same seed and now, same records', () => {
    expect(generateSampleData(process, now)).toEqual(data);
    expect(generateSampleData(process, now, { seed: 7 })).not.toEqual(data);
  });

  it('produces about 200 valid, marked prospects over 120 days, won, lost and open', () => {
    expect(data.prospects).toHaveLength(200);
    for (const prospect of data.prospects) {
      expect(prospectSchema.parse(prospect)).toEqual(prospect);
      expect(prospect.sample).toBe(true);
      expect(prospect.id.startsWith(SAMPLE_ID_PREFIX)).toBe(true);
      expect(prospect.createdAt).toBeGreaterThanOrEqual(now - 120 * DAY_MS);
    }
    const statuses = new Set(data.prospects.map((prospect) => prospect.status));
    expect(statuses).toEqual(new Set(['open', 'won', 'lost']));
    const won = data.prospects.filter((prospect) => prospect.status === 'won').length;
    expect(won).toBeGreaterThan(10);
  });

  it('writes stage history consistent with each prospect, lost moves carrying a reason', () => {
    for (const change of data.stageChanges) {
      expect(stageChangeSchema.parse(change)).toEqual(change);
      expect(change.at).toBeLessThanOrEqual(now);
      if (change.to === 'lost') expect(change.lostReason).toBeTruthy();
    }
    for (const prospect of data.prospects) {
      const changes = data.stageChanges.filter((change) => change.prospectId === prospect.id);
      expect(changes[0]?.from).toBeNull();
      expect(changes.at(-1)?.to).toBe(prospect.stageId);
      expect(changes.at(-1)?.at).toBe(prospect.stageEnteredAt);
    }
    // Some deals go back a step: the dashboard's re-entry rules get exercised.
    const reentered = data.prospects.some((prospect) => {
      const stages = data.stageChanges
        .filter((change) => change.prospectId === prospect.id)
        .map((change) => change.to);
      return new Set(stages).size < stages.length;
    });
    expect(reentered).toBe(true);
  });

  it('logs touchpoints with the stage the prospect was in, keys marked as sample', () => {
    expect(data.touchpoints.length).toBeGreaterThan(1000);
    const byProspect = new Map<string, typeof data.stageChanges>();
    for (const change of data.stageChanges) {
      byProspect.set(change.prospectId, [...(byProspect.get(change.prospectId) ?? []), change]);
    }
    for (const touchpoint of data.touchpoints) {
      expect(touchpointSchema.parse(touchpoint)).toEqual(touchpoint);
      expect(touchpoint.key.startsWith(SAMPLE_KEY_PREFIX)).toBe(true);
      expect(touchpoint.at).toBeLessThanOrEqual(now);
      expect(stageAt(byProspect.get(touchpoint.prospectId) ?? [], touchpoint.at)).toBe(
        touchpoint.stageId,
      );
    }
    expect(new Set(data.touchpoints.map((touchpoint) => touchpoint.key)).size).toBe(
      data.touchpoints.length,
    );
  });
});

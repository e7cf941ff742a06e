import { describe, expect, it } from 'vitest';
import { defaultProcess } from './default-process.ts';
import { catalogue, LOCALES, translate } from './i18n.ts';
import { firstStage, nextStage, outcomeStage } from './process.ts';
import { canonicalLinkedinUrl, emailSchema, processSchema, prospectSchema } from './schemas.ts';

describe('default process', () => {
  it.each(LOCALES)('validates in %s with open stages, a won and a lost outcome', (locale) => {
    const process = processSchema.parse(defaultProcess(locale, 1));
    expect(process.stages.map((stage) => stage.id)).toEqual([
      'prospect',
      'contacted',
      'qualified',
      'proposal',
      'negotiation',
      'won',
      'lost',
    ]);
    for (const stage of process.stages.filter((candidate) => candidate.kind === 'open')) {
      expect(stage.actions.length).toBeGreaterThanOrEqual(2);
      expect(stage.actions.length).toBeLessThanOrEqual(4);
      expect(stage.targetDays).toBeGreaterThan(0);
    }
    expect(process.lostReasons.length).toBeGreaterThan(0);
  });

  it('is localized: same ids, translated names', () => {
    const en = defaultProcess('en', 1);
    const fr = defaultProcess('fr', 1);
    expect(fr.stages.map((stage) => stage.id)).toEqual(en.stages.map((stage) => stage.id));
    expect(en.stages[2]?.name).toBe('Qualified');
    expect(fr.stages[2]?.name).toBe('Qualifié');
  });

  it('advances in order, ends at won, never advances into lost', () => {
    const process = defaultProcess('en', 1);
    expect(firstStage(process).id).toBe('prospect');
    expect(nextStage(process, 'prospect')?.id).toBe('contacted');
    expect(nextStage(process, 'negotiation')?.id).toBe('won');
    expect(nextStage(process, 'won')).toBeUndefined();
    expect(nextStage(process, 'lost')).toBeUndefined();
    expect(outcomeStage(process, 'lost')?.id).toBe('lost');
  });

  it('refuses a process without a won outcome or with duplicate names', () => {
    const process = defaultProcess('en', 1);
    const noWon = { ...process, stages: process.stages.filter((stage) => stage.kind !== 'won') };
    expect(processSchema.safeParse(noWon).success).toBe(false);
    const dup = { ...process, stages: process.stages.map((stage) => ({ ...stage, name: 'Same' })) };
    expect(processSchema.safeParse(dup).success).toBe(false);
  });
});

describe('locales', () => {
  it('fr has every en key with the same placeholders', () => {
    const en = catalogue('en');
    const fr = catalogue('fr');
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries(en)) {
      expect(Object.keys(fr[key]?.placeholders ?? {}), key).toEqual(
        Object.keys(entry.placeholders ?? {}),
      );
      expect(fr[key]?.message.trim(), key).not.toBe('');
    }
  });

  it('keeps store limits: name ≤ 75, description ≤ 132 characters', () => {
    for (const locale of LOCALES) {
      expect(translate(locale, 'extName').length).toBeLessThanOrEqual(75);
      expect(translate(locale, 'extDescription').length).toBeLessThanOrEqual(132);
    }
  });

  it('substitutes placeholders like chrome.i18n', () => {
    expect(translate('en', 'durationDays', ['6'])).toBe('6 d');
    expect(translate('fr', 'durationDays', ['6'])).toBe('6 j');
  });
});

describe('identities', () => {
  it('canonicalizes LinkedIn profile URLs', () => {
    const canonical = 'https://www.linkedin.com/in/jane-doe-42/';
    expect(canonicalLinkedinUrl('https://www.linkedin.com/in/jane-doe-42')).toBe(canonical);
    expect(
      canonicalLinkedinUrl('https://fr.linkedin.com/in/Jane-Doe-42/?originalSubdomain=fr'),
    ).toBe(canonical);
    expect(canonicalLinkedinUrl('https://linkedin.com/in/jane-doe-42/#experience')).toBe(canonical);
    expect(canonicalLinkedinUrl('https://www.linkedin.com/in/j%C3%A9r%C3%B4me/')).toBe(
      'https://www.linkedin.com/in/j%C3%A9r%C3%B4me/',
    );
    expect(canonicalLinkedinUrl('https://www.linkedin.com/company/acme/')).toBeUndefined();
    expect(canonicalLinkedinUrl('https://evil.example/in/jane/')).toBeUndefined();
  });

  it('lower-cases email addresses and refuses non-addresses', () => {
    expect(emailSchema.parse(' Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
    expect(emailSchema.safeParse('not an address').success).toBe(false);
  });

  it('keeps markup in a name as the exact text typed', () => {
    const name = '<img src=x onerror=alert(1)> Jane';
    const prospect = prospectSchema.parse({
      id: 'p1',
      name,
      emails: [],
      stageId: 'prospect',
      stageEnteredAt: 1,
      status: 'open',
      createdAt: 1,
      updatedAt: 1,
    });
    expect(prospect.name).toBe(name);
  });
});

import { describe, expect, it } from 'vitest';
import { fold, matchesQuery, prospectWords, queryWords } from './search-words.ts';

describe('search words', () => {
  it('folds case and accents, on both sides', () => {
    expect(fold('Chloé ÉLODIE Ångström')).toBe('chloe elodie angstrom');
    expect(queryWords('  CHLOÉ   dup ')).toEqual(['chloe', 'dup']);
  });

  it('knows a person by every word of their name, company and addresses', () => {
    const words = prospectWords({
      name: 'Jean-Pierre Dupont',
      company: 'Dupont & Fils SA',
      emails: ['jp.dupont+crm@north-wind.example'],
    });
    expect(words).toEqual(
      expect.arrayContaining([
        'jean-pierre',
        'jean',
        'pierre',
        'dupont',
        'fils',
        'sa',
        'jp.dupont+crm@north-wind.example',
        'jp',
        'crm',
        'north-wind.example',
        'north-wind',
        'north',
        'wind',
      ]),
    );
    // Punctuation is no word, nor the top-level label everyone's address ends with.
    expect(words).not.toContain('&');
    expect(words).not.toContain('example');
    expect(prospectWords({ name: 'Dupont, Marc (CEO)', emails: [] })).toEqual([
      'dupont',
      'marc',
      'ceo',
    ]);
    for (const query of ['jean-p', 'pierre', 'dup fils', 'north-wind.ex', 'jp.dupont+', 'wind'])
      expect(matchesQuery(words, queryWords(query)), query).toBe(true);
    for (const query of ['ean', 'dupont zzz', 'ont'])
      expect(matchesQuery(words, queryWords(query)), query).toBe(false);
  });

  it('keeps non-Latin names searchable by their words', () => {
    const words = prospectWords({ name: '山田 太郎', emails: [] });
    expect(matchesQuery(words, queryWords('太郎'))).toBe(true);
  });

  it('drops query words that a longer one already implies', () => {
    expect(queryWords('dup dupont d')).toEqual(['dupont']);
    expect(queryWords('')).toEqual([]);
  });
});

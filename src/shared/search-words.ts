/**
 * What prospect search matches: every word a person is known by (name, company, each address
 * and its parts), folded (lower case, no accents) so "chloe" finds "Chloé". A query matches a
 * prospect when each of its words is the beginning of one of the prospect's words: "dup" finds
 * "Marc Dupont", "northwind" finds bo@northwind.example. The background keeps these words in a
 * multi-entry index (see src/background/store/search.ts), so a search reads only what matches.
 */

/** Past this, a word is not something anyone types; it is cut (prefixes still match). */
const MAX_WORD = 60;
const MAX_WORDS = 80;

/** Lower case, accents removed: how both the words and the query are compared. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words a query asks for: each must start one of a prospect's words. */
export function queryWords(query: string): string[] {
  const words = [...new Set(fold(query).split(/\s+/).filter(Boolean))].map((word) =>
    word.slice(0, MAX_WORD),
  );
  // "dup dupont" asks nothing "dupont" does not: the longer word alone is more selective.
  return words.filter((word) => !words.some((other) => other !== word && other.startsWith(word)));
}

export function prospectWords(prospect: {
  name: string;
  company?: string | undefined;
  emails: readonly string[];
}): string[] {
  const words = new Set<string>();
  const addText = (text: string) => {
    for (const raw of fold(text).split(/\s+/)) {
      // Punctuation around a word ("Dupont," "(CEO)") is not part of it; "&" alone is no word.
      const chunk = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (!chunk) continue;
      // "Jean-Pierre" is found by "jean-p", "jean" and "pierre".
      words.add(chunk.slice(0, MAX_WORD));
      for (const part of chunk.split(/[^\p{L}\p{N}]+/u))
        if (part) words.add(part.slice(0, MAX_WORD));
    }
  };
  addText(prospect.name);
  if (prospect.company) addText(prospect.company);
  for (const email of prospect.emails) {
    const folded = fold(email);
    const at = folded.lastIndexOf('@');
    words.add(folded.slice(0, MAX_WORD));
    // "northwind.example" and "northwind" find bo@northwind.example; "bo" too. The last label
    // (com, fr, example) is everyone's: an index entry per prospect that finds no one.
    const domain = folded.slice(at + 1);
    if (at > 0) addText(folded.slice(0, at).replace(/[._+-]+/g, ' '));
    words.add(domain.slice(0, MAX_WORD));
    addText(domain.split('.').slice(0, -1).join(' '));
  }
  return [...words].slice(0, MAX_WORDS);
}

/** Whether a prospect matches a query, by the same rule the index applies. */
export function matchesQuery(words: readonly string[], query: readonly string[]): boolean {
  return query.every((wanted) => words.some((word) => word.startsWith(wanted)));
}

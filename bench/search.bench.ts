/**
 * Prospect search on the large dataset (10,000 prospects), as each place asks it: the popup's
 * search (`searchProspects`), the dashboard's and LinkedIn's "link to…" pickers
 * (`listProspects` with a query). Queries as a rep types them: a common word, a company, one
 * person, prefixes, and words nobody has (no match must not read every prospect). Writes
 * nothing (the large dataset is shared).
 */
import type { Harness } from '../e2e/harness.ts';
import { report, type Summary } from './stats.ts';

export const name = 'search: prospects by name, email or company';
export const dataset = 'large';

const ROUNDS = 20;
const MATCHING = ['seed', 's', 'company 42', 'seed-company-42', 'seed prospect 1234', 'seed1234@'];
const NO_MATCH = ['nobody-matches', 'zq', 'seed nobody', 'company 42 zzz'];

interface PageApis {
  chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean }> } };
}

export async function run(h: Harness): Promise<Summary> {
  const page = await h.extensionPage('manifest.json');
  const time = (messages: Array<Record<string, unknown>>) =>
    page.evaluate(
      async ({ messages, rounds }) => {
        const { chrome } = globalThis as unknown as PageApis;
        const times: number[] = [];
        for (let round = 0; round < rounds; round++) {
          for (const message of messages) {
            const start = performance.now();
            const reply = await chrome.runtime.sendMessage(message);
            times.push(performance.now() - start);
            if (!reply.ok) throw new Error(JSON.stringify(reply));
          }
        }
        return times;
      },
      { messages, rounds: ROUNDS },
    );
  const popup = (queries: string[]) =>
    queries.map((query) => ({ type: 'searchProspects', query, limit: 20 }));
  const picker = (queries: string[]) =>
    queries.map((query) => ({ type: 'listProspects', query, limit: 8 }));
  // One unmeasured round: the worker and its database connection are warm in real use too.
  await time([...popup(MATCHING), ...picker(NO_MATCH)]);

  report('popup search, matching queries (searchProspects)', await time(popup(MATCHING)));
  const popupNone = report('popup search, no match', await time(popup(NO_MATCH)));
  report('"link to…" pickers, matching queries (listProspects)', await time(picker(MATCHING)));
  const pickerNone = report('"link to…" pickers, no match', await time(picker(NO_MATCH)));
  // Each query on its own, so a slow one is named.
  for (const query of [...MATCHING, ...NO_MATCH]) {
    report(`  popup "${query}"`, await time(popup([query])));
    report(`  picker "${query}"`, await time(picker([query])));
  }
  report(
    'every query above (p95 is the goal, no match included)',
    await time([...popup(MATCHING), ...popup(NO_MATCH), ...picker(MATCHING), ...picker(NO_MATCH)]),
  );
  await page.close();
  return { 'search.nomatch.p95.ms': Math.max(popupNone.p95, pickerNone.p95) };
}

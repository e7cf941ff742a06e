/**
 * The Gmail content script's cost to the page: main-thread time of one scan (parse + badges),
 * as the script itself measures it when the bench switches measuring on (content-bench-mode.ts;
 * never on real Gmail): the `etape:gmail:scan` performance measure, read through a
 * PerformanceObserver. Each scan is forced by Gmail-like DOM work: the conversation or the
 * inbox list is replaced by a fresh copy, so every scan parses and places badges from scratch.
 */
import type { Page } from 'playwright-core';
import type { Harness } from '../e2e/harness.ts';
import { measureContentScripts } from './content-bench-mode.ts';
import { report, type Summary } from './stats.ts';

export const name = 'gmail: content script scans';

const ACCOUNT = 'rep@bench.example';
const SCANS = 60;

export async function run(h: Harness): Promise<Summary> {
  await measureContentScripts(h);
  await h.send({
    type: 'trackContact',
    name: 'Prospect Three',
    emails: ['person3@client.example'],
  });
  await h.route('https://mail.google.com/mail/u/0/**', page(conversation(50)));
  await h.route('https://mail.google.com/mail/u/1/**', page(inbox(100)));

  const thread = await h.context.newPage();
  await thread.goto('https://mail.google.com/mail/u/0/#inbox/bench');
  // Gmail opens a conversation at its newest message; Etape draws controls only on screen.
  await thread.evaluate(() => document.querySelector('.h7:last-of-type')?.scrollIntoView());
  const fresh = report(
    'scan a freshly rendered 50-message conversation',
    await scans(thread, '.a98', 'replace'),
  );
  report('re-scan it after an unrelated change in the view', await scans(thread, '.a98', 'touch'));
  await thread.close();

  const list = await h.context.newPage();
  await list.goto('https://mail.google.com/mail/u/1/#inbox');
  report('scan a freshly rendered inbox of 100 rows', await scans(list, 'table.F', 'replace'));
  await list.close();
  return { 'gmail.thread.scan.p95.ms': fresh.p95 };
}

/**
 * Changes the view SCANS times and returns each scan's measured time: 'replace' swaps the
 * element for a fresh copy (Gmail rendering a view), 'touch' adds a node inside it (Gmail
 * updating a label or a tooltip).
 */
async function scans(target: Page, selector: string, how: 'replace' | 'touch'): Promise<number[]> {
  // The first scan (with its background round trip) settles before measuring.
  await target.waitForFunction(() => document.querySelector('[data-etape]') !== null);
  return target.evaluate(
    async ({ selector, count, how }) => {
      const durations: number[] = [];
      let resolveNext: (() => void) | null = null;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) durations.push(entry.duration);
        resolveNext?.();
      }).observe({ type: 'measure' });
      for (let i = 0; i < count; i++) {
        const seen = durations.length;
        const next = new Promise<void>((resolve) => {
          resolveNext = resolve;
          setTimeout(resolve, 2000);
        });
        const element = document.querySelector(selector) as Element;
        if (how === 'replace') element.replaceWith(element.cloneNode(true));
        else element.append(document.createElement('span'));
        await next;
        if (durations.length === seen) throw new Error('no scan measured: is the script loaded?');
        // Let the scan's async tail (logging, page context) finish before the next one.
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      return durations;
    },
    { selector, count: SCANS, how },
  );
}

function page(main: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Inbox - ${ACCOUNT} - Mail</title></head>
<body><div class="nH"><div class="aeF"><div class="nH" role="main">${main}</div></div></div></body></html>`;
}

/** Ten people writing back and forth with the account; person3 is tracked. */
function conversation(messages: number): string {
  const items: string[] = [];
  for (let i = 0; i < messages; i++) {
    const person = `person${i % 10}@client.example`;
    const mine = i % 2 === 1;
    const from = mine ? ACCOUNT : person;
    const to = mine ? person : ACCOUNT;
    const collapsed = i < messages - 5;
    items.push(`<div class="${collapsed ? 'kv' : 'h7'}" role="listitem">
<div class="adn ads" data-message-id="#msg-f:18200000000${String(i).padStart(5, '0')}" data-legacy-message-id="1941a2b3c4d5${String(i).padStart(4, '0')}">
<table class="cf gJ"><tbody><tr class="acZ"><td class="gF gK"><span class="qu"><span class="gD" email="${from}" name="${mine ? 'me' : `Person ${i % 10}`}">${mine ? 'me' : `Person ${i % 10}`}</span></span></td>
<td class="gH"><div class="gK"><span class="g3" title="Tue, Apr 8, 2025, 10:${String(i % 60).padStart(2, '0')} AM">Apr 8</span></div></td></tr>
${collapsed ? '' : `<tr class="acZ xD"><td colspan="2"><span class="hb">to <span class="g2" email="${to}" name="${mine ? `Person ${i % 10}` : 'me'}">x</span></span></td></tr>`}
</tbody></table>${collapsed ? '' : '<div class="ii gt"><div class="a3s aiL">Body text.</div></div>'}</div></div>`);
  }
  return `<div class="nH a98 iY"><h2 class="hP" data-legacy-thread-id="1941a2b3c4d50000">Bench thread</h2><div role="list">${items.join('')}</div></div>`;
}

function inbox(rows: number): string {
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const person = `person${i % 25}@client.example`;
    out.push(`<tr class="zA" role="row"><td class="oZ-x3 xY"></td><td class="yX xY"><div class="yW"><span class="bA4"><span class="zF" email="${person}" name="Person ${i % 25}">Person ${i % 25}</span></span></div></td>
<td class="xY a4W"><span class="bog"><span data-thread-id="#thread-f:1820${i}" data-legacy-thread-id="1941a2b3c4d5${String(i).padStart(4, '0')}">Subject ${i}</span></span></td><td class="xW xY"><span title="Tue, Apr 8, 2025, 10:14 AM">Apr 8</span></td></tr>`);
  }
  return `<div class="ae4 UI"><table class="F cf zt" role="grid"><tbody>${out.join('')}</tbody></table></div>`;
}

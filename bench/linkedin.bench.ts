/**
 * The LinkedIn content script's cost to the page: main-thread time of one scan (profile read,
 * conversations, badge update), as the script itself measures it when the bench switches
 * measuring on (content-bench-mode.ts; never on real LinkedIn). The fixtures are inflated to a real page's size
 * (a profile of ~4,000 elements; a conversation of 300 messages) and mutated to trigger scans.
 */
import type { Page } from 'playwright-core';
import type { Harness } from '../e2e/harness.ts';
import { measureContentScripts } from './content-bench-mode.ts';
import { report, type Summary } from './stats.ts';

export const name = 'linkedin: content script scans';

const SCANS = 60;

export async function run(h: Harness): Promise<Summary> {
  await measureContentScripts(h);
  await h.route('https://www.linkedin.com/in/camille-durand/**', {
    fixture: 'linkedin/profile-2024-07.html',
  });
  await h.route('https://www.linkedin.com/messaging/**', {
    fixture: 'linkedin/messaging-send-button-2024-07.html',
  });
  for (const linkedinUrl of ['https://www.linkedin.com/in/camille-durand/']) {
    const reply = await h.send({ type: 'trackContact', name: 'Camille Durand', linkedinUrl });
    if (!reply.ok) throw new Error('could not track the bench prospect');
  }

  const profile = await h.context.newPage();
  await profile.goto('https://www.linkedin.com/in/camille-durand/');
  await profile.locator('[data-etape="badge"]').waitFor();
  await inflate(profile, 'main', '[data-view-name="profile-card"]', 200);
  report(`profile scan (${await elementCount(profile)} elements)`, await scans(profile, 'main'));
  await profile.close();

  const messaging = await h.context.newPage();
  await messaging.goto('https://www.linkedin.com/messaging/thread/2-bench/');
  await messaging.locator('[data-etape="badge"]').waitFor();
  await inflateMessages(messaging, 300);
  const thread = report(
    `messaging scan (${await elementCount(messaging)} elements, 300 messages)`,
    await scans(messaging, '.msg-s-message-list'),
  );
  await messaging.close();
  return { 'linkedin.messaging.scan.p95.ms': thread.p95 };
}

/** Triggers `SCANS` scans by harmless mutations and returns what the script measured. */
async function scans(page: Page, target: string): Promise<number[]> {
  return page.evaluate(
    async ({ target, count }) => {
      performance.clearMeasures('etape:linkedin:scan');
      const parent = document.querySelector(target) as Element;
      for (let i = 0; i < count; i++) {
        const node = document.createElement('div');
        node.textContent = `tick ${i}`;
        parent.append(node);
        // The script batches mutations for 150 ms: wait for that scan before the next one.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return performance.getEntriesByName('etape:linkedin:scan').map((entry) => entry.duration);
    },
    { target, count: SCANS },
  );
}

async function inflate(page: Page, container: string, section: string, copies: number) {
  await page.evaluate(
    ({ container, section, copies }) => {
      const parent = document.querySelector(container) as Element;
      const model = document.querySelector(section) as Element;
      for (let i = 0; i < copies; i++) {
        const copy = model.cloneNode(true) as Element;
        for (let j = 0; j < 18; j++) {
          const item = document.createElement('div');
          item.setAttribute('data-view-name', 'profile-component-entity');
          item.append(document.createElement('span'), document.createElement('span'));
          copy.append(item);
        }
        parent.append(copy);
      }
    },
    { container, section, copies },
  );
}

async function inflateMessages(page: Page, count: number) {
  await page.evaluate((count) => {
    const list = document.querySelector('[data-fixture="list"]') as Element;
    const models = [...list.children];
    for (let i = 0; i < count; i++) {
      const copy = models[i % models.length]?.cloneNode(true) as Element;
      for (const item of copy.querySelectorAll('[data-event-urn]')) {
        item.setAttribute('data-event-urn', `urn:li:msg_message:(urn:li:fsd_profile:X,bench-${i})`);
      }
      list.prepend(copy);
    }
  }, count);
}

function elementCount(page: Page): Promise<number> {
  return page.evaluate(() => document.getElementsByTagName('*').length);
}

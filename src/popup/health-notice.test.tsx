// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bridge, resetBackground } from './test-browser.ts';

vi.mock('webextension-polyfill', () => import('./test-browser.ts'));

beforeEach(() => {
  resetBackground();
  document.body.replaceChildren();
});

async function shown(): Promise<HTMLElement> {
  const { HealthNotice } = await import('./health-notice.tsx');
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(<HealthNotice />, root));
  return root;
}

describe('detection health in the popup', () => {
  it('shows nothing while every detector works', async () => {
    await bridge.service.handlers.reportHealth({
      site: 'gmail',
      detector: 'conversation',
      ok: true,
    });
    const root = await shown();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(root.querySelector('[data-health]')).toBeNull();
  });

  it('names a failed selector, and says what happened when it is not a selector', async () => {
    await bridge.service.handlers.reportHealth({
      site: 'gmail',
      detector: 'conversation',
      ok: false,
      selector: 'gmail.sender',
      message: 'No element matched',
    });
    await bridge.service.handlers.reportHealth({
      site: 'linkedin',
      detector: 'messages',
      ok: false,
      message:
        'The browser refused to store more data (storage quota exceeded). Nothing was saved.',
    });
    const root = await shown();
    const notice = await vi.waitFor(() => {
      const found = root.querySelector('[data-health="failing"]');
      if (!found) throw new Error('not shown yet');
      return found;
    });
    expect(notice.querySelector('[data-detector="gmail:conversation"]')?.textContent).toContain(
      'gmail.sender',
    );
    expect(notice.querySelector('[data-detector="linkedin:messages"]')?.textContent).toContain(
      'storage quota exceeded',
    );
  });
});

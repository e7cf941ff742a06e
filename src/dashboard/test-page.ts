/**
 * The page the dashboard's component tests render into, fresh for every test: the background
 * (the popup's test bridge, fake-indexeddb) and localStorage emptied, the address back at the
 * dashboard's, a root element to render into; unmounted and cleared after. The calling file
 * still mocks webextension-polyfill itself (vi.mock is hoisted per file).
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, vi } from 'vitest';
import { resetBackground } from '../popup/test-browser.ts';

export function testPage(): { readonly root: HTMLElement } {
  let root: HTMLElement | undefined;
  beforeEach(() => {
    resetBackground();
    localStorage.clear();
    history.replaceState(null, '', '/src/dashboard/index.html');
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    act(() => render(null, root as HTMLElement));
    document.body.replaceChildren();
    vi.restoreAllMocks();
  });
  return {
    get root() {
      if (!root) throw new Error('testPage: read outside a test');
      return root;
    },
  };
}

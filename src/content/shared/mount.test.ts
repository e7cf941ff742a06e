// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mountShadow } from './mount.ts';

/** A host with one button, placed after `anchor`, as the Gmail overlay and LinkedIn slots do. */
function mountButton(anchor: Element, label: string) {
  const mounted = mountShadow('badge', '', (host) => anchor.after(host));
  const button = document.createElement('button');
  button.textContent = label;
  mounted.container.append(button);
  return { ...mounted, button };
}

/** Callers unmount their UI, then remove the host (render(null), then remove()). */
function unmountAndRemove(mounted: ReturnType<typeof mountButton>) {
  mounted.container.replaceChildren();
  mounted.remove();
}

const activeButton = () => document.activeElement?.shadowRoot?.activeElement?.textContent;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  document.body.replaceChildren();
});

describe('mountShadow: focus handed over to a rebuilt host', () => {
  it('gives the focus to the host that takes a focused one’s place', async () => {
    const anchor = document.body.appendChild(document.createElement('span'));
    const old = mountButton(anchor, 'Prospect · 1 min');
    old.button.focus();
    expect(activeButton()).toBe('Prospect · 1 min');
    unmountAndRemove(old);
    mountButton(anchor, 'Contacted · 0 min');
    await tick();
    expect(activeButton()).toBe('Contacted · 0 min');
  });

  it('leaves focus alone when the removed host did not have it', async () => {
    const anchor = document.body.appendChild(document.createElement('span'));
    unmountAndRemove(mountButton(anchor, 'Prospect · 1 min'));
    mountButton(anchor, 'Contacted · 0 min');
    await tick();
    expect(document.activeElement).toBe(document.body);
  });

  it('gives nothing to a host placed elsewhere, nor once the user has focused something else', async () => {
    const anchor = document.body.appendChild(document.createElement('span'));
    const other = document.body.appendChild(document.createElement('span'));
    const old = mountButton(anchor, 'Prospect · 1 min');
    old.button.focus();
    unmountAndRemove(old);
    mountButton(other, 'Someone else');
    await tick();
    expect(document.activeElement).toBe(document.body);

    const field = document.body.appendChild(document.createElement('input'));
    const again = mountButton(anchor, 'Prospect · 1 min');
    again.button.focus();
    unmountAndRemove(again);
    field.focus();
    mountButton(anchor, 'Contacted · 0 min');
    await tick();
    expect(document.activeElement).toBe(field);
  });
});

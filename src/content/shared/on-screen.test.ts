/**
 * The page's on-screen watcher: one IntersectionObserver, each waiting control drawn once when
 * its element comes on screen, a cancelled one never, a failing one not stopping the others;
 * without IntersectionObserver everything is drawn at once.
 */
import { describe, expect, it, vi } from 'vitest';
import { intersectionOnScreen } from './on-screen.ts';

class FakeObserver {
  static last: FakeObserver | null = null;
  static created = 0;
  readonly observed = new Set<Element>();
  constructor(readonly callback: (entries: IntersectionObserverEntry[]) => void) {
    FakeObserver.last = this;
    FakeObserver.created++;
  }
  observe(element: Element) {
    this.observed.add(element);
  }
  unobserve(element: Element) {
    this.observed.delete(element);
  }
  show(element: Element, isIntersecting = true) {
    this.callback([{ target: element, isIntersecting } as unknown as IntersectionObserverEntry]);
  }
}

const element = (name: string) => ({ name }) as unknown as Element;

describe('intersectionOnScreen', () => {
  it('calls back once per element when it comes on screen, never after a cancel', () => {
    const view = { IntersectionObserver: FakeObserver } as unknown as Window & typeof globalThis;
    const onScreen = intersectionOnScreen(view);
    const [a, b] = [element('a'), element('b')];
    const drawnA = vi.fn();
    const drawnA2 = vi.fn(() => {
      throw new Error('render failed');
    });
    const drawnB = vi.fn();
    onScreen(a, drawnA2);
    onScreen(a, drawnA);
    const cancelB = onScreen(b, drawnB);
    const observer = FakeObserver.last as FakeObserver;
    expect(FakeObserver.created).toBe(1);
    expect([...observer.observed]).toEqual([a, b]);
    observer.show(a, false);
    expect(drawnA).not.toHaveBeenCalled();
    cancelB();
    expect(observer.observed.has(b)).toBe(false);
    observer.show(a);
    observer.show(a);
    observer.show(b);
    expect(drawnA2).toHaveBeenCalledOnce();
    expect(drawnA).toHaveBeenCalledOnce();
    expect(drawnB).not.toHaveBeenCalled();
    expect(observer.observed.size).toBe(0);
  });

  it('draws at once where there is no IntersectionObserver', () => {
    const onScreen = intersectionOnScreen({} as Window & typeof globalThis);
    const drawn = vi.fn();
    onScreen(element('a'), drawn);
    expect(drawn).toHaveBeenCalledOnce();
  });
});

/**
 * Etape's controls in a host page are drawn when what they sit next to comes on screen, not
 * before: a long Gmail thread names its participants in messages far below the fold, and
 * drawing a Track control or a badge for each (a shadow root, its styles, a Preact render)
 * is most of what a first render costs. An IntersectionObserver says when; a host once drawn
 * stays (scrolling back does not remove a control the user may be using).
 */

/** Calls `then` once `element` is on screen; returns a cancel. Never throws into the page. */
export type OnScreen = (element: Element, then: () => void) => () => void;

/** Draws at once: for tests and for pages without IntersectionObserver. */
export const immediately: OnScreen = (_element, then) => {
  then();
  return () => undefined;
};

/** One IntersectionObserver per page for every control waiting to be drawn. */
export function intersectionOnScreen(view: Window & typeof globalThis): OnScreen {
  if (typeof view.IntersectionObserver !== 'function') return immediately;
  const waiting = new Map<Element, Set<() => void>>();
  let observer: IntersectionObserver | null = null;
  const seen = (entries: IntersectionObserverEntry[]) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const callbacks = waiting.get(entry.target);
      waiting.delete(entry.target);
      observer?.unobserve(entry.target);
      for (const callback of callbacks ?? []) {
        try {
          callback();
        } catch {
          // One control failing to draw must not stop the others (nor reach the page).
        }
      }
    }
  };
  return (element, then) => {
    observer ??= new view.IntersectionObserver(seen);
    let callbacks = waiting.get(element);
    if (!callbacks) {
      callbacks = new Set();
      waiting.set(element, callbacks);
      observer.observe(element);
    }
    callbacks.add(then);
    return () => {
      const current = waiting.get(element);
      if (!current?.delete(then) || current.size > 0) return;
      waiting.delete(element);
      observer?.unobserve(element);
    };
  };
}

/**
 * Keyboard focus that survives a write. A control that starts a write is disabled while it runs
 * (no double submission), a list re-sorted by new data moves its items, a control can go once
 * it has nothing left to do: a disabled, moved or removed element drops the focus to the page's
 * body, and a keyboard user would be sent back to the top after every Advance or Undo. This
 * hook remembers the control last focused in a region and, once a render leaves focus nowhere,
 * focuses it again — or, when it is gone (Undo with nothing left to undo), `fallback`.
 * A user who moves focus out of the region, or clicks elsewhere, is left where they went.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';

/** Attributes that name a control in our components, most specific first. */
const KEYS = ['data-etape-action', 'data-action-id', 'data-etape'] as const;

export interface KeptFocusOptions {
  /** What to focus when the control is gone. */
  fallback?: string;
  /** A selector that finds the control again, in the next render too; ours by default. */
  selectorOf?: (element: Element) => string | null;
}

export function useKeptFocus<T extends HTMLElement>({
  fallback,
  selectorOf = attributeSelector,
}: KeptFocusOptions = {}) {
  const region = useRef<T>(null);
  /** A selector for the control focused last, while focus belongs in the region. */
  const last = useRef<string | null>(null);

  // After every render: the moment a disabled control comes back, or one is moved or removed.
  // A layout effect, so in the same task as the change: a key pressed meanwhile is not lost.
  useLayoutEffect(() => {
    const root = region.current;
    const wanted = last.current;
    if (!root || wanted === null) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const target = [wanted, ...(fallback ? [fallback] : [])]
      .map((selector) => root.querySelector<HTMLElement>(`${selector}:not(:disabled)`))
      .find((element) => element !== null);
    target?.focus();
  });

  return {
    ref: region,
    onFocusIn(event: FocusEvent) {
      last.current = selectorOf(event.target as Element);
    },
    onFocusOut(event: FocusEvent) {
      const left = event.target as HTMLElement & { disabled?: boolean };
      const next = event.relatedTarget as Node | null;
      if (next) {
        // Focus went elsewhere on purpose.
        if (!region.current?.contains(next)) last.current = null;
        return;
      }
      // Onto nothing: a control disabled under the focus keeps its claim (it is enabled again
      // soon, maybe before this is looked at twice), and so does a removed one — Chromium fires
      // this before the removal is done, so that is looked at once the render is over. A click
      // on the page leaves the control there and enabled: the user went elsewhere.
      if (left.disabled) return;
      setTimeout(() => {
        if (left.isConnected && !region.current?.contains(document.activeElement))
          last.current = null;
      }, 0);
    },
  };
}

function attributeSelector(element: Element): string | null {
  for (const key of KEYS) {
    const value = element.getAttribute(key);
    if (value !== null) return `[${key}="${CSS.escape(value)}"]`;
  }
  return null;
}

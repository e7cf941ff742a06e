/**
 * DOM lookups for content scripts. Host pages change their markup without notice, so every
 * lookup goes through a named list of alternative selectors, and a miss is a typed
 * `SelectorError` that the caller reports to the detection-health record instead of throwing
 * into Gmail or LinkedIn.
 */

/** A named selector with its alternatives, most recent first. */
export interface SelectorSpec {
  name: string;
  alternatives: readonly string[];
}

export class SelectorError extends Error {
  constructor(readonly spec: SelectorSpec) {
    super(`No element matched "${spec.name}" (${spec.alternatives.join(' | ')})`);
    this.name = 'SelectorError';
  }
}

export function queryOptional<E extends Element = HTMLElement>(
  root: ParentNode,
  spec: SelectorSpec,
): E | null {
  for (const selector of spec.alternatives) {
    const element = root.querySelector<E>(selector);
    if (element) return element;
  }
  return null;
}

export function queryRequired<E extends Element = HTMLElement>(
  root: ParentNode,
  spec: SelectorSpec,
): E {
  const element = queryOptional<E>(root, spec);
  if (!element) throw new SelectorError(spec);
  return element;
}

/** All matches of the first alternative that matches anything. */
export function queryAll<E extends Element = HTMLElement>(
  root: ParentNode,
  spec: SelectorSpec,
): E[] {
  for (const selector of spec.alternatives) {
    const elements = root.querySelectorAll<E>(selector);
    if (elements.length > 0) return [...elements];
  }
  return [];
}

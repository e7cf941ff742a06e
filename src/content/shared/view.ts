/**
 * The content scripts' UI is built with DOM calls, not a virtual DOM. A control in a host page
 * is a button or two and, once opened, a small card: diffing a tree for it bought nothing,
 * while Preact's code (≈ 18 KB) was compiled and run in every Gmail and LinkedIn page load
 * before the first badge showed — the largest single part of what Etape cost a page as it
 * loaded (issue #20). refined-github builds its page UI the same way (dom-chef: real DOM).
 *
 * `el` makes an element (text children only become text nodes: no HTML strings, which Gmail's
 * Trusted Types refuse anyway); a `View` is a control that keeps its elements and updates them
 * in place when its props change (an open card stays open, the focus stays where it is);
 * `draw` puts a view into a container as Preact's `render` did: the same kind is updated,
 * another kind replaces it, null removes it.
 */

type Child = Node | string | null | undefined | false;
type Listener = (event: Event) => void;
type Attributes = Record<string, string | number | boolean | null | undefined | Listener>;

/**
 * An element with its attributes and children. `on<Event>` keys add listeners; `false`, null
 * and undefined leave an attribute out; `true` is written as "true" for `aria-*` and `data-*`
 * (as their values are read) and as an empty attribute otherwise (`disabled`).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
      continue;
    }
    setAttribute(element, name, value);
  }
  append(element, children);
  return element;
}

/** Sets or removes one attribute as `el` would write it. */
export function setAttribute(
  element: Element,
  name: string,
  value: string | number | boolean | null | undefined,
): void {
  const named = name.startsWith('aria-') || name.startsWith('data-');
  if (value === null || value === undefined || (value === false && !named))
    element.removeAttribute(name);
  else element.setAttribute(name, value === true && !named ? '' : String(value));
}

/** Replaces an element's children (text stays text). */
export function setChildren(element: Element, ...children: Child[]): void {
  element.replaceChildren();
  append(element, children);
}

function append(element: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A control: its root element, updated in place with new props. */
export interface View<P> {
  readonly root: HTMLElement;
  update(props: P): void;
}

export type ViewClass<P> = new (props: P) => View<P>;

/** What `draw` puts into a container: a kind of view with its props. */
export interface ViewNode {
  /** The kind: a container holding one of this kind is updated, not rebuilt. */
  readonly kind: ViewClass<never>;
  create(): View<unknown>;
  /** Gives a view of this kind the new props. */
  apply(view: View<unknown>): void;
}

export function node<P>(kind: ViewClass<P>, props: P): ViewNode {
  return {
    kind: kind as ViewClass<never>,
    create: () => new kind(props) as View<unknown>,
    apply: (view) => (view as View<P>).update(props),
  };
}

const drawn = new WeakMap<Element, { kind: ViewClass<never>; view: View<unknown> }>();

/**
 * Shows `next` in `container`: updates the view there when it is of the same kind, replaces it
 * otherwise; null empties the container.
 */
export function draw(next: ViewNode | null, container: Element): void {
  const current = drawn.get(container);
  if (next === null) {
    drawn.delete(container);
    container.replaceChildren();
    return;
  }
  if (current?.kind === next.kind) {
    next.apply(current.view);
    return;
  }
  const view = next.create();
  drawn.set(container, { kind: next.kind, view });
  container.replaceChildren(view.root);
}

/**
 * Every piece of UI Etape puts into Gmail or LinkedIn goes through here: an element carrying
 * `data-etape="<role>"`, with an open shadow root so the host page's CSS cannot reach in and
 * ours cannot leak out. Styles go in as a <style> text node (no HTML strings: Gmail enforces
 * Trusted Types).
 */
/**
 * Events that must not reach the host page from our UI: a click on a Gmail badge would also
 * collapse the message, a key typed in our card would trigger LinkedIn's shortcuts.
 */
const CONTAINED = ['click', 'mousedown', 'mouseup', 'keydown', 'keyup', 'keypress'] as const;

/**
 * Our hosts, known by identity rather than by their `data-etape` attribute: the page can put
 * that attribute on its own nodes, and a mutation filter reading it back would then miss the
 * page's changes (threat model, README).
 */
const hosts = new WeakSet<Node>();

/** Is this node one of the hosts mountShadow made (in this script instance)? */
export function isOwnHost(node: Node): boolean {
  return hosts.has(node);
}

export interface Mounted {
  host: HTMLElement;
  /** Render Preact into this. */
  container: HTMLElement;
  remove(): void;
}

export function mountShadow(
  role: string,
  css: string,
  place: (host: HTMLElement) => void,
): Mounted {
  const host = document.createElement('span');
  host.setAttribute('data-etape', role);
  hosts.add(host);
  host.style.display = 'inline-block';
  host.style.verticalAlign = 'middle';
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const container = document.createElement('span');
  shadow.append(style, container);
  for (const type of CONTAINED) host.addEventListener(type, (event) => event.stopPropagation());
  place(host);
  return { host, container, remove: () => host.remove() };
}

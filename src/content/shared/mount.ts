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
/** One listener for every host: a page shows dozens of hosts. */
const contain = (event: Event) => event.stopPropagation();

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

/**
 * A host removed while it held the keyboard focus, and where it stood. Detectors rebuild hosts
 * (a scan after Advance redraws the badge from fresh data; Track's host gives way to a badge):
 * the host that takes its place takes the focus too, rather than dropping it to the page.
 */
let focusHandover: { after: Element; until: number } | null = null;
/** A replacement comes with the background's next answer, well within this. */
const HANDOVER_MS = 2000;

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
  for (const type of CONTAINED) host.addEventListener(type, contain);
  // Whether focus is in this host, as remove() needs to know: callers unmount their UI first,
  // which takes the focus away in the same turn of the event loop (Chromium reports a focusout
  // to nothing, Firefox nothing at all). Focus moved to nothing by the user is gone for good
  // once that turn is over.
  let holdsFocus = false;
  host.addEventListener('focusin', () => {
    holdsFocus = true;
  });
  host.addEventListener('focusout', (event) => {
    if (event.relatedTarget !== null) holdsFocus = false;
    else
      queueMicrotask(() => {
        holdsFocus = false;
      });
  });
  place(host);
  takeFocusHandover(host, shadow);
  return {
    host,
    container,
    remove: () => {
      const after = host.previousElementSibling;
      if (after && holdsFocus) focusHandover = { after, until: Date.now() + HANDOVER_MS };
      host.remove();
    },
  };
}

/** Focus into a new host standing where a focused one was, if focus is still nowhere. */
function takeFocusHandover(host: HTMLElement, shadow: ShadowRoot): void {
  const handover = focusHandover;
  if (!handover || handover.after !== host.previousElementSibling) return;
  focusHandover = null;
  const active = document.activeElement;
  if (Date.now() > handover.until || (active && active !== document.body)) return;
  // The caller renders into the container right after this returns.
  queueMicrotask(() => shadow.querySelector<HTMLElement>('button')?.focus());
}

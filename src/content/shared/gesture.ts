/**
 * A page script can reach our UI (the shadow roots are open so the host page's tools, and our
 * tests, can see them) and call `.click()` on a Track or Advance button, or dispatch a forged
 * click or Ctrl+Enter where our listeners hear it. Only the browser can mark an event trusted:
 * every handler that writes (track, advance, link, a send gesture, an invitation) checks this
 * first, so a page can never make Etape write on its own (threat model, README).
 */
export function isUserGesture(event: Event): boolean {
  return event.isTrusted;
}

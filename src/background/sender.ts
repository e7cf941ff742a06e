/**
 * Who may talk to the background. `runtime.onMessage` already only hears this extension's own
 * contexts, but we check anyway: a content script is trusted only on the sites it is built for,
 * and an extension page only from our own origin.
 */
export const CONTENT_ORIGINS = ['https://mail.google.com', 'https://www.linkedin.com'] as const;

export interface SenderLike {
  id?: string | undefined;
  url?: string | undefined;
  origin?: string | undefined;
  tab?: { url?: string | undefined } | undefined;
}

export function isTrustedSender(
  sender: SenderLike,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (sender.id !== extensionId) return false;
  const url = sender.url ?? sender.tab?.url;
  if (!url) return false;
  // String prefix, not URL.origin: non-special schemes have an opaque origin in some runtimes.
  if (url.startsWith(`${extensionOrigin}/`)) return true;
  let origin: string;
  try {
    origin = sender.origin ?? new URL(url).origin;
  } catch {
    return false;
  }
  return (CONTENT_ORIGINS as readonly string[]).includes(origin);
}

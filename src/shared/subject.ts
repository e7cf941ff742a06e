/** Shared by the Gmail content script and the background, which match sends by subject. */
/** "Re: Fwd: TR: Pricing" and "pricing" are the same conversation subject. */
export function normalizeSubject(subject: string): string {
  let rest = subject.trim();
  for (;;) {
    const stripped = rest.replace(/^(?:re|fwd?|tr|aw|wg|rv|sv|vs)\s*(?:\[\d+\])?\s*:\s*/i, '');
    if (stripped === rest) break;
    rest = stripped;
  }
  return rest.replace(/\s+/g, ' ').toLowerCase();
}

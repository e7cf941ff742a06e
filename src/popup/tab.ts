/**
 * Which tab the popup describes. The toolbar popup describes the active tab, which the worker
 * looks up as it answers (one hop fewer while the popup loads); `?tab=<id>` points the page at a
 * given tab, which is how tests open it as a tab.
 */
export function tabOf(search: string): number | 'active' {
  const param = new URLSearchParams(search).get('tab');
  return param !== null && /^\d+$/.test(param) ? Number(param) : 'active';
}

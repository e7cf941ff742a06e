/**
 * Detector `account`: the signed-in address decides direction (from it: sent; to it:
 * received). Read by the conversation detector each scan; here its absence while a
 * conversation is open is reported, and a newly seen account joins the user's own addresses
 * (so another account of the user is never offered Track).
 */
import { SelectorError } from '../shared/dom.ts';
import type { Detector } from '../shared/session.ts';
import { accountButton } from './selectors.ts';
import type { GmailState } from './state.ts';

export function accountDetector(state: GmailState): Detector {
  let remembered = '';
  return {
    name: 'account',
    selectors: [accountButton],

    scan(_root, ctx) {
      const { account, conversation } = state;
      if (!conversation) return;
      if (!account) {
        ctx.fail(new SelectorError(accountButton));
        return;
      }
      ctx.ok();
      const known = state.cache.settings?.ownAddresses;
      if (!known || known.includes(account) || remembered === account) return;
      remembered = account;
      ctx.send('addOwnAddress', { email: account }).catch(() => {
        remembered = '';
      });
    },
  };
}

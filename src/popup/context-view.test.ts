import { describe, expect, it, vi } from 'vitest';
import { defaultProcess } from '../shared/default-process.ts';
import type { Prospect } from '../shared/schemas.ts';
import { untrackedParticipants } from './context-view.tsx';

vi.mock('webextension-polyfill', () => import('./test-browser.ts'));

const MEMBER = 'ACoAACxYz12AbCdEfGhIjKlMnOpQrStUvWxYz_-9';
const prospect: Prospect = {
  id: 'p1',
  name: 'Robert Cheung',
  emails: [],
  linkedinUrl: 'https://www.linkedin.com/in/robert-k-cheung/',
  linkedinMemberId: MEMBER,
  stageId: 'prospect',
  stageEnteredAt: 0,
  status: 'open',
  createdAt: 0,
  updatedAt: 0,
};

describe('untrackedParticipants', () => {
  it('counts a conversation participant named by member id as the tracked prospect', () => {
    const untracked = untrackedParticipants({
      process: defaultProcess('en', 0),
      prospects: [{ prospect, lastTouchAt: null }],
      page: {
        tabId: 1,
        at: 0,
        site: 'linkedin',
        participants: [
          { linkedinUrl: `https://www.linkedin.com/in/${MEMBER}/`, name: 'Robert Cheung' },
          { linkedinUrl: 'https://www.linkedin.com/in/robert-k-cheung/' },
          { linkedinUrl: 'https://www.linkedin.com/in/ACoAABbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/' },
        ],
      },
    });
    expect(untracked.map((participant) => participant.linkedinUrl)).toEqual([
      'https://www.linkedin.com/in/ACoAABbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/',
    ]);
  });
});

// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultProcess } from '../../shared/default-process.ts';
import { type Prospect, processSchema } from '../../shared/schemas.ts';
import type { OnScreen } from '../shared/on-screen.ts';
import { Overlay } from './overlay.ts';

vi.mock('webextension-polyfill', () => ({
  default: {
    i18n: { getMessage: (key: string, subs: string[] = []) => [key, ...subs].join(' ') },
  },
}));

const process = processSchema.parse(defaultProcess('en', 0));
const now = Date.UTC(2026, 0, 10);
const prospect: Prospect = {
  id: 'p1',
  name: 'Alice <b>Martin</b>',
  emails: ['alice@northwind.example'],
  stageId: 'prospect',
  stageEnteredAt: now - 6 * 86_400_000,
  status: 'open',
  createdAt: 0,
  updatedAt: 0,
};

function anchor(): HTMLElement {
  const span = document.createElement('span');
  const header = document.createElement('div');
  header.append(span);
  document.body.append(header);
  return span;
}

const shadowText = (host: Element | null | undefined) => host?.shadowRoot?.textContent ?? '';

beforeEach(() => document.body.replaceChildren());

describe('Overlay', () => {
  it('places each role in a data-etape shadow host right after its anchor, as text', async () => {
    const overlay = new Overlay();
    const [a, b, c] = [anchor(), anchor(), anchor()];
    overlay.begin();
    overlay.badge('alice', a, prospect, process, now, async () => {});
    overlay.track('bruno', b, 'Bruno', async () => {});
    overlay.chip('row:0', c, prospect, process, now);
    overlay.end();
    expect(a.nextElementSibling?.getAttribute('data-etape')).toBe('badge');
    expect(b.nextElementSibling?.getAttribute('data-etape')).toBe('track');
    expect(c.nextElementSibling?.getAttribute('data-etape')).toBe('chip');
    expect(shadowText(a.nextElementSibling)).toMatch(/durationDays 6/);
    expect(shadowText(b.nextElementSibling)).toContain('track');
    // A name holding markup stays text.
    expect(a.nextElementSibling?.shadowRoot?.querySelector('b')).toBeNull();
  });

  it('moves the same host to a re-rendered anchor and removes the ones not named', () => {
    const overlay = new Overlay();
    const first = anchor();
    const other = anchor();
    overlay.begin();
    overlay.badge('alice', first, prospect, process, now, async () => {});
    overlay.track('bruno', other, 'Bruno', async () => {});
    overlay.end();
    const host = first.nextElementSibling;

    // Gmail re-renders the header: a new anchor element for the same person.
    first.parentElement?.remove();
    const second = anchor();
    overlay.begin();
    overlay.badge('alice', second, prospect, process, now, async () => {});
    overlay.end();
    expect(second.nextElementSibling).toBe(host);
    expect(other.nextElementSibling).toBeNull();
    expect(document.querySelectorAll('[data-etape]')).toHaveLength(1);
    expect(overlay.count).toBe(1);
  });

  it('swaps a Track control for a badge once the person is tracked', () => {
    const overlay = new Overlay();
    const a = anchor();
    overlay.begin();
    overlay.track('alice', a, 'Alice', async () => {});
    overlay.end();
    overlay.begin();
    overlay.badge('alice', a, prospect, process, now, async () => {});
    overlay.end();
    expect(
      [...document.querySelectorAll('[data-etape]')].map((e) => e.getAttribute('data-etape')),
    ).toEqual(['badge']);
  });

  it('draws a host only once its anchor is on screen, with the content of the last pass', () => {
    const waiting = new Map<Element, () => void>();
    const cancelled: Element[] = [];
    const onScreen: OnScreen = (element, then) => {
      waiting.set(element, then);
      return () => {
        cancelled.push(element);
        waiting.delete(element);
      };
    };
    const overlay = new Overlay(onScreen);
    const [below, gone] = [anchor(), anchor()];
    overlay.begin();
    overlay.badge('alice', below, prospect, process, now, async () => {});
    overlay.track('bruno', gone, 'Bruno', async () => {});
    overlay.end();
    expect(document.querySelector('[data-etape]')).toBeNull();
    expect(overlay.count).toBe(2);
    // A later pass while still off screen: Bruno is gone, Alice moved on a stage.
    const later = { ...prospect, stageId: 'contacted', stageEnteredAt: now };
    overlay.begin();
    overlay.badge('alice', below, later, process, now, async () => {});
    overlay.end();
    expect(cancelled).toEqual([gone]);
    expect(overlay.count).toBe(1);
    waiting.get(below)?.();
    expect(below.nextElementSibling?.getAttribute('data-etape')).toBe('badge');
    const contacted = process.stages.find((stage) => stage.id === 'contacted');
    expect(shadowText(below.nextElementSibling)).toContain(contacted?.name);
    expect(document.querySelectorAll('[data-etape]')).toHaveLength(1);
  });
});

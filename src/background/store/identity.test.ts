/**
 * The LinkedIn identity contract (issue #13), background side: a person tracked under one of
 * their two LinkedIn ids is found by the other, wherever a profile URL arrives.
 */
import { describe, expect, it } from 'vitest';
import { memberIdUrl } from '../../shared/linkedin-url.ts';
import type { Prospect } from '../../shared/schemas.ts';
import { makeService } from '../test-helpers.ts';

const MEMBER = 'ACoAACxYz12AbCdEfGhIjKlMnOpQrStUvWxYz_-9';
const MEMBER_URL = memberIdUrl(MEMBER);
const VANITY = 'https://www.linkedin.com/in/robert-k-cheung/';

describe('tracking by LinkedIn member id', () => {
  it('Track from a conversation stores the member id, case kept, and no linkedinUrl', async () => {
    const { service, db } = makeService();
    const { prospect, created } = await service.handlers.trackContact({
      name: 'Robert Cheung',
      emails: [],
      linkedinUrl: MEMBER_URL,
    });
    expect(created).toBe(true);
    expect(prospect.linkedinMemberId).toBe(MEMBER);
    expect(prospect.linkedinUrl).toBeUndefined();
    expect((await db.prospects.where('linkedinMemberId').equals(MEMBER).first())?.id).toBe(
      prospect.id,
    );
  });

  it('finds the same person again by either id and fills what was missing', async () => {
    const { service, db } = makeService();
    const first = await service.handlers.trackContact({
      name: 'Robert Cheung',
      emails: [],
      linkedinUrl: VANITY,
    });
    const again = await service.handlers.trackContact({
      name: 'Robert Cheung',
      emails: [],
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    expect(again.created).toBe(false);
    expect(again.prospect).toMatchObject({ linkedinUrl: VANITY, linkedinMemberId: MEMBER });
    const byMember = await service.handlers.trackContact({
      name: 'R. Cheung',
      emails: ['robert@cheung.example'],
      linkedinUrl: MEMBER_URL,
    });
    expect(byMember.created).toBe(false);
    expect(byMember.prospect.id).toBe(first.prospect.id);
    expect(byMember.prospect.emails).toEqual(['robert@cheung.example']);
    expect(await db.prospects.count()).toBe(1);
  });

  it('refuses a member-id URL that names another member id than the one given', async () => {
    const { service } = makeService();
    const reply = await service.handle({
      type: 'trackContact',
      name: 'X',
      linkedinUrl: MEMBER_URL,
      linkedinMemberId: `${MEMBER.slice(0, -1)}Q`,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('does not take over an id another prospect holds (no silent merge)', async () => {
    const { service } = makeService();
    await service.handlers.trackContact({ name: 'By id', emails: [], linkedinUrl: MEMBER_URL });
    const byEmail = await service.handlers.trackContact({
      name: 'By mail',
      emails: ['robert@cheung.example'],
    });
    const again = await service.handlers.trackContact({
      name: 'By mail',
      emails: ['robert@cheung.example'],
      linkedinUrl: MEMBER_URL,
    });
    expect(again.prospect.id).toBe(byEmail.prospect.id);
    expect(again.prospect.linkedinMemberId).toBeUndefined();
  });
});

describe('resolution wherever a LinkedIn URL arrives', () => {
  async function tracked() {
    const env = makeService();
    const { prospect } = await env.service.handlers.trackContact({
      name: 'Robert Cheung',
      emails: [],
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    return { ...env, prospect };
  }

  it('logs a conversation message sent with a member-id link on the profile prospect', async () => {
    const { service, clock, db, prospect } = await tracked();
    const { results } = await service.handlers.logTouchpoints({
      touchpoints: [
        {
          linkedinUrl: MEMBER_URL,
          channel: 'linkedin',
          kind: 'linkedin_message_received',
          at: clock.now,
          key: 'li:msg:1',
        },
        {
          linkedinUrl: VANITY,
          channel: 'linkedin',
          kind: 'linkedin_profile_view',
          at: clock.now,
          key: 'li:view:1',
        },
      ],
    });
    expect(results.map((result) => result.prospectId)).toEqual([prospect.id, prospect.id]);
    expect(await db.touchpoints.count()).toBe(2);
  });

  it('answers getContext once per prospect when asked by both ids', async () => {
    const { service, prospect } = await tracked();
    const reply = await service.handle({
      type: 'getContext',
      linkedinUrls: [VANITY, MEMBER_URL],
    });
    expect(reply.ok).toBe(true);
    const { prospects } = (reply as { data: { prospects: Array<{ prospect: Prospect }> } }).data;
    expect(prospects.map((entry) => entry.prospect.id)).toEqual([prospect.id]);
  });

  it('resolves page participants of a conversation for the popup and the toolbar', async () => {
    const { service, prospect } = await tracked();
    await service.handlers.reportPageContext(
      { site: 'linkedin', participants: [{ linkedinUrl: MEMBER_URL, name: 'Robert Cheung' }] },
      { tabId: 7 },
    );
    const context = await service.handlers.getTabContext({ tabId: 7 });
    expect(context.prospects.map((entry) => entry.prospect.id)).toEqual([prospect.id]);
  });

  it('links a member-id profile to a prospect found in Gmail, as its member id', async () => {
    const { service } = makeService();
    const { prospect } = await service.handlers.trackContact({
      name: 'Robert Cheung',
      emails: ['robert@cheung.example'],
    });
    const linked = await service.handlers.linkLinkedinProfile({
      prospectId: prospect.id,
      linkedinUrl: MEMBER_URL,
    });
    expect(linked).toMatchObject({ merged: false, prospect: { linkedinMemberId: MEMBER } });
    expect(linked.prospect.linkedinUrl).toBeUndefined();
  });

  it('merges the conversation prospect when its member id is linked to another one', async () => {
    const { service, db } = makeService();
    const gmail = await service.handlers.trackContact({ name: 'R', emails: ['r@c.example'] });
    await service.handlers.trackContact({ name: 'R', emails: [], linkedinUrl: MEMBER_URL });
    const linked = await service.handlers.linkLinkedinProfile({
      prospectId: gmail.prospect.id,
      linkedinUrl: MEMBER_URL,
    });
    expect(linked.merged).toBe(true);
    expect(linked.prospect).toMatchObject({ id: gmail.prospect.id, linkedinMemberId: MEMBER });
    expect(await db.prospects.count()).toBe(1);
  });
});

describe('recordLinkedinIdentity', () => {
  it('fills the member id of a prospect tracked from its profile, once', async () => {
    const { service, events } = makeService();
    const { prospect } = await service.handlers.trackContact({
      name: 'Robert Cheung',
      emails: [],
      linkedinUrl: VANITY,
    });
    events.length = 0;
    const filled = await service.handlers.recordLinkedinIdentity({
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    expect(filled).toMatchObject({ filled: true, prospect: { id: prospect.id } });
    expect(filled.prospect?.linkedinMemberId).toBe(MEMBER);
    expect(events).toEqual([{ what: 'prospect', prospectIds: [prospect.id] }]);
    const again = await service.handlers.recordLinkedinIdentity({
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    expect(again.filled).toBe(false);
    expect(events).toHaveLength(1);
  });

  it('fills the vanity URL of a prospect tracked from a conversation', async () => {
    const { service } = makeService();
    await service.handlers.trackContact({ name: 'R', emails: [], linkedinUrl: MEMBER_URL });
    const { prospect, filled } = await service.handlers.recordLinkedinIdentity({
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    expect(filled).toBe(true);
    expect(prospect).toMatchObject({ linkedinUrl: VANITY, linkedinMemberId: MEMBER });
  });

  it('is a no-op for nobody and never overwrites a set id', async () => {
    const { service } = makeService();
    expect(
      await service.handlers.recordLinkedinIdentity({
        linkedinUrl: VANITY,
        linkedinMemberId: MEMBER,
      }),
    ).toEqual({ prospect: null, filled: false });
    const other = `${MEMBER.slice(0, -1)}Q`;
    await service.handlers.trackContact({
      name: 'R',
      emails: [],
      linkedinUrl: VANITY,
      linkedinMemberId: other,
    });
    const result = await service.handlers.recordLinkedinIdentity({
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    expect(result.filled).toBe(false);
    expect(result.prospect?.linkedinMemberId).toBe(other);
  });

  it('answers conflict with both prospects when each id names another one', async () => {
    const { service, db } = makeService();
    const a = await service.handlers.trackContact({ name: 'A', emails: [], linkedinUrl: VANITY });
    const b = await service.handlers.trackContact({
      name: 'B',
      emails: [],
      linkedinUrl: MEMBER_URL,
    });
    const before = await db.prospects.toArray();
    const reply = await service.handle({
      type: 'recordLinkedinIdentity',
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'conflict', prospectIds: [a.prospect.id, b.prospect.id] },
    });
    expect(await db.prospects.toArray()).toEqual(before);
  });

  it('refuses a member-id URL where the vanity URL belongs, and a lower-cased member id', async () => {
    const { service } = makeService();
    for (const payload of [
      { linkedinUrl: MEMBER_URL, linkedinMemberId: MEMBER },
      { linkedinUrl: VANITY, linkedinMemberId: MEMBER.toLowerCase() },
    ]) {
      const reply = await service.handle({ type: 'recordLinkedinIdentity', ...payload });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
  });

  it('repairs a pre-version-4 record whose linkedinUrl is the lower-cased member id', async () => {
    const { service, db, clock } = makeService();
    const legacy = memberIdUrl(MEMBER).toLowerCase();
    await db.prospects.add({
      id: 'old',
      name: 'Robert Cheung',
      emails: [],
      linkedinUrl: legacy,
      stageId: 'prospect',
      stageEnteredAt: 1,
      status: 'open',
      createdAt: 1,
      updatedAt: 1,
    });
    // Found by member id as a last resort, before the repair…
    const { results } = await service.handlers.logTouchpoints({
      touchpoints: [
        {
          linkedinUrl: MEMBER_URL,
          channel: 'linkedin',
          kind: 'linkedin_message_sent',
          at: clock.now,
          key: 'li:legacy',
        },
      ],
    });
    expect(results[0]).toMatchObject({ status: 'created', prospectId: 'old' });
    // …and the profile page gives it its real vanity URL and member id.
    const { prospect } = await service.handlers.recordLinkedinIdentity({
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    expect(prospect).toMatchObject({ id: 'old', linkedinUrl: VANITY, linkedinMemberId: MEMBER });
  });
});

describe('backups and imports carry the member id', () => {
  async function source() {
    const env = makeService();
    await env.service.handlers.trackContact({
      name: 'Robert Cheung',
      emails: [],
      linkedinUrl: MEMBER_URL,
    });
    const { backup } = await env.service.handlers.exportBackup({ appVersion: '0.1.0' });
    return { ...env, text: JSON.stringify(backup) };
  }

  it('restores it as it was, case kept (replace)', async () => {
    const { text, db } = await source();
    const target = makeService();
    await target.service.handlers.restoreBackup({ text, mode: 'replace' });
    expect(await target.db.prospects.toArray()).toEqual(await db.prospects.toArray());
    expect((await target.db.prospects.toArray())[0]?.linkedinMemberId).toBe(MEMBER);
  });

  it('merge: a local prospect with the same member id is the same person', async () => {
    const { text } = await source();
    const target = makeService();
    const local = await target.service.handlers.trackContact({
      name: 'Robert C.',
      emails: ['robert@cheung.example'],
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    const { counts } = await target.service.handlers.restoreBackup({ text, mode: 'merge' });
    expect(counts.prospects).toBe(0);
    expect(await target.db.prospects.toArray()).toMatchObject([
      { id: local.prospect.id, linkedinMemberId: MEMBER, linkedinUrl: VANITY },
    ]);
  });

  it('merge: fills the member id of the local prospect with the same vanity URL', async () => {
    const env = makeService();
    await env.service.handlers.trackContact({
      name: 'Robert Cheung',
      emails: [],
      linkedinUrl: VANITY,
      linkedinMemberId: MEMBER,
    });
    const { backup } = await env.service.handlers.exportBackup({ appVersion: '0.1.0' });
    const target = makeService();
    await target.service.handlers.trackContact({ name: 'R', emails: [], linkedinUrl: VANITY });
    await target.service.handlers.restoreBackup({ text: JSON.stringify(backup), mode: 'merge' });
    expect(await target.db.prospects.toArray()).toMatchObject([{ linkedinMemberId: MEMBER }]);
  });

  it('CSV import: the member id column (case kept) and member-id URLs match the same person', async () => {
    const { service, db } = makeService();
    await service.handlers.trackContact({ name: 'R', emails: [], linkedinUrl: VANITY });
    const reply = await service.handle({
      type: 'importProspects',
      prospects: [
        { name: 'Robert Cheung', linkedinUrl: VANITY, linkedinMemberId: MEMBER },
        { name: 'Robert Cheung', linkedinUrl: MEMBER_URL, title: 'CTO' },
        { name: 'Someone Else', linkedinUrl: memberIdUrl(`${MEMBER.slice(0, -1)}Q`) },
      ],
    });
    expect(reply).toEqual({ ok: true, data: { created: 1, merged: 2 } });
    const all = (await db.prospects.toArray()).sort((a, b) => a.name.localeCompare(b.name));
    expect(all).toMatchObject([
      { linkedinUrl: VANITY, linkedinMemberId: MEMBER, title: 'CTO' },
      { name: 'Someone Else', linkedinMemberId: `${MEMBER.slice(0, -1)}Q` },
    ]);
    expect(all[1]?.linkedinUrl).toBeUndefined();
  });
});

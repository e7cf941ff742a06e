/**
 * Two big pages for the page-cost bench, the size of the real ones (≥ 10,000 elements), built
 * from the structures of shared/notes/pages.md and the dated fixtures in e2e/fixtures (a Gmail
 * app shell of April 2025, a LinkedIn profile of April 2025 with its feed-like sections and
 * sidebars). Invented people; deterministic, so every run loads the same bytes.
 *
 * They are generated rather than committed: at ~1 MB each they would drown a diff, and their
 * size is a parameter of the bench, not a fact about Gmail or LinkedIn.
 */

export const GMAIL_ACCOUNT = 'rep@bench-demo.example';
/** A participant of the long thread that the bench tracks (gets a badge, not a Track button). */
export const GMAIL_TRACKED = { name: 'Alice Martin', email: 'alice.martin@northwind.example' };
export const LINKEDIN_SLUG = 'camille-durand-4b2a1c';
export const LINKEDIN_PROFILE_URL = `https://www.linkedin.com/in/${LINKEDIN_SLUG}/`;
const LINKEDIN_MEMBER_ID = 'ACoAAB3xYz9QkLmNoPqRsTuVwXyZ0123456789a';

const PEOPLE = [
  GMAIL_TRACKED,
  { name: 'Bruno Keller', email: 'bruno.keller@northwind.example' },
  { name: 'Dana Okafor', email: 'dana.okafor@fabrikam.example' },
  { name: 'Eitan Rosen', email: 'eitan.rosen@contoso.example' },
  { name: 'Fatou Diallo', email: 'fatou.diallo@contoso.example' },
  { name: 'Grace Liu', email: 'grace.liu@northwind.example' },
];

const WORDS =
  'thanks for the call today we discussed pricing options timeline and next steps for the pilot please find attached the proposal let me know if the numbers work for your team'.split(
    ' ',
  );

function sentence(seed: number, words = 14): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 3) % WORDS.length] as string);
  return out.join(' ');
}

/**
 * A Gmail tab on a long thread: the app shell (bar, left navigation with many labels, the
 * add-on side panel), the inbox list Gmail keeps hidden in the main view while a thread is
 * open, and an 80-message conversation of which the last six are expanded with quoted history
 * and signatures (the shape of a real pricing negotiation), shown as Gmail shows it: scrolled to
 * its newest message, which is with the tracked contact (so the thread's first screen holds a
 * badge and a Track control; the other participants' controls are below the fold until scrolled to).
 */
export function gmailThreadPage(): string {
  const subject = 'Pilot proposal and pricing for 2026';
  const nav: string[] = [];
  for (let i = 0; i < 80; i++) {
    nav.push(
      `<div class="aim${i === 0 ? ' ain' : ''}"><div class="TO" data-tooltip="Label ${i}"><div class="TN bzz aHS-bnt"><div class="qj"><svg class="qj-icon" viewBox="0 0 24 24" width="20" height="20"><path d="M17 3H7c-1.1 0-2 .9-2 2v16l7-3 7 3V5c0-1.1-.9-2-2-2z"></path></svg></div><div class="aio UKr6le"><span class="nU"><a href="#label/Label+${i}" class="J-Ke n0" title="Label ${i}" aria-label="Label ${i}">Label ${i}</a></span></div><div class="bsU">${i % 7}</div></div></div></div>`,
    );
  }
  const rows: string[] = [];
  for (let i = 0; i < 120; i++) {
    const person = PEOPLE[i % PEOPLE.length] as (typeof PEOPLE)[number];
    rows.push(
      `<tr class="zA ${i % 3 === 0 ? 'zE' : 'yO'}" role="row"><td class="oZ-x3 xY"><div class="oZ-jc T-Jo J-J5-Ji" role="checkbox" aria-label="Select"><div class="T-Jo-auh"></div></div></td><td class="apU xY"><span class="T-KT" role="button" aria-label="Not starred"><img class="f" src="data:," alt=""></span></td><td class="yX xY"><div class="yW"><span class="bA4"><span class="${i % 3 === 0 ? 'zF' : 'yP'}" email="${person.email}" name="${person.name}" data-hovercard-id="${person.email}">${person.name}</span></span></div></td><td class="xY a4W"><div class="xS" role="link"><div class="xT"><div class="y6"><span class="bog"><span data-thread-id="#thread-f:18300000000${String(i).padStart(5, '0')}" data-legacy-thread-id="1952b3c4d5e6${String(i).padStart(4, '0')}">Subject ${i}: ${sentence(i, 5)}</span></span></div><span class="y2"> - ${sentence(i + 1, 9)}</span></div></div></td><td class="xW xY"><span title="Tue, Apr 8, 2025, 10:14 AM">Apr 8</span></td><td class="bq4 xY"><ul class="bqY" role="toolbar"><li class="bqX brq" data-tooltip="Archive"></li><li class="bqX bru" data-tooltip="Delete"></li><li class="bqX brs" data-tooltip="Mark as unread"></li><li class="bqX bqZ" data-tooltip="Snooze"></li></ul></td></tr>`,
    );
  }
  const messages: string[] = [];
  const COUNT = 80;
  for (let i = 0; i < COUNT; i++) {
    const mine = i % 2 === 1;
    // The newest message is with the thread's main contact, the tracked prospect.
    const other = (
      i === COUNT - 1 ? GMAIL_TRACKED : PEOPLE[(i >> 1) % PEOPLE.length]
    ) as (typeof PEOPLE)[number];
    const from = mine ? { name: 'me', email: GMAIL_ACCOUNT } : other;
    const to = mine ? other : { name: 'me', email: GMAIL_ACCOUNT };
    const id = `#msg-f:18200000000${String(i).padStart(5, '0')}`;
    const legacy = `1941a2b3c4d5${String(i).padStart(4, '0')}`;
    const when = `Tue, Apr ${1 + (i % 28)}, 2025, ${1 + (i % 12)}:${String(i % 60).padStart(2, '0')} PM`;
    const header = `<td class="gF gK"><h3 class="iw"><span class="qu" role="gridcell" tabindex="-1"><span class="gD" email="${from.email}" name="${from.name}" data-hovercard-id="${from.email}">${from.name}</span> <span class="go"><span aria-hidden="true">&lt;</span>${from.email}<span aria-hidden="true">&gt;</span></span></span></h3></td><td class="gH bAk"><div class="gK"><span><span class="g3" title="${when}" alt="${when}" role="gridcell" tabindex="-1">Apr ${1 + (i % 28)}</span></span><div class="zd bi4" aria-label="Not starred" role="checkbox" tabindex="0"><span class="T-KT"><img class="f" src="data:," alt=""></span></div><div class="T-I J-J5-Ji T-I-Js-IF aaq T-I-ax7 L3" role="button" aria-label="Reply" data-tooltip="Reply"><img class="hB T-I-J3" role="button" src="data:," alt=""></div><div class="T-I J-J5-Ji aap T-I-awG T-I-ax7 L3" role="button" aria-label="More message options"><img class="hA T-I-J3" src="data:," alt=""></div></div></td>`;
    if (i < COUNT - 6) {
      messages.push(
        `<div class="kv" role="listitem" aria-expanded="false"><div class="adn ads" data-message-id="${id}" data-legacy-message-id="${legacy}"><div class="gs"><div class="gE iv gt"><table class="cf gJ" role="presentation"><tbody><tr class="acZ">${header}</tr></tbody></table></div><div class="iA g6" dir="ltr">${sentence(i, 12)}</div></div></div></div>`,
      );
      continue;
    }
    const quoted: string[] = [];
    // Quoted history: each reply carries the thread below it, as nested blockquotes of divs.
    for (let q = 0; q < 60; q++) {
      quoted.push(
        `<div dir="ltr"><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On ${when}, ${other.name} &lt;<a href="mailto:${other.email}">${other.email}</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex"><div dir="ltr"><div>${sentence(q + i, 18)}</div><div><br></div><div>${sentence(q + i + 3, 11)}</div><ul><li>${sentence(q, 6)}</li><li>${sentence(q + 1, 6)}</li></ul></div></blockquote></div></div>`,
      );
    }
    const signature = `<table class="gmail_signature" cellpadding="0" cellspacing="0"><tbody><tr><td><b>${from.name}</b></td></tr><tr><td><span>Account Executive</span> · <a href="https://www.northwind.example/">Northwind</a></td></tr><tr><td><img src="data:," width="88" height="24" alt="logo"></td></tr></tbody></table>`;
    messages.push(
      `<div class="h7" role="listitem" aria-expanded="true"><div class="adn ads" data-message-id="${id}" data-legacy-message-id="${legacy}"><div class="gs"><div class="gE iv gt"><table class="cf gJ" role="presentation"><tbody><tr class="acZ">${header}</tr><tr class="acZ xD"><td colspan="3"><table class="cf adz" role="presentation"><tbody><tr><td class="ady"><div class="iw ajw"><span class="hb">to <span class="g2" email="${to.email}" name="${to.name}" data-hovercard-id="${to.email}">${to.name}</span>, cc: <span class="g2" email="${(PEOPLE[1] as (typeof PEOPLE)[number]).email}" name="${(PEOPLE[1] as (typeof PEOPLE)[number]).name}">Bruno</span></span></div></td></tr></tbody></table></td></tr></tbody></table></div><div class="utdU2e"></div><div class="ii gt" id=":m${i}"><div class="a3s aiL"><div dir="ltr"><div>Hi,</div><div><br></div><div>${sentence(i, 30)}</div><div><br></div></div>${signature}<div class="yj6qo"></div><div class="adL">${quoted.join('')}</div></div></div><div class="hq gt"><div class="aQH"><span class="aZo" role="link"><span class="aV3">proposal-${i}.pdf</span></span></div></div></div></div></div>`,
    );
  }
  const panel: string[] = [];
  for (let i = 0; i < 12; i++)
    panel.push(
      `<div class="bse-bvF-I aT5-aOt-I" role="tab" aria-label="Add-on ${i}" data-tooltip="Add-on ${i}"><div class="aT5-aOt-I-JX-Jw"><img src="data:," width="20" height="20" alt=""></div></div>`,
    );
  return `<!doctype html>
<!-- Generated big Gmail page (bench/big-pages.ts): structure of the April 2025 captures, invented people. -->
<html lang="en"><head><meta charset="utf-8"><title>${subject} - ${GMAIL_ACCOUNT} - Gmail</title>
<style>body{font:14px sans-serif;margin:0}.nH.bkK{display:flex}.aeN{width:256px;flex:none}.bkL{flex:1;min-width:0}.hidden-list{display:none}.kv .iA{color:#555;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.gmail_quote{margin-left:4px}</style>
</head><body>
<div class="nH w-asV aiw"><header class="gb_Ua gb_Ab" role="banner"><div class="gb_Fd"><form class="aJf" role="search" aria-label="Search mail"><input class="gb_Be" aria-label="Search mail" name="q" placeholder="Search mail"><button class="gb_Se" aria-label="Search options"></button></form></div><div class="gb_Pd"><a class="gb_d gb_Ha" aria-label="Google Account: Rep Demo (${GMAIL_ACCOUNT})" href="https://accounts.google.com/SignOutOptions?hl=en&amp;continue=https://mail.google.com/mail/"><img class="gb_P" src="data:," alt=""></a></div></header>
<div class="nH bkK"><div class="aeN" role="navigation"><div class="aic"><div class="T-I T-I-KE L3" role="button" tabindex="0">Compose</div></div><div class="byl"><div class="TK">${nav.join('')}</div></div></div>
<div class="nH bkL"><div class="nH"><div class="aeF"><div class="nH" role="main">
<div class="nH hidden-list"><div class="ae4 UI" gh="tl"><table class="F cf zt" role="grid"><tbody>${rows.join('')}</tbody></table></div></div>
<div class="nH a98 iY"><div class="ha"><h2 class="hP" tabindex="-1" data-thread-perm-id="thread-f:1820000000000000001" data-legacy-thread-id="1941a2b3c4d50000">${subject}</h2></div><div role="list" class="thread">${messages.join('')}</div></div>
</div></div></div></div>
<div class="brC-aT5-aOt-Jw" role="tablist" aria-label="Side panel">${panel.join('')}</div></div></div>
<div class="dw"><div class="nH"></div></div><div class="b8 UC" aria-live="assertive"><div class="vh" role="alert"></div></div>
<script>/* As Gmail opens a thread: at its newest message. */ document.querySelector('.thread > :last-child').scrollIntoView();</script>
</body></html>`;
}

/**
 * A LinkedIn profile as a signed-in member sees it (April 2025 shape, hashed classes, English
 * UI): global navigation, the top card with Connect, about, activity posts, experience,
 * education, skills, recommendations and interests cards, the "people also viewed" and "people
 * you may know" sidebars, the collapsed messaging overlay, the footer, and the embedded JSON
 * blocks (`code[id^="bpr-guid-"]`), one of which ties the slug to the member id.
 */
export function linkedinProfilePage(): string {
  const name = 'Camille Durand';
  const navItems = [
    'Home',
    'My Network',
    'Jobs',
    'Messaging',
    'Notifications',
    'Me',
    'For Business',
  ];
  const nav = navItems
    .map(
      (item, i) =>
        `<li class="a1b2c3d4"><a class="e5f6a7b8" href="/nav-${i}/" aria-label="${item}"><div class="c9d0e1f2"><svg viewBox="0 0 24 24" width="24" height="24" data-test-icon="nav-${i}-medium" aria-hidden="true"><path d="M23 9v2h-2v7a3 3 0 01-3 3h-4v-6h-4v6H6a3 3 0 01-3-3v-7H1V9l11-7z"></path></svg></div><span class="t-12 b3c4d5e6" title="${item}">${item}</span></a></li>`,
    )
    .join('');
  const posts: string[] = [];
  for (let p = 0; p < 40; p++) {
    const reactions: string[] = [];
    for (let r = 0; r < 10; r++)
      reactions.push(
        `<li class="f1a2b3c4"><button class="d5e6f7a8" aria-label="Reaction ${r}" type="button"><img src="data:," width="16" height="16" alt=""><span class="t-12">${r * 3}</span></button></li>`,
      );
    const comments: string[] = [];
    for (let c = 0; c < 8; c++)
      comments.push(
        `<article class="comments-comment-entity b9c0d1e2" data-id="urn:li:comment:(urn:li:activity:74${p}${c},1)"><a class="e3f4a5b6" href="/in/commenter-${p}-${c}/?miniProfileUrn=urn%3Ali%3Afsd_profile%3AACoAAC${p}x${c}"><img src="data:," width="32" height="32" alt="Commenter ${p}-${c}"></a><div class="c7d8e9f0"><span class="t-14 t-bold">Commenter ${p}-${c}</span><span class="t-12 t-black--light">Sales at Contoso</span><div class="update-components-text"><span dir="ltr">${sentence(p * 6 + c, 20)}</span></div><div class="a1b2c3e4"><button type="button">Like</button><button type="button">Reply</button></div></div></article>`,
      );
    posts.push(
      `<li class="profile-creator-shared-feed-update__container"><div class="feed-shared-update-v2" data-urn="urn:li:activity:74${p}" role="article"><div class="update-components-actor"><a href="/in/${LINKEDIN_SLUG}/"><img src="data:," width="48" height="48" alt="${name}"></a><div class="update-components-actor__meta"><span class="update-components-actor__title"><span dir="ltr"><span aria-hidden="true">${name}</span></span></span><span class="update-components-actor__description">Head of Sales at Fabrikam</span><span class="update-components-actor__sub-description">${p + 1}w</span></div></div><div class="feed-shared-update-v2__description"><div class="update-components-text"><span dir="ltr">${sentence(p, 40)}</span><span><br></span><span dir="ltr">${sentence(p + 5, 30)}</span></div></div><div class="social-details-social-counts"><ul class="b5c6d7e8">${reactions.join('')}</ul></div><div class="feed-shared-social-action-bar"><button type="button" aria-label="Like">Like</button><button type="button" aria-label="Comment">Comment</button><button type="button" aria-label="Repost">Repost</button><button type="button" aria-label="Send">Send</button></div><div class="comments-comments-list">${comments.join('')}</div></div></li>`,
    );
  }
  const entities = (title: string, count: number, line: (i: number) => string) => {
    const items: string[] = [];
    for (let i = 0; i < count; i++)
      items.push(
        `<li class="artdeco-list__item d1e2f3a4"><div data-view-name="profile-component-entity" class="e5f6a7b8"><div class="f9a0b1c2"><a class="optional-action-target-wrapper" href="/company/${i}/"><div class="ivm-image-view-model"><img src="data:," width="48" height="48" alt=""></div></a></div><div class="a3b4c5d6"><div class="b7c8d9e0"><div class="display-flex"><div class="t-bold"><span aria-hidden="true">${line(i)}</span><span class="visually-hidden">${line(i)}</span></div></div><span class="t-14 t-normal"><span aria-hidden="true">Fabrikam · Full-time</span></span><span class="t-14 t-normal t-black--light"><span aria-hidden="true">2019 - Present · ${i + 1} yrs</span></span></div><div class="c1d2e3f4"><ul><li><div class="inline-show-more-text"><span aria-hidden="true">${sentence(i, 24)}</span></div></li><li><div class="d5e6f7a8"><span>Skills: Negotiation · Pipeline management · +${i} skills</span></div></li></ul></div></div></div></li>`,
      );
    return `<section class="artdeco-card a9b0c1d2" data-view-name="profile-card"><div class="pvs-header__container"><h2 class="pvs-header__title"><span aria-hidden="true">${title}</span></h2></div><div class="pvs-list__outer-container"><ul class="b3c4d5e6">${items.join('')}</ul></div><div class="pvs-list__footer-wrapper"><a href="/in/${LINKEDIN_SLUG}/details/${title.toLowerCase()}?profileUrn=urn%3Ali%3Afsd_profile%3A${LINKEDIN_MEMBER_ID}" class="optional-action-target-wrapper">Show all ${title.toLowerCase()}</a></div></section>`;
  };
  const card = (kind: string, i: number) =>
    `<li class="artdeco-list__item a7b8c9d0"><div class="e1f2a3b4" data-view-name="${kind}"><a href="/in/person-${kind}-${i}/?miniProfileUrn=urn%3Ali%3Afsd_profile%3AACoAAD${kind.length}${i}" class="optional-action-target-wrapper"><img src="data:," width="48" height="48" alt="Person ${i}"></a><div class="c5d6e7f8"><a href="/in/person-${kind}-${i}/"><div class="t-bold"><span aria-hidden="true">Person ${kind} ${i}</span></div><div class="t-14 t-normal"><span aria-hidden="true">${sentence(i, 8)}</span></div></a><button aria-label="Invite Person ${kind} ${i} to connect" class="artdeco-button artdeco-button--2 artdeco-button--secondary" type="button"><svg role="none" aria-hidden="true" data-test-icon="connect-small" width="16" height="16"></svg><span class="artdeco-button__text">Connect</span></button></div></div></li>`;
  const sidebar = (title: string, kind: string, count: number) =>
    `<section class="artdeco-card pv-profile-card" data-view-name="${kind}-card"><h2 class="t-16 t-bold">${title}</h2><ul>${Array.from({ length: count }, (_, i) => card(kind, i)).join('')}</ul></section>`;
  const conversations: string[] = [];
  for (let i = 0; i < 25; i++)
    conversations.push(
      `<li class="msg-conversation-listitem"><div class="msg-conversation-card"><a class="msg-conversation-listitem__link" href="/messaging/thread/2-conv${i}/"><div class="msg-selectable-entity"><img src="data:," width="40" height="40" alt=""></div><div class="msg-conversation-card__content"><h3 class="msg-conversation-listitem__participant-names"><span class="truncate">Contact ${i}</span></h3><time class="msg-conversation-listitem__time-stamp">Apr ${1 + i}</time><p class="msg-conversation-card__message-snippet">${sentence(i, 9)}</p></div></a></div></li>`,
    );
  const json: string[] = [];
  for (let b = 0; b < 30; b++) {
    const included = Array.from({ length: 30 }, (_, k) => ({
      entityUrn: `urn:li:fsd_profile:ACoAAE${b}x${k}`,
      publicIdentifier: `someone-${b}-${k}`,
      firstName: 'Some',
      lastName: `One ${k}`,
      headline: sentence(b + k, 10),
    }));
    if (b === 7)
      included.push({
        entityUrn: `urn:li:fsd_profile:${LINKEDIN_MEMBER_ID}`,
        publicIdentifier: LINKEDIN_SLUG,
        firstName: 'Camille',
        lastName: 'Durand',
        headline: 'Head of Sales at Fabrikam',
      });
    json.push(
      `<code id="bpr-guid-${1000 + b}" style="display:none">${JSON.stringify({ data: {}, included }).replace(/</g, '\\u003c')}</code>`,
    );
  }
  const footer = Array.from(
    { length: 40 },
    (_, i) => `<li class="e9f0a1b2"><a href="/legal/${i}/" class="t-12">Footer link ${i}</a></li>`,
  ).join('');
  return `<!doctype html>
<!-- Generated big LinkedIn profile (bench/big-pages.ts): structure of the April 2025 captures, invented people. -->
<html lang="en" data-etape-bench><head><meta charset="utf-8"><title>${name} | LinkedIn</title>
<style>body{font:14px sans-serif;margin:0}.b7d0e1f2{display:flex;gap:24px}main{flex:1;min-width:0}aside{width:300px;flex:none}.visually-hidden{position:absolute;clip:rect(0 0 0 0)}</style>
</head><body>
<div class="application-outlet"><header id="global-nav" class="_8a1f3c2e"><div class="global-nav__content"><a href="/feed/" aria-label="LinkedIn"><svg viewBox="0 0 24 24" width="34" height="34"><path d="M20.5 2h-17A1.5 1.5 0 002 3.5v17A1.5 1.5 0 003.5 22h17"></path></svg></a><div class="search-global-typeahead"><input aria-label="Search" placeholder="Search"></div><nav aria-label="Primary Navigation"><ul class="global-nav__primary-items">${nav}</ul></nav></div></header>
<div class="b7d0e1f2"><main id="main" class="c4e5a6b7" aria-label="Main content">
<section class="artdeco-card d9e8f7a6" data-member-id="204431778"><div class="live-video-hero-image"><img src="data:," width="804" height="201" alt="Background"></div><div class="e1a2b3c4"><div class="f5d6e7a8"><a href="/in/${LINKEDIN_SLUG}/overlay/about-this-profile/" class="a9b8c7d6" aria-label="${name}"><h1 class="b1c2d3e4 t-24 inline">${name}</h1></a><div class="text-body-medium break-words">Head of Sales at Fabrikam</div></div><ul class="c6d7e8f9"><li class="d0e1f2a3"><button aria-label="Current company: Fabrikam. Click to skip to experience card" class="e4f5a6b7" type="button"><span class="f8a9b0c1"><div class="a2b3c4d5">Fabrikam</div></span></button></li></ul><span class="text-body-small b6c7d8e9">Lyon, Auvergne-Rhône-Alpes, France</span><a href="/in/${LINKEDIN_SLUG}/overlay/contact-info/?profileUrn=urn%3Ali%3Afsd_profile%3A${LINKEDIN_MEMBER_ID}">Contact info</a></div><div class="c0d1e2f3"><button aria-label="Invite ${name} to connect" class="artdeco-button artdeco-button--2 artdeco-button--primary" type="button"><svg role="none" aria-hidden="true" data-test-icon="connect-small" width="16" height="16"></svg><span class="artdeco-button__text">Connect</span></button><a href="/messaging/compose/?profileUrn=urn%3Ali%3Afsd_profile%3A${LINKEDIN_MEMBER_ID}&amp;recipient=${LINKEDIN_MEMBER_ID}" aria-label="Message ${name}" class="artdeco-button artdeco-button--2 artdeco-button--secondary"><svg role="none" aria-hidden="true" data-test-icon="send-privately-small" width="16" height="16"></svg><span class="artdeco-button__text">Message</span></a><button aria-label="More actions" class="artdeco-dropdown__trigger artdeco-button" type="button"><span>More</span></button></div></section>
<section class="artdeco-card" data-view-name="profile-card"><h2 class="pvs-header__title"><span aria-hidden="true">About</span></h2><div class="inline-show-more-text"><span aria-hidden="true">${sentence(3, 80)}</span></div></section>
<section class="artdeco-card" data-view-name="profile-card"><h2 class="pvs-header__title"><span aria-hidden="true">Activity</span></h2><ul class="profile-creator-shared-feed">${posts.join('')}</ul></section>
${entities('Experience', 20, (i) => `Sales role ${i}`)}
${entities('Education', 6, (i) => `School ${i}`)}
${entities('Skills', 60, (i) => `Skill ${i}`)}
${entities('Recommendations', 12, (i) => `Recommendation ${i}`)}
${entities('Interests', 16, (i) => `Company ${i}`)}
</main>
<aside class="scaffold-layout__aside" aria-label="Side Bar">${sidebar('People also viewed', 'people-also-viewed', 30)}${sidebar('People you may know', 'pymk', 30)}${sidebar('Explore Premium profiles', 'premium', 10)}</aside></div>
<footer class="global-footer"><ul>${footer}</ul></footer></div>
<aside id="msg-overlay" class="msg-overlay-container" aria-label="Messaging"><div class="msg-overlay-list-bubble"><header class="msg-overlay-bubble-header"><h2>Messaging</h2></header><ul class="msg-conversations-container__conversations-list">${conversations.join('')}</ul></div></aside>
<div id="artdeco-modal-outlet"></div>
${json.join('\n')}
</body></html>`;
}

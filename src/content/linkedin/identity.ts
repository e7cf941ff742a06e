/**
 * The member id (`ACoAA…`) of the person a profile page shows, read from the page itself and
 * tied to the vanity slug of the URL (pages.md): a profile page also holds other people's ids
 * ("people also viewed", sidebars) and the viewer's own, and after in-page navigation its
 * embedded JSON may still describe the previous profile. So an id counts only where the page
 * puts it next to this slug:
 * 1. a link whose path is `/in/<slug>/…` and whose query names the id (`profileUrn=` on the
 *    "Show all …" and overlay links, `miniProfileUrn=` on links to the person);
 * 2. an object of the embedded JSON (`code#bpr-guid-…`) whose `publicIdentifier` is the slug
 *    and whose `entityUrn` is `urn:li:fsd_profile:<id>`.
 * Never the first id found. Case is kept: member ids are case-sensitive.
 */
import { isMemberId, linkedinIdentity } from '../../shared/linkedin-url.ts';
import { queryAll } from '../shared/dom.ts';
import { profileJson, profileUrnLinks } from './selectors.ts';

/** The member id the page ties to `vanityUrl`'s slug, or null when it names none (yet). */
export function readMemberId(doc: Document, vanityUrl: string): string | null {
  const slug = linkedinIdentity(vanityUrl)?.vanityUrl?.split('/')[4];
  if (!slug) return null;
  const wanted = decodeURIComponent(slug).toLowerCase();
  return fromLinks(doc, wanted) ?? fromJson(doc, wanted);
}

/** 2025-04: `urn:li:fsd_profile:<id>` and `urn:li:fs_miniProfile:<id>`. */
const URN = /^urn:li:(?:fsd_profile|fs_miniProfile):([A-Za-z0-9_-]+)$/;

function fromLinks(doc: Document, slug: string): string | null {
  for (const link of queryAll(doc, profileUrnLinks)) {
    let url: URL;
    try {
      url = new URL(link.getAttribute('href') ?? '', 'https://www.linkedin.com/');
    } catch {
      continue;
    }
    const path = /^\/in\/([^/]+)/.exec(url.pathname)?.[1];
    if (!path || safeDecode(path).toLowerCase() !== slug) continue;
    for (const name of ['profileUrn', 'miniProfileUrn']) {
      const id = URN.exec(url.searchParams.get(name) ?? '')?.[1];
      if (id && isMemberId(id)) return id;
    }
  }
  return null;
}

function fromJson(doc: Document, slug: string): string | null {
  const needle = `"publicidentifier":"${slug}"`;
  for (const code of queryAll(doc, profileJson)) {
    const text = code.textContent ?? '';
    // Most blocks describe other things: only one that names the slug is parsed.
    if (!text.toLowerCase().includes(needle)) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    const id = findEntity(data, slug, 0);
    if (id) return id;
  }
  return null;
}

/** Depth-first search for `{ publicIdentifier: slug, entityUrn: "urn:li:fsd_profile:<id>" }`. */
function findEntity(value: unknown, slug: string, depth: number): string | null {
  if (depth > 12 || typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findEntity(item, slug, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const object = value as Record<string, unknown>;
  if (
    typeof object.publicIdentifier === 'string' &&
    object.publicIdentifier.toLowerCase() === slug &&
    typeof object.entityUrn === 'string'
  ) {
    const id = /^urn:li:fsd_profile:([A-Za-z0-9_-]+)$/.exec(object.entityUrn)?.[1];
    if (id && isMemberId(id)) return id;
  }
  for (const child of Object.values(object)) {
    const found = findEntity(child, slug, depth + 1);
    if (found) return found;
  }
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Loads a committed LinkedIn fixture page into the happy-dom document of a unit test. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadFixture(name: string): Document {
  const html = readFileSync(join(process.cwd(), 'e2e', 'fixtures', 'linkedin', name), 'utf8');
  // Scripts are the fixture's stand-in for LinkedIn's code: not run in unit tests.
  const withoutScripts = html.replace(/<script[\s\S]*?<\/script>/g, '');
  return new DOMParser().parseFromString(withoutScripts, 'text/html');
}

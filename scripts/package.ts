/**
 * `npm run package` (after both builds): the store-ready zips, in release/.
 * - release/etape-chrome-<version>.zip: dist/ as the Chrome Web Store takes it (manifest at the
 *   zip's root).
 * - release/etape-firefox-<version>.zip: dist-firefox/ through `web-ext build`, as
 *   addons.mozilla.org takes it.
 * Only build output goes in (no source maps are built; package.e2e.ts checks both zips).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import pkg from '../package.json' with { type: 'json' };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RELEASE = join(root, 'release');
const CHROME_ZIP = join(RELEASE, `etape-chrome-${pkg.version}.zip`);
const FIREFOX_ZIP = join(RELEASE, `etape-firefox-${pkg.version}.zip`);

async function main(): Promise<void> {
  for (const dir of ['dist', 'dist-firefox'])
    if (!existsSync(join(root, dir, 'manifest.json')))
      throw new Error(`${dir}/ is missing: run npm run build and npm run build:firefox first`);
  mkdirSync(RELEASE, { recursive: true });

  const zip = new JSZip();
  const dist = join(root, 'dist');
  for (const file of walk(dist).sort()) {
    // A fixed date: the same build gives the same zip.
    zip.file(relative(dist, file), readFileSync(file), { date: new Date('2000-01-01T00:00:00Z') });
  }
  writeFileSync(
    CHROME_ZIP,
    await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' }),
  );

  execFileSync(
    join(root, 'node_modules', '.bin', 'web-ext'),
    [
      'build',
      '--source-dir',
      join(root, 'dist-firefox'),
      '--artifacts-dir',
      RELEASE,
      '--filename',
      relative(RELEASE, FIREFOX_ZIP),
      '--overwrite-dest',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (const file of [CHROME_ZIP, FIREFOX_ZIP])
    console.log(`${relative(root, file)}  ${(statSync(file).size / 1024).toFixed(1)} KB`);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

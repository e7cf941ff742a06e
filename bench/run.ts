/**
 * `npm run bench`: speed figures measured in headless Chromium on the built extension.
 * Prints median and p95; asserts nothing (tests assert behaviour, this measures it).
 * Each *.bench.ts file exports `name` and `run(harness)`; add yours to BENCHES.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, launch } from '../e2e/harness.ts';
import * as logTouchpoints from './log-touchpoints.bench.ts';
import { line } from './stats.ts';

interface Bench {
  name: string;
  run(h: Awaited<ReturnType<typeof launch>>): Promise<void>;
}

const BENCHES: Bench[] = [logTouchpoints];

function bundleSizes(): void {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as {
    content_scripts?: Array<{ js?: string[]; matches?: string[] }>;
  };
  const assets = join(DIST, 'assets');
  const files = readdirSync(assets).filter((file) => file.endsWith('.js'));
  for (const script of manifest.content_scripts ?? []) {
    // The loader imports the real chunk and its shared chunks; count the whole graph it loads.
    const seen = new Set<string>();
    const queue = [...(script.js ?? [])];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const code = readFileSync(join(DIST, file), 'utf8');
      for (const match of code.matchAll(/["'`](?:\.\/|\/)?((?:assets\/)?[\w.-]+\.js)["'`]/g)) {
        const name = (match[1] ?? '').replace(/^assets\//, '');
        if (files.includes(name)) queue.push(`assets/${name}`);
      }
    }
    let raw = 0;
    let gz = 0;
    for (const file of seen) {
      const code = readFileSync(join(DIST, file));
      raw += statSync(join(DIST, file)).size;
      gz += gzipSync(code).length;
    }
    line(
      `content script for ${script.matches?.join(', ')}`,
      `${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (${seen.size} files)`,
    );
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  bundleSizes();
  for (const bench of BENCHES) {
    if (only && !bench.name.includes(only)) continue;
    console.log(`\n# ${bench.name}`);
    // A fresh browser and database per bench: figures do not depend on the order they run in.
    const h = await launch();
    try {
      await bench.run(h);
    } finally {
      await h.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

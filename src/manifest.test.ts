/** The manifest is a promise to users: these fail if a permission or host widens. */
import { describe, expect, it } from 'vitest';
import manifestExport, { manifestFor } from '../manifest.config.ts';
import pkg from '../package.json' with { type: 'json' };

interface Manifest {
  manifest_version: number;
  version: string;
  default_locale?: string;
  name: string;
  icons?: Record<string, string>;
  permissions?: string[];
  optional_permissions?: string[];
  commands?: Record<string, { description?: string }>;
  host_permissions?: string[];
  content_scripts?: Array<{ matches?: string[] }>;
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  web_accessible_resources?: unknown;
  browser_specific_settings?: {
    gecko?: {
      id?: string;
      strict_min_version?: string;
      data_collection_permissions?: { required?: string[] };
    };
    gecko_android?: { strict_min_version?: string };
  };
}

async function manifest(exported = manifestExport): Promise<Manifest> {
  const value =
    typeof exported === 'function'
      ? await exported({ command: 'build', mode: 'production' })
      : exported;
  return value as unknown as Manifest;
}

describe('manifest', () => {
  it('is MV3, localized, versioned from package.json', async () => {
    const m = await manifest();
    expect(m.manifest_version).toBe(3);
    expect(m.version).toBe(pkg.version);
    expect(m.default_locale).toBe('en');
    expect(m.name).toBe('__MSG_extName__');
    expect(Object.keys(m.icons ?? {}).sort()).toEqual(['128', '16', '32', '48']);
  });

  it('asks only for what is used, on Gmail and LinkedIn only', async () => {
    const m = await manifest();
    // scripting: only to inject our own packaged content scripts into open Gmail/LinkedIn tabs
    // after an update (src/background/reinject.ts); the hosts below still bound where.
    expect(m.permissions).toEqual(['storage', 'alarms', 'scripting']);
    // Notifications only on request, when the user turns the daily reminder on.
    expect(m.optional_permissions).toEqual(['notifications']);
    expect(Object.keys(m.commands ?? {})).toEqual(['advance-prospect']);
    expect(m.host_permissions).toEqual(['https://mail.google.com/*', 'https://www.linkedin.com/*']);
    expect(m.content_scripts?.flatMap((script) => script.matches ?? [])).toEqual([
      'https://mail.google.com/*',
      'https://www.linkedin.com/*',
    ]);
    expect(JSON.stringify(m)).not.toMatch(
      /<all_urls>|\*:\/\/\*|externally_connectable|unsafe-eval|http:\/\//,
    );
  });

  it('makes nothing web-accessible, in either browser (pages could probe for Etape)', async () => {
    for (const m of [await manifest(), await manifest(manifestFor('firefox'))])
      expect(m.web_accessible_resources).toBeUndefined();
  });

  it('Firefox: the same promises, background scripts, a fixed id, no data collected', async () => {
    const chrome = await manifest();
    const firefox = await manifest(manifestFor('firefox'));
    const { background: chromeBackground, ...chromeRest } = chrome;
    const { background, browser_specific_settings: settings, ...firefoxRest } = firefox;
    expect(firefoxRest).toEqual(chromeRest);
    expect(chromeBackground).toEqual({ service_worker: 'src/background/index.ts', type: 'module' });
    expect(background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
    expect(settings?.gecko?.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    // Firefox ESR 140 is still what Debian and many companies ship: it must install there.
    expect(settings?.gecko?.strict_min_version).toBe('140.0');
    expect(settings?.gecko_android?.strict_min_version).toBe('142.0');
    expect(settings?.gecko?.data_collection_permissions).toEqual({ required: ['none'] });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SINK_PATCHES, stripSinks } from './strip-sinks.ts';

const root = join(import.meta.dirname, '..');
const SINK = /\binnerHTML\s*=[^=]|\bnew Function\b|\bFunction\(|\bFunction\.apply\(|new F\(""\)/;

function transform(code: string, id: string): { code: string } | null {
  const plugin = stripSinks();
  const errors: string[] = [];
  const context = {
    error(message: string): never {
      errors.push(message);
      throw new Error(message);
    },
  };
  const hook = plugin.transform as (this: typeof context, code: string, id: string) => unknown;
  return hook.call(context, code, id) as { code: string } | null;
}

describe('strip-sinks', () => {
  for (const patch of SINK_PATCHES) {
    it(`${patch.why}: matches the installed library and leaves no sink there`, () => {
      const file = join(root, patch.module);
      const source = readFileSync(file, 'utf8');
      const matched = source.match(patch.find)?.[0] ?? '';
      expect(matched).toMatch(SINK);
      const result = transform(source, file);
      expect(result?.code).not.toContain(matched);
      expect(result?.code).toContain(patch.replace);
    });
  }

  it('fails the build when a library no longer has the code it patches', () => {
    const file = join(root, SINK_PATCHES[0]?.module ?? '');
    expect(() => transform('export const upgraded = 1;', file)).toThrow(/pattern not found/);
  });

  it('leaves every other module alone', () => {
    expect(transform('el.innerHTML = x', join(root, 'src/x.ts'))).toBeNull();
  });

  it("d3-dsv's header-keyed rows still come out the same, without generated code", async () => {
    const file = join(root, '/node_modules/d3-dsv/dist/d3-dsv.mjs');
    const patched = transform(readFileSync(file, 'utf8'), file)?.code ?? '';
    const url = `data:text/javascript;base64,${Buffer.from(patched).toString('base64')}`;
    const d3 = (await import(/* @vite-ignore */ url)) as typeof import('d3-dsv');
    expect([...d3.csvParse('name,email\nAna,ana@x.example\nBo,\n')]).toEqual([
      { name: 'Ana', email: 'ana@x.example' },
      { name: 'Bo', email: '' },
    ]);
  });
});

/**
 * axe-core (node_modules/axe-core, never the network) run on a page of the built extension or
 * on Etape's hosts in a fixture page, with every rule axe has on — its experimental ones too:
 * `label-content-name-mismatch`, the violation issue #19 found, is one of them. Results come
 * back as readable lines (rule, impact, target, what to fix) so a failing check says where.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * Rules turned off, each with why it cannot apply. Empty: every rule runs. (A rule goes here
 * only when it cannot apply to what is audited, never to hide a finding.)
 */
export const DISABLED_RULES: Readonly<Record<string, string>> = {};

export interface AuditOptions {
  /**
   * CSS selectors of the elements to audit (their shadow trees included, as axe walks the
   * flattened tree); the whole document when absent. Page-level rules (a main landmark, one
   * h1, the title) then run only on whole documents, as axe decides for a partial context.
   */
  include?: string[];
}

/** One line per violating node: `rule (impact) at target: summary`. Empty when all pass. */
export async function audit(page: Page, options: AuditOptions = {}): Promise<string[]> {
  // evaluate(), not addScriptTag(): extension pages' CSP and Gmail's Trusted Types refuse an
  // inline <script>; evaluate runs through the DevTools protocol, outside both.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ include, disabled }) => {
      const axe = (globalThis as unknown as { axe: AxeLike }).axe;
      const rules: Record<string, { enabled: boolean }> = {};
      for (const rule of axe.getRules())
        rules[rule.ruleId] = { enabled: !disabled.includes(rule.ruleId) };
      const context = include ? { include: include.map((selector) => [selector]) } : document;
      const results = await axe.run(context, { rules, resultTypes: ['violations'] });
      return results.violations.flatMap((violation) =>
        violation.nodes.map(
          (node) =>
            `${violation.id} (${violation.impact ?? 'n/a'}) at ${JSON.stringify(node.target)}: ${
              node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help
            }`,
        ),
      );
    },
    { include: options.include ?? null, disabled: Object.keys(DISABLED_RULES) },
  );
}

/** The part of axe's API used in the page (axe.d.ts types Node-side use, not a page global). */
interface AxeLike {
  getRules(): Array<{ ruleId: string }>;
  run(
    context: unknown,
    options: unknown,
  ): Promise<{
    violations: Array<{
      id: string;
      impact?: string | null;
      help: string;
      nodes: Array<{ target: unknown; failureSummary?: string }>;
    }>;
  }>;
}

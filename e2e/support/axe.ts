import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe's serious and critical findings on the page as it is now, one line each (issue 17.7).
 * Only violations are reported: axe then skips writing up every passing node, which was most
 * of the time a run took.
 */
export async function seriousViolations(page: Page, rules?: string[]): Promise<string[]> {
  const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  const results = await (rules ? builder.withRules(rules) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`));
}

/** axe's rules whose outcome depends on colours: all that a change of theme can change. */
const colourRules = ['color-contrast', 'link-in-text-block'];

/**
 * The same in the light and the dark theme: the system setting changes under the open page and
 * the theme follows it (public/theme.js), so the page's state (an open menu, a dialog) stays.
 * The themes differ only in colours (CSS variables), so the dark pass runs only the colour rules:
 * every other rule would find the same in both, at twice the time.
 * Keyed by theme; the page is left in the light theme.
 */
export async function seriousInBothThemes(page: Page): Promise<Partial<Record<'light' | 'dark', string[]>>> {
  const found: Partial<Record<'light' | 'dark', string[]>> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    const violations = await seriousViolations(page, colorScheme === 'dark' ? colourRules : undefined);
    if (violations.length > 0) found[colorScheme] = violations;
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (.ci/run installs it); playwright-core never downloads a browser of its own. */
export const CHROMIUM = process.env.LUNGFLOW_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM = `skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set LUNGFLOW_CHROMIUM)`;

/** Screenshots the tests take, for a person to look at (ignored by git). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Everything a page said that a user would call a problem: console errors, uncaught exceptions, dialogs. */
export interface PageWatch {
  readonly errors: string[];
  readonly dialogs: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watch.errors.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(`uncaught: ${e.message}`));
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  return watch;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(path.join(ARTIFACTS, 'report'), { recursive: true });
  const file = path.join(ARTIFACTS, 'report', name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Real headless Chromium (Debian's /usr/bin/chromium) through playwright-core, for the pages the
// service writes. Tests that need it skip with a message when it is not installed (.ci/run installs it).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.TRIALCDS_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** `describe` when Chromium is there, else a skipped block that says why. */
export function describeInBrowser(name: string, body: () => void): void {
  if (hasChromium) describe(name, body);
  else {
    console.warn(`skipping "${name}": no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    describe.skip(name, body);
  }
}

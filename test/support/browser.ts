// Real headless Chromium for the pages the service writes (scripts/chromium.ts). Tests that need it
// skip with a message when it is not installed (.ci/run installs it).
import { CHROMIUM, hasChromium } from '../../scripts/chromium.js';

export { CHROMIUM, hasChromium, launchChromium } from '../../scripts/chromium.js';

/** `describe` when Chromium is there, else a skipped block that says why. */
export function describeInBrowser(name: string, body: () => void): void {
  if (hasChromium) describe(name, body);
  else {
    console.warn(`skipping "${name}": no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    describe.skip(name, body);
  }
}

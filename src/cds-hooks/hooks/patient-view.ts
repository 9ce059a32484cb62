import { cardsForReport } from '../cards.js';
import type { HookModule } from './registry.js';

/** patient-view: one card per trial the patient may enter (or may enter soon). Draft orders never count here. */
export const patientViewHook: HookModule = {
  hook: 'patient-view',
  services: () => [],
  contextIssues: () => [],
  async answer({ data, manifests, cardOptions, evaluate }) {
    // Without ineligible cards, a trial can stop at its first failing criterion that does not lapse
    // (most charts have no lupus: ~2 ms instead of ~35 ms for a 1 000-resource chart).
    const report = await evaluate(data, { stopAtFirstFail: !cardOptions.showIneligible });
    return cardsForReport(report, manifests, cardOptions);
  },
};

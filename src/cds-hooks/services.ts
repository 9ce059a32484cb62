import type { TrialInfo, TrialManifest } from '../domain/trial.js';
import { prefetchTemplates, type ValueSetExpander } from '../data/query-templates.js';
import { extraServices } from './hooks/registry.js';
import type { CdsServiceDefinition, CdsServiceDescriptor } from './types.js';

/** The service that screens every bundled trial (contract §3). */
export const ALL_TRIALS_SERVICE_ID = 'trial-eligibility';

/** `NCT06789107` → `trial-nct06789107`: one patient-view service per trial, URL-safe. */
export function trialServiceId(trialId: string): string {
  return `trial-${trialId.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
}

export interface ServiceOptions {
  /** Also one patient-view service per trial (TRIALCDS_PER_TRIAL_SERVICES); off by default, so a
   * generic EHR that calls every patient-view service shows each trial once (issue 15). */
  perTrialServices?: boolean;
}

export function buildServices(
  trials: readonly TrialInfo[],
  expand: ValueSetExpander,
  options: ServiceOptions = {},
): CdsServiceDefinition[] {
  const all: CdsServiceDefinition = {
    hook: 'patient-view',
    id: ALL_TRIALS_SERVICE_ID,
    title: 'CAR-T trial eligibility (SLE / lupus nephritis)',
    description:
      `Screens the patient against ${trials.length} CAR-T clinical trial${trials.length === 1 ? '' : 's'} for systemic lupus ` +
      `erythematosus and lupus nephritis (${trials.map((t) => t.manifest.id).join(', ')}) and returns one card per trial ` +
      'for which the patient is likely or possibly eligible, listing criteria met, data still needed and criteria needing review.',
    prefetch: prefetchTemplates(
      trials.flatMap((t) => t.dataRequirements),
      expand,
    ),
    trialIds: trials.map((t) => t.manifest.id),
  };
  const perTrial = !options.perTrialServices ? [] : trials.map((t): CdsServiceDefinition => ({
    hook: 'patient-view',
    id: trialServiceId(t.manifest.id),
    title: `Trial eligibility: ${t.manifest.id}`,
    description: `Screens the patient against trial ${t.manifest.id} (${t.manifest.title}) and returns a card when the patient is likely or possibly eligible.`,
    prefetch: prefetchTemplates(t.dataRequirements, expand),
    trialIds: [t.manifest.id],
  }));
  const orderCheck = extraServices(all);
  const ids = new Set<string>();
  for (const s of [all, ...orderCheck, ...perTrial]) {
    if (ids.has(s.id)) throw new Error(`two CDS services would have the id ${s.id}`);
    ids.add(s.id);
  }
  return [all, ...orderCheck, ...perTrial];
}

/** The CDS services of one set of loaded trials, looked up per request (trials can be reloaded). */
export interface ServiceCatalog {
  services: ReadonlyMap<string, CdsServiceDefinition>;
  manifests: ReadonlyMap<string, TrialManifest>;
  discovery: ReturnType<typeof discoveryDocument>;
}

/** The discovery document: only spec members, optional ones omitted when empty. */
export function discoveryDocument(services: readonly CdsServiceDefinition[]): {
  services: CdsServiceDescriptor[];
} {
  return {
    services: services.map((s) => {
      const d: CdsServiceDescriptor = { hook: s.hook, title: s.title, description: s.description, id: s.id };
      if (Object.keys(s.prefetch).length > 0) d.prefetch = { ...s.prefetch };
      return d;
    }),
  };
}

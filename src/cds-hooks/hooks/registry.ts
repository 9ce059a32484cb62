import type { EligibilityReport } from '../../domain/criterion.js';
import type { EvaluateOptions, PatientData, TrialManifest } from '../../domain/trial.js';
import type { IssueInput } from '../../fhir/operation-outcome.js';
import type { CardOptions, IssuedCard } from '../cards.js';
import type { HookRequest } from '../request-schema.js';
import type { CdsServiceDefinition } from '../types.js';
import { orderSelectHook, orderSignHook } from './order-check.js';
import { patientViewHook } from './patient-view.js';

/** What a hook module gets for one call: the patient's data, and an evaluation under the call's deadline. */
export interface HookCall {
  request: HookRequest;
  service: CdsServiceDefinition;
  data: PatientData;
  asOf: string;
  manifests: ReadonlyMap<string, TrialManifest>;
  cardOptions: CardOptions;
  evaluate: (data: PatientData, options: Omit<EvaluateOptions, 'asOf' | 'trialIds' | 'signal'>) => Promise<EligibilityReport>;
}

/**
 * One CDS hook this service answers (issue 15: adding a hook is adding one module here). The
 * handler (hook-handler.ts) does what every hook shares — authentication, request shape, patient
 * data from prefetch or the FHIR server, the deadline, feedback records; the module checks its own
 * context and turns the evaluation into cards.
 */
export interface HookModule {
  hook: CdsServiceDefinition['hook'];
  /** The services this hook adds to discovery, built from the all-trials patient-view service. */
  services(allTrials: CdsServiceDefinition): CdsServiceDefinition[];
  /** Problems with the hook's own context members (beyond patientId/userId), as OperationOutcome issues. */
  contextIssues(request: HookRequest): IssueInput[];
  answer(call: HookCall): Promise<IssuedCard[]>;
}

export const HOOK_MODULES: readonly HookModule[] = [patientViewHook, orderSignHook, orderSelectHook];

export function hookModule(hook: string): HookModule | undefined {
  return HOOK_MODULES.find((m) => m.hook === hook);
}

/** The services every non-patient-view hook module adds (patient-view's are built in services.ts). */
export function extraServices(allTrials: CdsServiceDefinition): CdsServiceDefinition[] {
  return HOOK_MODULES.flatMap((m) => m.services(allTrials));
}

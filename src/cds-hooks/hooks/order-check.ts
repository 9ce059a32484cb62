import type { Bundle } from 'fhir/r4';
import type { IssueInput } from '../../fhir/operation-outcome.js';
import type { CdsServiceDefinition } from '../types.js';
import { draftOrderIssues, draftsAsGiven } from './draft-orders.js';
import { orderWarningCards } from './order-cards.js';
import type { HookCall, HookModule } from './registry.js';

/** The order-sign service: warns before an order closes a trial the patient could enter. */
export const ORDER_CHECK_SERVICE_ID = 'trial-order-check';
/** The same check at order-select (the clinician picked an order, not signed it yet). */
export const ORDER_SELECT_SERVICE_ID = 'trial-order-select';

function orderService(all: CdsServiceDefinition, hook: 'order-sign' | 'order-select', id: string): CdsServiceDefinition {
  return {
    hook,
    id,
    title: `CAR-T trial eligibility: orders that would close a trial (${hook})`,
    description:
      'Evaluates the patient with and without the draft orders (as if given today) and warns, per trial the patient could ' +
      'enter, when an order would make them ineligible, and until when (e.g. an anti-CD20 antibody, a live vaccine).',
    prefetch: { ...all.prefetch },
    trialIds: [...all.trialIds],
  };
}

async function answer(call: HookCall): Promise<ReturnType<typeof orderWarningCards>> {
  const context = call.request.context as unknown as { draftOrders: Bundle; selections?: string[] };
  const drafts = draftsAsGiven(context.draftOrders, call.request.context.patientId, call.asOf, context.selections);
  if (drafts.length === 0) return [];
  // Full evaluation of both: the comparison needs every criterion the orders may change. The drafts
  // count here only (patient-view never reads context.draftOrders).
  const [before, after] = await Promise.all([
    call.evaluate(call.data, { stopAtFirstFail: false }),
    call.evaluate({ ...call.data, resources: [...call.data.resources, ...drafts.map((d) => d.given)] }, { stopAtFirstFail: false }),
  ]);
  return orderWarningCards(before, after, drafts, call);
}

function selectionIssues(selections: unknown): IssueInput[] {
  if (selections === undefined) return [];
  return Array.isArray(selections) && selections.every((s) => typeof s === 'string')
    ? []
    : [{ code: 'invalid', text: 'context.selections: must be a list of references such as MedicationRequest/123', expression: ['context.selections'] }];
}

export const orderSignHook: HookModule = {
  hook: 'order-sign',
  services: (all) => [orderService(all, 'order-sign', ORDER_CHECK_SERVICE_ID)],
  contextIssues: (request) => draftOrderIssues((request.context as { draftOrders?: unknown }).draftOrders),
  answer,
};

export const orderSelectHook: HookModule = {
  hook: 'order-select',
  services: (all) => [orderService(all, 'order-select', ORDER_SELECT_SERVICE_ID)],
  contextIssues: (request) => [
    ...draftOrderIssues((request.context as { draftOrders?: unknown }).draftOrders),
    ...selectionIssues((request.context as { selections?: unknown }).selections),
  ],
  answer,
};

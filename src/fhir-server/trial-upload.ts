import type { RequestHandler } from 'express';
import type { Bundle } from 'fhir/r4';
import { BadInputError } from '../domain/errors.js';
import { jsonBody, problem, sendResource } from './fhir-http.js';

export type InstallTrialBundle = (bundle: unknown) => Promise<{ trialId: string; created: boolean }>;

/** The setting that turns trial upload on (read by the service, named here for the error message). */
export const UPLOAD_SETTING = 'TRIALCDS_LOCAL_TRIALS_DIR';

function checkBundle(body: unknown): void {
  const b = body as { resourceType?: unknown; type?: unknown } | null;
  if (typeof b !== 'object' || b === null || Array.isArray(b) || b.resourceType !== 'Bundle') {
    throw new BadInputError(
      'POST /fhir takes a Bundle (a trial: ResearchStudy, Group, Libraries, ValueSets)',
      'structure',
    );
  }
  if (b.type !== 'transaction' && b.type !== 'collection') {
    throw new BadInputError(
      `the Bundle must be of type transaction or collection (got ${JSON.stringify(b.type ?? null)})`,
    );
  }
}

/** The transaction-response: one entry for the trial installed (not one per entry posted). */
function transactionResponse(trialId: string, created: boolean): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: [
      { response: { status: created ? '201 Created' : '200 OK', location: `ResearchStudy/${trialId}` } },
    ],
  };
}

/**
 * `POST /fhir` with a trial Bundle. Without an installer, upload is off: 405 naming the setting.
 * The installer validates the trial by loading it; its BadInputError/ArtifactError become 400/422.
 */
export function trialUploadHandler(install: InstallTrialBundle | undefined): RequestHandler {
  return async (req, res) => {
    if (!install) {
      throw problem(
        405,
        'not-supported',
        `trial upload is disabled on this server; set ${UPLOAD_SETTING} to enable POST /fhir with a trial Bundle`,
        { Allow: 'GET' },
      );
    }
    const body = jsonBody(req);
    checkBundle(body);
    const { trialId, created } = await install(body);
    sendResource(res, 200, transactionResponse(trialId, created));
  };
}

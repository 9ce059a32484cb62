import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceOperation,
} from 'fhir/r4';
import type { FhirOperationDefinition } from '../knowledge/contracts.js';
import { PROJECT_ROOT } from '../project-paths.js';
import { CATALOG_TYPES } from './knowledge-catalog.js';
import { SEARCH_PARAMS } from './search.js';

export interface CapabilityOptions {
  operations: readonly FhirOperationDefinition[];
  /** Whether `POST /fhir` with a Bundle installs a trial (advertised as the transaction interaction). */
  transaction: boolean;
  /** Absolute url of this endpoint, when the service knows its public base url. */
  implementationUrl?: string;
}

let version: string | undefined;
/** The package version, read once (package.json sits at the project root in src/ and dist/ runs alike). */
function softwareVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  return version;
}

const REST_DOCUMENTATION =
  'Read-only knowledge endpoint: the loaded trials as ResearchStudy, Group, Library and ValueSet. ' +
  'Search is strict (an unknown parameter or modifier is a 400) and returns every match in one page: ' +
  '_count, _sort, _include and paging are not supported. JSON only.';

function operationEntry(op: FhirOperationDefinition): CapabilityStatementRestResourceOperation {
  return { name: op.name, definition: op.definition, documentation: op.documentation };
}

function resourceEntry(
  type: (typeof CATALOG_TYPES)[number],
  operations: readonly FhirOperationDefinition[],
): CapabilityStatementRestResource {
  const ops = operations.filter((op) => op.resourceType === type).map(operationEntry);
  return {
    type,
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    searchParam: Object.entries(SEARCH_PARAMS[type]).map(([name, p]) => ({
      name,
      type: p.kind,
      documentation: p.documentation,
    })),
    ...(ops.length ? { operation: ops } : {}),
  };
}

/** What this endpoint serves, exactly: every interaction, search parameter and operation listed is routed. */
export function capabilityStatement(options: CapabilityOptions, now = new Date()): CapabilityStatement {
  const systemOps = options.operations.filter((op) => op.resourceType === undefined).map(operationEntry);
  // Operations on types we do not serve as resources (none today) still get a resource entry.
  const otherTypes = [...new Set(options.operations.map((op) => op.resourceType))].filter(
    (t): t is string => t !== undefined && !(CATALOG_TYPES as readonly string[]).includes(t),
  );
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    publisher: 'trialcds',
    kind: 'instance',
    software: { name: 'trialcds', version: softwareVersion() },
    implementation: {
      description: 'trialcds FHIR R4 knowledge endpoint (clinical-trial eligibility artifacts)',
      ...(options.implementationUrl ? { url: options.implementationUrl } : {}),
    },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation: REST_DOCUMENTATION,
        resource: [
          ...CATALOG_TYPES.map((t) => resourceEntry(t, options.operations)),
          ...otherTypes.map((type) => ({
            type,
            operation: options.operations.filter((op) => op.resourceType === type).map(operationEntry),
          })),
        ],
        ...(options.transaction
          ? {
              interaction: [
                {
                  code: 'transaction',
                  documentation:
                    'POST a trial Bundle (transaction or collection) to install or replace a trial',
                },
              ],
            }
          : {}),
        ...(systemOps.length ? { operation: systemOps } : {}),
      },
    ],
  };
}

import { z } from 'zod';
import type { IssueInput } from '../fhir/operation-outcome.js';
import { resourceShapeIssues } from '../fhir/resource-shape.js';

/** RFC 4122 textual form (any version): hookInstance and card uuids. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** FHIR id: safe to place in a URL path or query without escaping. */
export const FHIR_ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;
/** patient-view `context.userId`: a relative reference to the user (CDS Hooks patient-view 1.0). */
export const USER_ID_PATTERN =
  /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\/[A-Za-z0-9\-.]{1,64}$/;

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

const FhirAuthorizationSchema = z.object({
  access_token: z.string().min(1, 'is required'),
  token_type: z.string().regex(/^bearer$/i, 'must be "Bearer"'),
  expires_in: z.number().int().nonnegative(),
  scope: z.string().min(1, 'is required'),
  subject: z.string().min(1, 'is required'),
  patient: z.string().regex(FHIR_ID_PATTERN, 'must be a FHIR id').optional(),
});

const PatientViewContextSchema = z
  .object({
    userId: z.string().regex(USER_ID_PATTERN, 'must be a reference such as Practitioner/123'),
    patientId: z.string().regex(FHIR_ID_PATTERN, 'must be a FHIR id'),
    encounterId: z.string().regex(FHIR_ID_PATTERN, 'must be a FHIR id').optional(),
  })
  .passthrough();

/** A CDS Hooks 2.0 request to a patient-view service. Prefetch values are FHIR resources or null. */
export const HookRequestSchema = z
  .object({
    hook: z.string().min(1, 'is required'),
    hookInstance: z.string().regex(UUID_PATTERN, 'must be a UUID'),
    fhirServer: httpUrl.optional(),
    fhirAuthorization: FhirAuthorizationSchema.optional(),
    context: PatientViewContextSchema,
    prefetch: z
      .record(
        z.string(),
        z.union([z.record(z.string(), z.unknown()), z.null()], { error: 'must be a FHIR resource or null' }),
      )
      .optional(),
    extension: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough()
  .refine((r) => !r.fhirAuthorization || r.fhirServer, {
    message: 'is required when fhirAuthorization is present',
    path: ['fhirServer'],
  });

export type HookRequest = z.infer<typeof HookRequestSchema>;
export type FhirAuthorization = z.infer<typeof FhirAuthorizationSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: IssueInput[] };

/** Validates a request body; issues name the offending member, never echo its value. */
export function parseHookRequest(body: unknown): Parsed<HookRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, issues: [{ code: 'structure', text: 'the request body must be a JSON object' }] };
  }
  const parsed = HookRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const shape = prefetchShapeIssues(parsed.data.prefetch);
  return shape.length > 0 ? { ok: false, issues: shape } : { ok: true, value: parsed.data };
}

/** Every prefetched resource's JSON types (Bundle.entry an array, code an object …), with paths. */
function prefetchShapeIssues(prefetch: HookRequest['prefetch']): IssueInput[] {
  const issues: IssueInput[] = [];
  for (const [key, value] of Object.entries(prefetch ?? {})) {
    if (value === null || issues.length >= 10) continue;
    for (const i of resourceShapeIssues(value, `prefetch.${key}`)) issues.push({ code: 'structure', text: i.text, expression: [i.path] });
  }
  return issues.slice(0, 10);
}

export function zodIssues(error: z.ZodError): IssueInput[] {
  return error.issues.slice(0, 20).map((i) => {
    const path = i.path.map(String).join('.');
    const missing = i.code === 'invalid_type' && /received undefined/i.test(i.message);
    return {
      code: missing ? 'required' : 'invalid',
      text: path ? `${path}: ${missing ? 'is required' : cleanMessage(i.message)}` : cleanMessage(i.message),
      ...(path ? { expression: [path] } : {}),
    };
  });
}

/** zod messages say what was expected; keep them short and free of the received value. */
function cleanMessage(message: string): string {
  return message.replace(/,?\s*received\s+.*$/i, '').slice(0, 200);
}

import { z } from 'zod';
import { type Parsed, UUID_PATTERN, zodIssues } from './request-schema.js';

const CodingSchema = z.object({
  system: z.string().min(1, 'is required'),
  code: z.string().min(1, 'is required'),
  display: z.string().min(1).optional(),
});

const FeedbackEntrySchema = z
  .object({
    card: z.string().regex(UUID_PATTERN, 'must be the card uuid'),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z
      .array(z.object({ id: z.string().min(1, 'is required') }))
      .min(1)
      .optional(),
    overrideReason: z
      .object({ reason: CodingSchema.optional(), userComment: z.string().min(1).max(2000).optional() })
      .refine((o) => o.reason || o.userComment, 'needs a reason or a userComment')
      .optional(),
    outcomeTimestamp: z.string().datetime({ offset: true, message: 'must be an ISO 8601 timestamp' }),
  })
  .superRefine((f, ctx) => {
    if (f.outcome === 'accepted' && !f.acceptedSuggestions) {
      ctx.addIssue({
        code: 'custom',
        path: ['acceptedSuggestions'],
        message: 'is required when outcome is accepted',
      });
    }
    if (f.outcome === 'overridden' && f.acceptedSuggestions) {
      ctx.addIssue({
        code: 'custom',
        path: ['acceptedSuggestions'],
        message: 'is only allowed when outcome is accepted',
      });
    }
    if (f.outcome === 'accepted' && f.overrideReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['overrideReason'],
        message: 'is only allowed when outcome is overridden',
      });
    }
  });

/** The body of POST {baseUrl}/cds-services/{id}/feedback (CDS Hooks 2.0 §Feedback). */
export const FeedbackRequestSchema = z
  .object({ feedback: z.array(FeedbackEntrySchema).min(1).max(200) })
  .passthrough();

export type FeedbackEntry = z.infer<typeof FeedbackEntrySchema>;

export function parseFeedbackRequest(body: unknown): Parsed<FeedbackEntry[]> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      issues: [{ code: 'structure', text: 'the request body must be a JSON object with a feedback array' }],
    };
  }
  const parsed = FeedbackRequestSchema.safeParse(body);
  return parsed.success
    ? { ok: true, value: parsed.data.feedback }
    : { ok: false, issues: zodIssues(parsed.error) };
}

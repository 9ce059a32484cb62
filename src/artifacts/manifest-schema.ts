import { z } from 'zod';
import type { CriterionDefinition, TrialManifest } from '../domain/trial.js';

const criterion: z.ZodType<CriterionDefinition> = z.lazy(() =>
  z
    .object({
      id: z.string().regex(/^[IE]\d+(\.\d+)*$/, 'criterion ids are I<n>, E<n> or dotted sub-ids'),
      kind: z.enum(['inclusion', 'exclusion']),
      text: z.string().min(1),
      result: z.enum(['outcome', 'review', 'pending']).optional(),
      define: z.string().min(1).optional(),
      reason: z.string().min(1).optional(),
      combine: z.enum(['all', 'any']).optional(),
      note: z.string().min(1).optional(),
      label: z.string().min(1).max(80).optional(),
      criteria: z.array(criterion).optional(),
    })
    .strict()
    .superRefine((c, ctx) => {
      const problem = criterionShapeProblem(c);
      if (problem) ctx.addIssue({ code: 'custom', message: `${c.id}: ${problem}` });
    }),
);

function criterionShapeProblem(c: CriterionDefinition): string | undefined {
  const hasChildren = (c.criteria?.length ?? 0) > 0;
  if (c.result === 'outcome' && !c.define) return 'result "outcome" needs a define';
  if ((c.result === 'review' || c.result === 'pending') && !c.reason) return `result "${c.result}" needs a reason`;
  if (!c.result && !hasChildren) return 'needs a result (outcome, review, pending) or sub-criteria';
  if (!c.result && hasChildren && !c.combine) return 'sub-criteria without a define need combine "all" or "any"';
  return undefined;
}

export const manifestSchema: z.ZodType<TrialManifest> = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    registry: z.object({ id: z.string().optional(), url: z.string().url().optional() }).strict().optional(),
    seed: z.string().min(1),
    library: z.object({ name: z.string().min(1), version: z.string().min(1) }).strict(),
    interpretations: z.array(z.string()),
    criteria: z.array(criterion).min(1),
  })
  .strict();

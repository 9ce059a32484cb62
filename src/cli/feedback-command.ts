import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { feedbackReport, type FeedbackReport } from '../cds-hooks/feedback-report.js';
import { createNdjsonFeedbackStore } from '../cds-hooks/feedback-store.js';
import { DEFAULT_FEEDBACK_STORE } from '../config.js';
import { BadInputError } from '../domain/errors.js';
import { textTable } from '../text-table.js';

interface FeedbackFlags {
  store: string;
  format: string;
}

function table(report: FeedbackReport): string {
  const rows = report.trials.map((t) => [
    t.trialId,
    String(t.cardsIssued),
    String(t.accepted),
    String(t.overridden),
    String(t.withoutFeedback),
    t.overrideReasons.slice(0, 3).map((r) => `${r.display ?? r.code} (${r.count})`).join('; ') || '—',
  ]);
  const lines = textTable(['trial', 'issued', 'accepted', 'overridden', 'no answer', 'top override reasons'], rows, ['left', 'right', 'right', 'right', 'right', 'left']);
  const unknown = report.feedbackForUnknownCards ? [`(${report.feedbackForUnknownCards} answers for cards not issued from this store)`] : [];
  return [...lines, ...unknown].join('\n');
}

/** What clinicians did with the cards (CDS Hooks feedback), per trial, from the service's feedback store. */
export function registerFeedbackCommand(program: Command): void {
  program
    .command('feedback')
    .description('summarise CDS Hooks feedback per trial: cards issued, accepted, overridden, override reasons')
    .option('--store <file>', 'the service’s feedback file (TRIALCDS_FEEDBACK_STORE)', DEFAULT_FEEDBACK_STORE)
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: FeedbackFlags) => {
      if (!['table', 'json'].includes(flags.format)) throw new BadInputError(`--format must be table or json, not "${flags.format}"`);
      if (!existsSync(flags.store) || !statSync(flags.store).isFile()) throw new BadInputError(`no feedback store (a file) at ${flags.store}`, 'not-found');
      const report = feedbackReport(await createNdjsonFeedbackStore(flags.store).readAll());
      process.stdout.write(flags.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${table(report)}\n`);
    });
}

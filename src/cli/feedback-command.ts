import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { feedbackReport, type FeedbackReport } from '../cds-hooks/feedback-report.js';
import { createNdjsonFeedbackStore } from '../cds-hooks/feedback-store.js';
import { DEFAULT_FEEDBACK_STORE } from '../config.js';
import { BadInputError } from '../domain/errors.js';

interface FeedbackFlags {
  store: string;
  format: string;
}

function table(report: FeedbackReport): string {
  const header = `${'trial'.padEnd(20)} ${'issued'.padStart(6)} ${'accepted'.padStart(8)} ${'overridden'.padStart(10)} ${'no answer'.padStart(9)}  top override reasons`;
  const rows = report.trials.map((t) => {
    const reasons = t.overrideReasons.slice(0, 3).map((r) => `${r.display ?? r.code} (${r.count})`).join('; ') || '—';
    return `${t.trialId.padEnd(20)} ${String(t.cardsIssued).padStart(6)} ${String(t.accepted).padStart(8)} ${String(t.overridden).padStart(10)} ${String(t.withoutFeedback).padStart(9)}  ${reasons}`;
  });
  const unknown = report.feedbackForUnknownCards ? [`(${report.feedbackForUnknownCards} answers for cards not issued from this store)`] : [];
  return [header, ...rows, ...unknown].join('\n');
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

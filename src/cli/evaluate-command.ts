import type { Command } from 'commander';
import { BadInputError } from '../domain/errors.js';
import { loadEngineFor } from './engine-options.js';
import { toPatientData } from '../fhir/patient-data.js';
import { collect, readJsonFile, todayIso, withStdoutReserved } from './io.js';
import { formatReportTable } from './report-table.js';

interface EvaluateFlags {
  bundle: string;
  trial?: string[];
  asOf?: string;
  format: string;
}


export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate one patient (FHIR R4 Bundle, or a Patient plus resources) against the trials')
    .requiredOption('--bundle <file>', 'patient data: a FHIR Bundle, a Patient, or a JSON array of resources')
    .option('--trial <id>', 'a trial to evaluate (repeatable; default: all bundled trials)', collect)
    .option('--as-of <YYYY-MM-DD>', 'screening date (default: today)')
    .option('--format <format>', 'json | table', 'json')
    .action(async (flags: EvaluateFlags, command: Command) => {
      if (flags.format !== 'json' && flags.format !== 'table') {
        throw new BadInputError(`--format must be json or table, not "${flags.format}"`);
      }
      const data = toPatientData(readJsonFile(flags.bundle));
      const report = await withStdoutReserved(async () => {
        const engine = await loadEngineFor(command, flags.trial);
        return engine.evaluate(data, { asOf: flags.asOf ?? todayIso(), trialIds: flags.trial });
      });
      process.stdout.write(flags.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatReportTable(report) + '\n');
    });
}

import type { Command } from 'commander';
import { BadInputError } from '../domain/errors.js';
import { expressionDefineNames, type ElmLibraryJson } from '../artifacts/elm.js';
import { explainDefines, formatExplanation, type Explanation } from '../authoring/explain.js';
import { toPatientData } from '../fhir/patient-data.js';
import { loadCase } from '../authoring/case-file.js';
import type { PatientData } from '../domain/trial.js';
import { checkTrialsExist, loadEngineFor } from './engine-options.js';
import { checkWritablePath, collect, readJsonFile, todayIso, withStdoutReserved } from './io.js';
import type { LoadedEngine } from '../engine/load-engine.js';
import { personOf } from '../batch/person.js';
import { writePatientChecklist } from '../report/patient-page.js';
import { reportTrialsOf } from '../report/report-trials.js';

interface ExplainFlags {
  bundle?: string;
  case?: string;
  trial: string;
  asOf?: string;
  define?: string[];
  json?: boolean;
  html?: string;
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description("a watch list for authors: every define of a trial's library, its value for one patient and the criteria it feeds")
    .option('--bundle <file>', 'patient data: a FHIR Bundle, a Patient, or a JSON array of resources')
    .option('--case <file>', "or an author's test case (its bundle, and its asOf unless --as-of is given)")
    .requiredOption('--trial <id>', 'the trial whose library is explained')
    .option('--as-of <YYYY-MM-DD>', 'screening date (default: today)')
    .option('--define <name>', 'only this define (repeatable; default: every define of the library)', collect)
    .option('--json', 'print the watch list as JSON')
    .option('--html <file>', "also write the patient's checklist for the trial as a self-contained HTML page (as in the screening report)")
    .action(async (flags: ExplainFlags, command: Command) => {
      const patient = readPatient(flags);
      const data = patient.data;
      checkTrialsExist(command, [flags.trial]);
      if (flags.html !== undefined) checkWritablePath(flags.html, '--html');
      const explanation = await withStdoutReserved(async (): Promise<Explanation> => {
        const engine = await loadEngineFor(command, [flags.trial]);
        const trial = engine.loadedTrials.find((t) => t.manifest.id === flags.trial);
        if (!trial) throw new BadInputError(`unknown trial "${flags.trial}"`, 'not-found');
        const library = trial.libraries[0]!;
        checkDefinesExist(library, flags.define);
        const asOf = flags.asOf ?? patient.asOf ?? todayIso();
        // Library order whatever order the flags came in: the order a reader scrolls the CQL in.
        const only = flags.define && expressionDefineNames(library).filter((name) => flags.define!.includes(name));
        const results = await engine.runTrialDefines(data, flags.trial, asOf, only || undefined);
        if (flags.html !== undefined) await writeChecklist(flags.html, engine, data, flags.trial, asOf);
        return { trial: flags.trial, patient: `Patient/${data.patient.id ?? 'unknown'}`, asOf, defines: explainDefines(trial.manifest, library, results) };
      });
      process.stdout.write(flags.json ? JSON.stringify(explanation, null, 2) + '\n' : formatExplanation(explanation) + '\n');
    });
}

/** The screening report's checklist for this patient and trial: the same evaluation a screening does. */
async function writeChecklist(path: string, engine: LoadedEngine, data: PatientData, trial: string, asOf: string): Promise<void> {
  const report = await engine.evaluate(data, { asOf, trialIds: [trial], withExpressionValues: true });
  const trials = reportTrialsOf(engine).filter((t) => t.manifest.id === trial);
  await writePatientChecklist(path, { ...report, person: personOf(data.patient) }, trials);
  process.stderr.write(`checklist → ${path}\n`);
}

function readPatient(flags: ExplainFlags): { data: PatientData; asOf?: string } {
  if ((flags.bundle === undefined) === (flags.case === undefined)) throw new BadInputError('give either --bundle <file> or --case <file>');
  if (flags.bundle !== undefined) return { data: toPatientData(readJsonFile(flags.bundle)) };
  const testCase = loadCase(flags.case!);
  return { data: toPatientData(testCase.bundle), asOf: testCase.asOf };
}

function checkDefinesExist(library: ElmLibraryJson, asked: string[] | undefined): void {
  const names = new Set(expressionDefineNames(library));
  const unknown = (asked ?? []).filter((name) => !names.has(name));
  if (unknown.length) {
    throw new BadInputError(`library ${library.library.identifier.id} has no define ${unknown.map((n) => `"${n}"`).join(', ')}`, 'not-found');
  }
}

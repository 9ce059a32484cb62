import type { Command } from 'commander';
import { basename } from 'node:path';
import { BadInputError } from '../domain/errors.js';
import { expressionDefineNames, type ElmLibraryJson } from '../artifacts/elm.js';
import { trialDirsIn } from '../artifacts/trial-registry.js';
import { explainDefines, formatExplanation, type Explanation } from '../authoring/explain.js';
import { toPatientData } from '../fhir/patient-data.js';
import { loadCase } from '../authoring/case-file.js';
import type { PatientData } from '../domain/trial.js';
import { TRIALS_DIR } from '../project-paths.js';
import { loadEngineFor } from './engine-options.js';
import { collect, readJsonFile, todayIso, withStdoutReserved } from './io.js';

interface ExplainFlags {
  bundle?: string;
  case?: string;
  trial: string;
  asOf?: string;
  define?: string[];
  json?: boolean;
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
    .action(async (flags: ExplainFlags, command: Command) => {
      const patient = readPatient(flags);
      const data = patient.data;
      checkTrialExists(command, flags.trial);
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
        return { trial: flags.trial, patient: `Patient/${data.patient.id ?? 'unknown'}`, asOf, defines: explainDefines(trial.manifest, library, results) };
      });
      process.stdout.write(flags.json ? JSON.stringify(explanation, null, 2) + '\n' : formatExplanation(explanation) + '\n');
    });
}

function readPatient(flags: ExplainFlags): { data: PatientData; asOf?: string } {
  if ((flags.bundle === undefined) === (flags.case === undefined)) throw new BadInputError('give either --bundle <file> or --case <file>');
  if (flags.bundle !== undefined) return { data: toPatientData(readJsonFile(flags.bundle)) };
  const testCase = loadCase(flags.case!);
  return { data: toPatientData(testCase.bundle), asOf: testCase.asOf };
}

/** Checked before loading, so a typo is named as such rather than as "no trials found". */
function checkTrialExists(command: Command, id: string): void {
  const { trialsDir } = command.optsWithGlobals<{ trialsDir?: string }>();
  const known = trialDirsIn(trialsDir ?? TRIALS_DIR).map((dir) => basename(dir));
  if (!known.includes(id)) throw new BadInputError(`unknown trial "${id}"; known trials: ${known.join(', ')}`, 'not-found');
}

function checkDefinesExist(library: ElmLibraryJson, asked: string[] | undefined): void {
  const names = new Set(expressionDefineNames(library));
  const unknown = (asked ?? []).filter((name) => !names.has(name));
  if (unknown.length) {
    throw new BadInputError(`library ${library.library.identifier.id} has no define ${unknown.map((n) => `"${n}"`).join(', ')}`, 'not-found');
  }
}

import { Command, CommanderError } from 'commander';
import { registerCompileCommand } from './compile-command.js';
import { registerEvaluateCommand } from './evaluate-command.js';
import { registerExplainCommand } from './explain-command.js';
import { registerFeedbackCommand } from './feedback-command.js';
import { registerImportCommand } from './import-command.js';
import { registerPackageCommand } from './package-command.js';
import { registerReportCommand } from './report-command.js';
import { registerScreenCommand } from './screen-command.js';
import { registerTestCommand } from './test-command.js';
import { registerTrialsCommand } from './trials-command.js';
import { UserFacingError } from '../domain/errors.js';
import { addEngineOptions } from './engine-options.js';

/** Exit codes: 0 done; 1 the command ran and found problems (compile errors, failing cases); 2 bad input. */
export function buildProgram(): Command {
  const program = new Command('trialcds')
    .description('Find patients for SLE / lupus nephritis CAR-T trials from FHIR data')
    .exitOverride()
    .showHelpAfterError();
  addEngineOptions(program);
  registerEvaluateCommand(program);
  registerPackageCommand(program);
  registerImportCommand(program);
  registerFeedbackCommand(program);
  registerTrialsCommand(program);
  registerCompileCommand(program);
  registerTestCommand(program);
  registerScreenCommand(program);
  registerExplainCommand(program);
  registerReportCommand(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof UserFacingError) {
    console.error(`trialcds: ${error.message}`);
    return 2;
  }
  // Unexpected: say what happened without a stack trace unless asked for one (TRIALCDS_DEBUG=1).
  const message = error instanceof Error ? error.message : String(error);
  console.error(`trialcds: internal error: ${message}`);
  if (process.env.TRIALCDS_DEBUG) console.error(error);
  return 70;
}

#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerCompileCommand } from './compile-command.js';
import { UserFacingError } from '../domain/errors.js';

/** Exit codes: 0 done, 1 the command ran and found problems (compile errors, failing cases), 2 bad input. */
export function buildProgram(): Command {
  const program = new Command('trialcds')
    .description('Find patients for SLE / lupus nephritis CAR-T trials from FHIR data')
    .exitOverride()
    .showHelpAfterError();
  registerCompileCommand(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UserFacingError) {
    console.error(`trialcds: ${error.message}`);
    return 2;
  }
  // An unexpected failure: say what happened without a stack trace unless asked for one.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`trialcds: internal error: ${message}`);
  if (process.env.TRIALCDS_DEBUG) console.error(error);
  return 70;
}

await runCli(process.argv);

import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the trialcds CLI in-process, capturing what it writes; exit code as the process would get it. */
export async function runTrialcds(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const { log, error, warn, info } = console;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  console.log = console.info = (...a: unknown[]) => void (stdout += a.join(' ') + '\n');
  console.error = console.warn = (...a: unknown[]) => void (stderr += a.join(' ') + '\n');
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await runCli(['node', 'trialcds', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    Object.assign(console, { log, error, warn, info });
    process.exitCode = previousExitCode;
  }
}

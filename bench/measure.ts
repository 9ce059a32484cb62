// How the bench reports a measurement: its figures, or, when it failed, its label and the error —
// never a row of zeros that reads like a result.

export const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** A measurement that did not give figures: its label and why. */
export interface FailedMeasurement {
  label: string;
  failed: string;
}

export function isFailed(m: unknown): m is FailedMeasurement {
  return typeof m === 'object' && m !== null && 'failed' in m;
}

/** Runs one measurement; an error is kept as that measurement's result (and said on stderr). */
export async function measure<T>(label: string, run: () => Promise<T>): Promise<T | FailedMeasurement> {
  try {
    return await run();
  } catch (e) {
    const failed = e instanceof Error ? e.message : String(e);
    process.stderr.write(`    ${label}: FAILED — ${failed}\n`);
    return { label, failed };
  }
}

/** A table row for a failed measurement: the label, then the error across the figures' columns. */
export const failedRow = (m: FailedMeasurement, columns: number) => row([m.label, `**failed**: ${m.failed.replaceAll('|', '\\|')}`, ...Array(columns - 2).fill('—')]);

import { SingleBar } from 'cli-progress';
import type { ScreeningProgress } from './run-screening.js';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressReporter {
  update(progress: ScreeningProgress): void;
  /** Final line (and a newline after the bar on a terminal). */
  finish(): void;
}

/**
 * Patients per second over the last `windowMs`, counted from the first patient finished in this
 * run: loading the engine and starting workers is not evaluation, and counting it made the first
 * ETA of a one-minute run read 54 minutes. (cli-progress's own ETA starts at the bar's start and
 * reads the wall clock, so it is not used.) Undefined until two samples span some time.
 */
export class RateMeter {
  private samples: { at: number; processed: number }[] = [];

  constructor(private readonly windowMs = 30_000) {}

  add(processed: number, at: number): void {
    if (processed === 0) return;
    this.samples.push({ at, processed });
    // Keep one sample at or before the window's start, so the window is always fully spanned.
    while (this.samples.length > 2 && this.samples[1]!.at <= at - this.windowMs) this.samples.shift();
  }

  get rate(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return undefined;
    return (last.processed - first.processed) / ((last.at - first.at) / 1000);
  }
}

interface BarPayload {
  progress: ScreeningProgress;
  rate: number | undefined;
}

/**
 * On a terminal: one redrawn bar with rate and ETA (cli-progress, at most 5 redraws a second).
 * Elsewhere (CI, a log file): a plain line every `intervalMs`. Counts only: never a patient id.
 */
export function createProgressReporter(out: ProgressOutput, intervalMs = 10_000, now = () => Date.now()): ProgressReporter {
  const tty = !!out.isTTY;
  const meter = new RateMeter();
  const bar = new SingleBar({
    stream: out as NodeJS.WritableStream,
    format: (_options, _params, payload: BarPayload) => describeProgress(payload.progress, payload.rate, tty),
    fps: 5,
    noTTYOutput: true,
    notTTYSchedule: intervalMs,
    // A plain log gets its last line from the final render; a terminal gets a newline after the bar.
    clearOnComplete: !tty,
    // The screen command handles Ctrl-C itself (it stops the run and writes what was finished).
    gracefulExit: false,
    hideCursor: false,
  });
  let started = false;
  return {
    update(progress) {
      meter.add(progress.processed, now());
      const payload: BarPayload = { progress, rate: meter.rate };
      const finished = progress.processed + progress.skipped;
      if (!started) {
        started = true;
        bar.start(progress.total ?? 0, finished, payload);
      } else bar.update(finished, payload);
    },
    finish() {
      if (started) bar.stop();
    },
  };
}

/** One progress line; `rate` is patients per second (undefined while it cannot be told yet). */
export function describeProgress(p: ScreeningProgress, rate: number | undefined, bar: boolean): string {
  const finished = p.processed + p.skipped;
  const parts: string[] = [];
  if (p.total !== undefined && p.total > 0) {
    const fraction = Math.min(1, finished / p.total);
    if (bar) parts.push(`[${'#'.repeat(Math.round(fraction * 30)).padEnd(30, '.')}]`);
    parts.push(`${(fraction * 100).toFixed(0)}% ${finished}/${p.total}`);
    const left = Math.max(0, p.total - finished);
    parts.push(`ETA ${rate ? clock(left / rate) : left === 0 ? clock(0) : '?'}`);
  } else {
    parts.push(`${finished} patients`);
  }
  parts.push(`${rate === undefined ? '?' : rate.toFixed(1)} patients/s`);
  if (p.skipped) parts.push(`${p.skipped} done before`);
  if (p.errors) parts.push(`${p.errors} not evaluated`);
  return parts.join(' · ');
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

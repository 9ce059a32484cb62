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
 * On a terminal: one redrawn bar with rate and ETA (at most ~5 redraws a second). Elsewhere (CI,
 * a log file): a plain line every `intervalMs`. Counts only: never a patient id.
 */
export function createProgressReporter(out: ProgressOutput, intervalMs = 10_000, now = () => Date.now()): ProgressReporter {
  const started = now();
  const tty = !!out.isTTY;
  let last: ScreeningProgress | undefined;
  let lastDraw = 0;
  const draw = (final: boolean) => {
    if (!last) return;
    const text = describeProgress(last, (now() - started) / 1000, tty);
    out.write(tty ? `\r${text}\x1b[K${final ? '\n' : ''}` : `${text}\n`);
    lastDraw = now();
  };
  return {
    update(progress) {
      last = progress;
      if (now() - lastDraw >= (tty ? 200 : intervalMs)) draw(false);
    },
    finish() {
      draw(true);
    },
  };
}

export function describeProgress(p: ScreeningProgress, seconds: number, bar: boolean): string {
  const rate = seconds > 0 ? p.processed / seconds : 0;
  const finished = p.processed + p.skipped;
  const parts: string[] = [];
  if (p.total !== undefined && p.total > 0) {
    const fraction = Math.min(1, finished / p.total);
    if (bar) parts.push(`[${'#'.repeat(Math.round(fraction * 30)).padEnd(30, '.')}]`);
    parts.push(`${(fraction * 100).toFixed(0)}% ${finished}/${p.total}`);
    const left = Math.max(0, p.total - finished);
    parts.push(`ETA ${rate > 0 ? clock(left / rate) : '?'}`);
  } else {
    parts.push(`${finished} patients`);
  }
  parts.push(`${rate.toFixed(1)} patients/s`);
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

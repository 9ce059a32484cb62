// The service as a newcomer runs it: `node dist/src/main.js` in its own process, port 0, its
// stdout read line by line until the ready line says where it listens.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../src/project-paths.js';

export interface ServiceProcess {
  url: string;
  /** Milliseconds from spawn to the ready line. */
  readyAfterMs: number;
  /** Parsed JSON log lines seen so far (stdout). */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the first log line whose message matches (waits for it). */
  waitFor(message: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
  /** SIGKILL: no shutdown code runs (a crash, the OOM killer, a power cut for the process). */
  kill9(): Promise<void>;
}

export async function startServiceProcess(env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<ServiceProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', TRIALCDS_FEEDBACK_STORE: '/tmp/trialcds-service-test-feedback.ndjson', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<{ message: RegExp; resolve: (line: Record<string, unknown>) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text);
    } catch {
      return;
    }
    logs.push(line);
    for (const w of waiters.filter((w) => w.message.test(String(line.msg)))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const waitFor = (message: RegExp, ms = timeoutMs) => {
    const seen = logs.find((l) => message.test(String(l.msg)));
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line ${message} within ${ms} ms; stderr: ${stderr.slice(-2000)}`)), ms);
      waiters.push({ message, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      void exited.then((code) => reject(new Error(`the service exited (${code}) before ${message}; stderr: ${stderr.slice(-2000)}`)));
    });
  };
  const ready = await waitFor(/^trialcds ready: /);
  const readyAfterMs = performance.now() - started;
  const url = /(http:\/\/\S+)\/cds-services/.exec(String(ready.msg))![1]!;
  return {
    url,
    readyAfterMs,
    logs,
    waitFor,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

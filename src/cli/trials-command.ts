import type { Command } from 'commander';
import type { CriterionDefinition } from '../domain/trial.js';
import { loadEngineFor } from './engine-options.js';
import { displayText } from '../engine/evaluate-trial.js';
import type { EngineKind } from '../engine/load-engine.js';
import type { CompileReport } from '../engine/compiled/compiled-trials.js';

function howComputed(c: CriterionDefinition): string {
  if (c.result === 'outcome') return `cql "${c.define}"`;
  if (c.result === 'review') return 'review (by nature)';
  if (c.result === 'pending') return 'review (not yet automated)';
  return `${c.combine === 'any' ? 'any' : 'all'} of ${c.criteria?.map((s) => s.id).join(', ')}`;
}

function lines(criteria: CriterionDefinition[], depth: number): string[] {
  return criteria.flatMap((c) => {
    const text = displayText(c.text);
    const short = text.length > 90 ? `${text.slice(0, 87)}...` : text;
    return [
      `${'  '.repeat(depth)}${c.id.padEnd(7)} ${c.kind.padEnd(9)} ${howComputed(c).padEnd(30)} ${short}`,
      ...lines(c.criteria ?? [], depth + 1),
    ];
  });
}

/** Which defines run compiled and which run interpreted (and why): what an author needs to know. */
function engineLine(kind: EngineKind, report: CompileReport | undefined): string {
  if (kind === 'interpreted' || !report) return 'engine: interpreted (cql-execution) for every define';
  const interpreted = report.interpreted.map((p) => `${p.library}."${p.define}" (${p.interpreted})`);
  return `engine: ${report.compiled} defines compiled to JavaScript, ${interpreted.length} interpreted${interpreted.length ? `: ${interpreted.join('; ')}` : ''}`;
}

function engineJson(kind: EngineKind, report: CompileReport | undefined): unknown {
  if (kind === 'interpreted' || !report) return { kind };
  return { kind, compiledDefines: report.compiled, interpretedDefines: report.interpreted };
}

export function registerTrialsCommand(program: Command): void {
  program
    .command('trials')
    .description('list the bundled trials and their criteria')
    .option('--format <format>', 'text | json', 'text')
    .action(async (flags: { format: string }, command: Command) => {
      const engine = await loadEngineFor(command);
      const plans = new Map(engine.trials.map((t) => [t.manifest.id, engine.compiledTrials?.report(t.manifest.id)]));
      if (flags.format === 'json') {
        const trials = engine.trials.map((t) => ({ ...t.manifest, engine: engineJson(engine.engineKind, plans.get(t.manifest.id)) }));
        process.stdout.write(JSON.stringify(trials, null, 2) + '\n');
        return;
      }
      for (const { manifest } of engine.trials) {
        const registry = manifest.registry?.url ? ` (${manifest.registry.url})` : '';
        console.log(`${manifest.id} — ${manifest.title}${registry}`);
        console.log(`  ${engineLine(engine.engineKind, plans.get(manifest.id))}`);
        console.log(lines(manifest.criteria, 1).join('\n'));
        console.log('');
      }
    });
}

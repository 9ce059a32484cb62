import type { Command } from 'commander';
import type { CriterionDefinition } from '../domain/trial.js';
import { loadEngineFor } from './engine-options.js';
import { displayText } from '../engine/evaluate-trial.js';

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

export function registerTrialsCommand(program: Command): void {
  program
    .command('trials')
    .description('list the bundled trials and their criteria')
    .option('--format <format>', 'text | json', 'text')
    .action(async (flags: { format: string }, command: Command) => {
      const engine = await loadEngineFor(command);
      if (flags.format === 'json') {
        process.stdout.write(JSON.stringify(engine.trials.map((t) => t.manifest), null, 2) + '\n');
        return;
      }
      for (const { manifest } of engine.trials) {
        const registry = manifest.registry?.url ? ` (${manifest.registry.url})` : '';
        console.log(`${manifest.id} — ${manifest.title}${registry}`);
        console.log(lines(manifest.criteria, 1).join('\n'));
        console.log('');
      }
    });
}

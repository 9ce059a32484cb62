// What `trialcds compile` says about the compiled engine: per library, how many defines compile to
// JavaScript and which would run interpreted (with the node the compiler does not support).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElmLibraryJson } from '../../artifacts/elm.js';
import { libraryName } from '../../artifacts/elm.js';
import { NODE_COMPILERS } from './nodes/index.js';
import { Program } from './program.js';

export interface LibraryEnginePlan {
  library: string;
  compiled: number;
  interpreted: { define: string; reason: string }[];
}

/** ELM written next to the CQL of the include folders (`<dir>/elm/*.json`): the shared libraries. */
function includedElm(libraryDirs: string[]): ElmLibraryJson[] {
  return libraryDirs.flatMap((dir) => {
    const elmDir = join(dir, 'elm');
    if (!existsSync(elmDir)) return [];
    return readdirSync(elmDir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => {
        try {
          return [JSON.parse(readFileSync(join(elmDir, f), 'utf8')) as ElmLibraryJson];
        } catch {
          return [];
        }
      });
  });
}

export function enginePlans(libraries: ElmLibraryJson[], libraryDirs: string[]): LibraryEnginePlan[] {
  const names = new Set(libraries.map(libraryName));
  const others = includedElm(libraryDirs).filter((elm) => !names.has(libraryName(elm)));
  return libraries.map((main) => {
    const program = new Program(NODE_COMPILERS, () => undefined);
    const unit = program.addLibraries([main, ...others] as never);
    program.compileAll();
    const defines = [...unit.defines.values()].filter((d) => d.name !== 'Patient');
    const interpreted = defines.flatMap((d) => {
      const reason = program.slots[d.slot]!.unsupported;
      return reason ? [{ define: d.name, reason }] : [];
    });
    return { library: libraryName(main), compiled: defines.length - interpreted.length, interpreted };
  });
}

export function enginePlanLine(plan: LibraryEnginePlan): string {
  const head = `${plan.library}: ${plan.compiled} define(s) compile to JavaScript, ${plan.interpreted.length} run interpreted`;
  return plan.interpreted.length ? `${head}: ${plan.interpreted.map((i) => `"${i.define}" (${i.reason})`).join('; ')}` : head;
}

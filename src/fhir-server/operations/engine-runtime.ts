// What the operations need from the loaded engine beyond `evaluate`, derived once per set of loaded
// trials. The service's engine object stays the same across reloads (ReloadableEngine), so caches
// are keyed by its `loadedTrials` list, which every load replaces, and die with it.
import type { LoadedEngine } from '../../engine/load-engine.js';
import { CqlTranslatorService } from '../../cql-toolchain/translator.js';
import { LibraryIndex } from '../../cql-toolchain/library-index.js';
import { CQL_LIB_DIR } from '../../project-paths.js';
import { includedLibraries, libraryName, type ElmLibraryJson } from '../../artifacts/elm.js';
import type { CompiledLibrary } from '../../engine/cql-runtime/cql-runner.js';
import { compileLibraries } from './cql-engine-adapter.js';

interface EngineRuntime {
  /** Every library any loaded trial uses (trial libraries, Eligibility, FHIRHelpers), by name. */
  libraries: Map<string, ElmLibraryJson>;
  cqlSources: Map<string, string>;
  compiled: Map<string, CompiledLibrary>;
  translator?: CqlTranslatorService;
}

const runtimes = new WeakMap<LoadedEngine['loadedTrials'], EngineRuntime>();

function runtimeOf(engine: LoadedEngine): EngineRuntime {
  let runtime = runtimes.get(engine.loadedTrials);
  if (!runtime) {
    const libraries = new Map<string, ElmLibraryJson>();
    const cqlSources = new Map<string, string>();
    for (const trial of engine.loadedTrials) {
      for (const elm of trial.libraries)
        if (!libraries.has(libraryName(elm))) libraries.set(libraryName(elm), elm);
      for (const [name, cql] of trial.cqlSources) if (!cqlSources.has(name)) cqlSources.set(name, cql);
    }
    runtime = {
      libraries,
      cqlSources,
      compiled: new Map(),
    };
    runtimes.set(engine.loadedTrials, runtime);
  }
  return runtime;
}

export function loadedLibraries(engine: LoadedEngine): ReadonlyMap<string, ElmLibraryJson> {
  return runtimeOf(engine).libraries;
}

/** `name` and everything it includes, transitively (the order cql-execution's Repository wants). */
export function withIncludes(engine: LoadedEngine, main: ElmLibraryJson): ElmLibraryJson[] {
  const { libraries } = runtimeOf(engine);
  const seen = new Map<string, ElmLibraryJson>([[libraryName(main), main]]);
  const visit = (elm: ElmLibraryJson): void => {
    for (const inc of includedLibraries(elm)) {
      const found = libraries.get(inc.name);
      if (found && !seen.has(inc.name)) {
        seen.set(inc.name, found);
        visit(found);
      }
    }
  };
  visit(main);
  return [...seen.values()];
}

/** A loaded library built into cql-execution objects, once per engine. */
export function compiledLibrary(engine: LoadedEngine, name: string): CompiledLibrary | undefined {
  const runtime = runtimeOf(engine);
  const elm = runtime.libraries.get(name);
  if (!elm) return undefined;
  let compiled = runtime.compiled.get(name);
  if (!compiled) {
    compiled = compileLibraries(withIncludes(engine, elm));
    runtime.compiled.set(name, compiled);
  }
  return compiled;
}

/**
 * The in-process CQL→ELM translator for `$cql`, created on first use (loading the model infos and
 * translating FHIRHelpers takes a second or two; later translations take milliseconds). Includes
 * resolve against the engine's CQL sources, then the shared library folder.
 */
export function translatorOf(engine: LoadedEngine): CqlTranslatorService {
  const runtime = runtimeOf(engine);
  if (!runtime.translator) {
    const shared = new LibraryIndex([CQL_LIB_DIR]);
    runtime.translator = new CqlTranslatorService((name, version) => {
      const source = runtime.cqlSources.get(name);
      const loadedVersion = runtime.libraries.get(name)?.library.identifier.version;
      if (
        source !== undefined &&
        (version === undefined || loadedVersion === undefined || loadedVersion === version)
      )
        return source;
      return shared.lookup(name, version);
    });
  }
  return runtime.translator;
}

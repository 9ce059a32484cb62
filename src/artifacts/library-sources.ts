import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CqlTranslatorService } from '../cql-toolchain/translator.js';
import { cqlSourceHash, formatDiagnostic, toFileCompilation } from '../cql-toolchain/compile.js';
import { LibraryIndex, findCqlFiles, readCqlFile, type CqlSourceFile } from '../cql-toolchain/library-index.js';
import { ArtifactError } from '../domain/errors.js';
import type { ElmLibraryJson } from './elm.js';

export interface LocatedLibrary {
  elm: ElmLibraryJson;
  /** The CQL text, when a .cql file of this library was found. */
  cql?: string;
  /** True when the ELM was compiled now because it was missing or older than the CQL. */
  compiledNow: boolean;
}

function readElm(path: string): ElmLibraryJson {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ElmLibraryJson;
  } catch (error) {
    throw new ArtifactError(`${path}: ${(error as Error).message}`);
  }
}

/** ELM found under a library's name must be that library's ELM (a renamed file would run other logic). */
function checkedElm(elm: ElmLibraryJson, name: string, path: string): ElmLibraryJson {
  const id = elm.library?.identifier?.id;
  if (id !== name) throw new ArtifactError(`${path}: holds the ELM of library ${String(id)}, not ${name}`);
  return elm;
}

/**
 * Finds each library by name in a list of folders (the first folder that has its CQL or its ELM
 * wins, so a trial folder can carry its own copy of a shared library). A trial dropped into the
 * trials folder with CQL only, or with CQL edited after its ELM was written, is compiled in memory
 * here: the service never runs ELM that does not match the CQL next to it.
 */
export class LibraryLocator {
  private readonly sources = new Map<string, { dir: string; file?: CqlSourceFile }>();
  private translator: CqlTranslatorService | undefined;
  private readonly index: LibraryIndex;

  constructor(private readonly dirs: string[]) {
    this.index = new LibraryIndex(dirs);
    for (const dir of [...dirs].reverse()) {
      const inThisDir = new Map<string, string>();
      for (const file of findCqlFiles(dir).map(readCqlFile)) {
        // Two files declaring one library (a stray copy, `X_old.cql`): which one runs would
        // depend on file order, and the author might be reading the other. Refuse.
        const other = inThisDir.get(file.name);
        if (other) throw new ArtifactError(`library ${file.name} is declared by two files: ${other} and ${file.path}`);
        inThisDir.set(file.name, file.path);
        this.sources.set(file.name, { dir, file });
      }
    }
  }

  locate(name: string): LocatedLibrary {
    const elmDir = this.dirs.find((dir) => existsSync(this.elmPath(dir, name)));
    const source = this.sources.get(name);
    // A folder earlier in the list than the source's own folder shadows it with its ELM.
    const sourceWins = source && (!elmDir || this.dirs.indexOf(source.dir) <= this.dirs.indexOf(elmDir));
    if (!sourceWins) {
      if (!elmDir) throw new ArtifactError(`library ${name}: no CQL or compiled ELM in ${this.dirs.join(' or ')}`);
      return { elm: checkedElm(readElm(this.elmPath(elmDir, name)), name, this.elmPath(elmDir, name)), compiledNow: false };
    }
    const file = source.file!;
    const elmPath = this.elmPath(source.dir, name);
    const stored = existsSync(elmPath) ? checkedElm(readElm(elmPath), name, elmPath) : undefined;
    if (stored && stored.sourceSha256 === cqlSourceHash(file.text)) return { elm: stored, cql: file.text, compiledNow: false };
    return { elm: this.compile(file), cql: file.text, compiledNow: true };
  }

  private elmPath(dir: string, name: string): string {
    return join(dir, 'elm', `${name}.json`);
  }

  private compile(file: CqlSourceFile): ElmLibraryJson {
    this.translator ??= new CqlTranslatorService(this.index.lookup);
    const { elm, diagnostics } = toFileCompilation(file, this.translator.translate(file.text));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      const list = errors.slice(0, 5).map((d) => formatDiagnostic(file.path, d));
      throw new ArtifactError(`library ${file.name} does not compile: ${list.join('; ')}`);
    }
    return elm;
  }
}

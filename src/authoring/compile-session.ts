import { CqlTranslatorService } from '../cql-toolchain/translator.js';
import { LibraryIndex, findCqlFiles, readCqlFile, type CqlSourceFile } from '../cql-toolchain/library-index.js';
import { toFileCompilation, type FileCompilation } from '../cql-toolchain/compile.js';

const INCLUDE = /^\s*include\s+"?([A-Za-z_]\w*)"?/gm;

/** Names of the libraries a CQL text includes (read from the text, so it works while it has errors). */
export function includedNames(text: string): string[] {
  return [...text.matchAll(INCLUDE)].map((m) => m[1]!);
}

/**
 * Compiles one target again and again (`compile --watch`) with one translator kept across rounds:
 * starting a translator and compiling FHIRHelpers and Eligibility into it takes ~2 s, translating a
 * trial library again ~100 ms. The translator caches every library it compiled as an include, so when
 * a file that some file includes has changed, that cache is stale and a fresh translator is started.
 */
export class CompileSession {
  private translator?: CqlTranslatorService;
  private index = new LibraryIndex([]);
  private previousTexts = new Map<string, string>();

  constructor(
    private readonly target: string,
    private readonly libraryDirs: string[],
  ) {}

  compile(): FileCompilation[] {
    const files = findCqlFiles(this.target).map(readCqlFile);
    if (this.changedAnIncludedLibrary(files)) this.translator = undefined;
    this.index = new LibraryIndex(this.libraryDirs);
    for (const file of files) this.index.add(file);
    this.translator ??= new CqlTranslatorService((name, version) => this.index.lookup(name, version));
    const translator = this.translator;
    this.previousTexts = new Map(files.map((f) => [f.name, f.text]));
    return files.map((file) => toFileCompilation(file, translator.translate(file.text)));
  }

  private changedAnIncludedLibrary(files: CqlSourceFile[]): boolean {
    const included = new Set(files.flatMap((f) => includedNames(f.text)));
    return files.some((f) => included.has(f.name) && this.previousTexts.get(f.name) !== f.text);
  }
}

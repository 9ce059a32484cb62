import { CqlTranslatorService } from '../cql-toolchain/translator.js';
import { LibraryIndex, findCqlFiles, readCqlFile } from '../cql-toolchain/library-index.js';
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
 * a library some file includes has changed or gone (in the target, or in a shared folder such as
 * cql/lib: seen at the next round), that cache is stale and a fresh translator is started.
 */
export class CompileSession {
  private translator?: CqlTranslatorService;
  private index = new LibraryIndex([]);
  private previousTexts = new Map<string, string | undefined>();

  constructor(
    private readonly target: string,
    private readonly libraryDirs: string[],
  ) {}

  compile(): FileCompilation[] {
    const files = findCqlFiles(this.target).map(readCqlFile);
    const index = new LibraryIndex(this.libraryDirs);
    for (const file of files) index.add(file);
    // The text each included library resolves to now (in the target or a shared folder such as
    // cql/lib; undefined when it is gone): any change since the last round makes the cache stale.
    const included = [...new Set(files.flatMap((f) => includedNames(f.text)))];
    const texts = new Map(included.map((name) => [name, index.lookup(name)]));
    if ([...texts].some(([name, text]) => this.previousTexts.has(name) && this.previousTexts.get(name) !== text)) {
      this.translator = undefined;
    }
    this.index = index;
    this.previousTexts = texts;
    this.translator ??= new CqlTranslatorService((name, version) => this.index.lookup(name, version));
    const translator = this.translator;
    return files.map((file) => toFileCompilation(file, translator.translate(file.text)));
  }
}

// Writes a trial's artifacts as a trial folder, in the layout loadTrial (src/artifacts/trial-registry.ts)
// reads: trial.json, <Lib>.cql, elm/<Lib>.json, valuesets/<id>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Library } from 'fhir/r4';
import type { ElmLibraryJson } from '../artifacts/elm.js';
import { serializeElm } from '../cql-toolchain/compile.js';
import { readCqlHeaderName } from '../cql-toolchain/library-index.js';
import { BadInputError } from '../domain/errors.js';
import type { TrialArtifacts } from './contracts.js';
import { CQL_CONTENT_TYPE, ELM_CONTENT_TYPE, fromBase64 } from './library-resource.js';
import { manifestFromArtifacts } from './manifest-from-artifacts.js';

// Names that become file or folder names: no separators, no "..", nothing hidden.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function safeName(name: string | undefined, what: string): string {
  if (!name || !SAFE_NAME.test(name) || name.includes('..')) {
    throw new BadInputError(
      `${what} "${name ?? ''}" is not a safe file name (letters, digits, '.', '_', '-'; no leading dot)`,
    );
  }
  return name;
}

/**
 * Writes `<parentDir>/<trialId>/` and returns its path. Files of the same names are overwritten;
 * other files already in the folder are left alone.
 */
export function writeTrialFolder(artifacts: TrialArtifacts, parentDir: string): string {
  const manifest = manifestFromArtifacts(artifacts);
  const dir = join(parentDir, safeName(manifest.id, 'trial id'));
  mkdirSync(join(dir, 'elm'), { recursive: true });
  writeFileSync(join(dir, 'trial.json'), JSON.stringify(manifest, null, 2) + '\n');
  artifacts.libraries.forEach((library) => writeLibrary(library, dir));
  if (artifacts.valueSets.length) mkdirSync(join(dir, 'valuesets'), { recursive: true });
  for (const vs of artifacts.valueSets) {
    writeFileSync(
      join(dir, 'valuesets', `${safeName(vs.id, 'value set id')}.json`),
      JSON.stringify(vs, null, 2) + '\n',
    );
  }
  return dir;
}

/**
 * With CQL, only the CQL is written: the loader compiles it, so the logic that runs is the text an
 * author reads (a Bundle's ELM could say anything, whatever hash it records). ELM alone is written
 * for a library shared without its source.
 */
function writeLibrary(library: Library, dir: string): void {
  const name = safeName(library.name, 'library name');
  const cql = contentText(library, CQL_CONTENT_TYPE);
  if (cql !== undefined) {
    const declared = readCqlHeaderName(cql);
    if (declared !== name) throw new BadInputError(`Library ${name}: its CQL declares library ${declared ?? '(none)'}, not ${name}`);
    writeFileSync(join(dir, `${name}.cql`), cql);
    return;
  }
  const elm = contentText(library, ELM_CONTENT_TYPE);
  if (elm !== undefined) writeFileSync(join(dir, 'elm', `${name}.json`), serializeElm(parseElm(elm, name)));
}

function contentText(library: Library, contentType: string): string | undefined {
  const data = library.content?.find((c) => c.contentType === contentType)?.data;
  return data === undefined ? undefined : fromBase64(data);
}

function parseElm(text: string, name: string): ElmLibraryJson {
  let elm: unknown;
  try {
    elm = JSON.parse(text);
  } catch (error) {
    throw new BadInputError(
      `Library ${name}: the ${ELM_CONTENT_TYPE} content is not JSON (${(error as Error).message})`,
    );
  }
  const identifier = (elm as Partial<ElmLibraryJson> | null)?.library?.identifier;
  if (identifier?.id !== name) {
    throw new BadInputError(
      `Library ${name}: the ELM content is not the ELM of library ${name} (its identifier is ${String(identifier?.id)})`,
    );
  }
  return elm as ElmLibraryJson;
}

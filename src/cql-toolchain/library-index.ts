import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CqlSourceFile {
  path: string;
  name: string;
  version?: string;
  text: string;
}

const HEADER = /^\s*library\s+("?)([A-Za-z_][\w]*)\1(?:\s+version\s+'([^']+)')?/m;

/** The library name a CQL text declares (`library X version '…'`), if any. */
export function readCqlHeaderName(text: string): string | undefined {
  return HEADER.exec(text)?.[2];
}

export function readCqlFile(path: string): CqlSourceFile {
  const text = readFileSync(path, 'utf8');
  const header = HEADER.exec(text);
  const name = header?.[2] ?? path.replace(/^.*\//, '').replace(/\.cql$/, '');
  return { path, name, version: header?.[3], text };
}

/** Every .cql file under `path` (or `path` itself), skipping compiled output and test data. */
export function findCqlFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return path.endsWith('.cql') ? [path] : [];
  const found: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'elm' || entry.name === 'cases' || entry.name === 'node_modules') continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) found.push(...findCqlFiles(full));
    else if (entry.name.endsWith('.cql')) found.push(full);
  }
  return found.sort();
}

/** Name → source for include resolution; later directories never shadow earlier ones. */
export class LibraryIndex {
  private readonly byName = new Map<string, CqlSourceFile>();

  constructor(directories: string[]) {
    for (const dir of directories) {
      for (const file of findCqlFiles(dir).map(readCqlFile)) {
        if (!this.byName.has(file.name)) this.byName.set(file.name, file);
      }
    }
  }

  add(file: CqlSourceFile): void {
    this.byName.set(file.name, file);
  }

  lookup = (name: string, version?: string): string | undefined => {
    const file = this.byName.get(name);
    if (!file) return undefined;
    return version === undefined || file.version === undefined || file.version === version ? file.text : undefined;
  };
}

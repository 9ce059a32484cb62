// @cqframework/cql's Kotlin/JS runtime (kotlinx-io) calls a global `require` even when loaded as ESM.
// See https://github.com/Kotlin/kotlinx-io/issues/345. Import this module before the translator.
import { createRequire } from 'node:module';

const g = globalThis as { require?: NodeRequire };
g.require ??= createRequire(import.meta.url);

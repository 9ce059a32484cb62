// Jest runs the TypeScript sources directly (ts-jest, isolated modules), as native ESM:
// @cqframework/cql is ESM-only. Pure-JS tooling on purpose: this registry has no other platforms'
// builds of native test tooling, which makes `npm ci` refuse a lock file that lists them.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true, tsconfig: 'tsconfig.json' }] },
  // Our sources import './x.js' (NodeNext); map to the .ts file. Only for our own src/test, not packages
  // (cql-exec-fhir requires './modelInfos/*.xml.js').
  moduleNameMapper: { '^(\\.{1,2}/(?!.*\\.xml\\.js$).*)\\.js$': '$1' },
  testTimeout: 120000,
  // Jest's default (cores − 1) runs everything in one process on a 2-core machine.
  maxWorkers: 2,
  // A worker that has loaded many engines is replaced between test files: in full runs a long-lived
  // worker reached ~1.5 GB and was once killed from outside (SIGTERM) during the $cql memory test.
  workerIdleMemoryLimit: '1GB',
};

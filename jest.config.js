// Jest runs the TypeScript sources directly (swc), as native ESM: @cqframework/cql is ESM-only.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'es6' } }] },
  // Our sources import './x.js' (NodeNext); map to the .ts file. Only for our own src/test, not packages
  // (cql-exec-fhir requires './modelInfos/*.xml.js').
  moduleNameMapper: { '^(\\.{1,2}/(?!.*\\.xml\\.js$).*)\\.js$': '$1' },
  testTimeout: 120000,
  // Jest's default (cores − 1) runs everything in one process on a 2-core machine.
  maxWorkers: 2,
};

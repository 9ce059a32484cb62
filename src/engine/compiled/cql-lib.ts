// The cql-execution value library the compiled engine computes with: its datatypes (DateTime, Date,
// Interval, Quantity, Code, Concept, Ratio, Uncertainty) and the pure helpers its operators delegate
// to. Reusing them, rather than re-implementing CQL's date, interval and unit semantics, is what
// makes the compiled engine's values identical to the reference interpreter's: only the expression
// dispatch (the interpreter's async tree walk) is compiled away. cql-execution is pinned (3.3.2);
// an upgrade that moves these modules fails the equivalence tests and test/unit/compiled/*.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const cql = require('cql-execution') as any;
export const datatypes = require('cql-execution/lib/datatypes/datatypes') as any;
export const comparison = require('cql-execution/lib/util/comparison') as any;
export const mathUtil = require('cql-execution/lib/util/math') as any;
export const cqlUtil = require('cql-execution/lib/util/util') as any;
export const immutableUtil = require('cql-execution/lib/util/immutableUtil') as any;
export const listOps = require('cql-execution/lib/elm/list') as any;
export const intervalOps = require('cql-execution/lib/elm/interval') as any;
export const quantityLib = require('cql-execution/lib/datatypes/quantity') as any;
export const unitsUtil = require('cql-execution/lib/util/units') as any;

export const { ThreeValuedLogic, Uncertainty, DateTime, Date: CqlDate, Interval, Quantity, Code, Concept, Ratio } = datatypes;

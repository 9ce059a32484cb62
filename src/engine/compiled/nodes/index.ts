// Every ELM node type the compiler knows, by name.
import type { NodeCompiler } from '../compile-context.js';
import { aggregateCompilers } from './aggregates.js';
import { arithmeticCompilers } from './arithmetic.js';
import { clinicalCompilers } from './clinical.js';
import { comparisonCompilers } from './comparison.js';
import { typeCompilers } from './conversions.js';
import { dateTimeCompilers } from './datetime.js';
import { intervalCompilers } from './intervals.js';
import { listCompilers } from './lists.js';
import { logicCompilers } from './logic.js';
import { queryCompilers } from './query.js';
import { referenceCompilers } from './references.js';
import { stringCompilers } from './strings.js';
import { structuredCompilers } from './structured.js';

export const NODE_COMPILERS: ReadonlyMap<string, NodeCompiler> = new Map([
  ...logicCompilers,
  ...comparisonCompilers,
  ...arithmeticCompilers,
  ...stringCompilers,
  ...listCompilers,
  ...queryCompilers,
  ...structuredCompilers,
  ...referenceCompilers,
  ...typeCompilers,
  ...clinicalCompilers,
  ...dateTimeCompilers,
  ...intervalCompilers,
  ...aggregateCompilers,
]);

import type { ElmLibraryJson } from '../../../src/artifacts/elm.js';
import type { CriterionDefinition } from '../../../src/domain/trial.js';
import { criteriaFedBy, dependentsOf, referenceGraph } from '../../../src/authoring/define-graph.js';

const ref = (name: string, libraryName?: string) => ({ type: 'ExpressionRef', name, ...(libraryName ? { libraryName } : {}) });
const def = (name: string, expression: unknown, type = 'ExpressionDef') => ({ name, type, expression });

/** A library shaped like a trial's: a result, a converted value, a criterion, and a helper function. */
const library = {
  library: {
    identifier: { id: 'T' },
    statements: {
      def: [
        def('Creatinine Result', { type: 'Query', source: [{ expression: { type: 'Retrieve' } }] }),
        def('Creatinine umol/L', { type: 'FunctionRef', name: 'Value In', libraryName: 'E', operand: [ref('Creatinine Result')] }),
        def('I4.1', { type: 'FunctionRef', name: 'Lab Outcome', libraryName: 'E', operand: [ref('Creatinine Result'), ref('Creatinine umol/L')] }),
        def('Helper', { type: 'Add', operand: [ref('Age')] }, 'FunctionDef'),
        def('Age', { type: 'Literal', value: '1' }),
        def('I1', { type: 'FunctionRef', name: 'Helper', operand: [] }),
        def('Shared As Of', ref('As Of', 'E')),
        def('Unused', { type: 'Literal', value: '2', annotation: [ref('Age')] }),
      ],
    },
  },
} as unknown as ElmLibraryJson;

const criteria: CriterionDefinition[] = [
  { id: 'I1', kind: 'inclusion', text: 'age', result: 'outcome', define: 'I1' },
  {
    id: 'I4',
    kind: 'inclusion',
    text: 'organ function',
    combine: 'all',
    criteria: [{ id: 'I4.1', kind: 'inclusion', text: 'creatinine', result: 'outcome', define: 'I4.1' }],
  },
];

describe('define reference graph (explain)', () => {
  const graph = referenceGraph(library);

  test('collects same-library references only (no libraryName), not those inside annotations', () => {
    expect([...graph.get('I4.1')!]).toEqual(['Creatinine Result', 'Creatinine umol/L']);
    expect([...graph.get('Shared As Of')!]).toEqual([]);
    expect([...graph.get('Unused')!]).toEqual([]);
  });

  test('dependents are transitive and pass through local functions', () => {
    expect([...dependentsOf(graph, 'Creatinine Result')].sort()).toEqual(['Creatinine umol/L', 'I4.1']);
    expect([...dependentsOf(graph, 'Age')].sort()).toEqual(['Helper', 'I1']);
    expect(dependentsOf(graph, 'I4.1').size).toBe(0);
  });

  test('criteria fed: directly by name (nested criteria too), indirectly through the defines that use it', () => {
    expect(criteriaFedBy('I4.1', criteria, graph)).toEqual({ direct: ['I4.1'], indirect: [] });
    expect(criteriaFedBy('Creatinine Result', criteria, graph)).toEqual({ direct: [], indirect: [{ criterion: 'I4.1', via: 'I4.1' }] });
    expect(criteriaFedBy('Age', criteria, graph)).toEqual({ direct: [], indirect: [{ criterion: 'I1', via: 'I1' }] });
    expect(criteriaFedBy('Unused', criteria, graph)).toEqual({ direct: [], indirect: [] });
  });

  test('a reference cycle does not loop', () => {
    const cyclic = { library: { identifier: { id: 'C' }, statements: { def: [def('A', ref('B')), def('B', ref('A'))] } } } as unknown as ElmLibraryJson;
    expect([...dependentsOf(referenceGraph(cyclic), 'A')]).toEqual(['B']);
  });
});

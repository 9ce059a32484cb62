import type { CriterionDefinition } from '../../../src/domain/trial.js';
import { BadInputError } from '../../../src/domain/errors.js';
import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import type { TrialArtifacts } from '../../../src/knowledge/contracts.js';
import { CANONICAL_BASE } from '../../../src/knowledge/contracts.js';
import { EXT } from '../../../src/knowledge/extensions.js';
import {
  manifestFromArtifacts,
  trialArtifacts,
  valueSetResourceId,
} from '../../../src/knowledge/trial-artifacts.js';

let engine: LoadedEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

const TRIALS = ['NCT06789107', 'NCT07233642', 'ln-cart-5-35'];
const loaded = (id: string) => engine.loadedTrials.find((t) => t.manifest.id === id)!;
const artifactsOf = (id: string) => trialArtifacts(loaded(id), engine.valueSets);
const countCriteria = (criteria: CriterionDefinition[]): number =>
  criteria.reduce((n, c) => n + 1 + countCriteria(c.criteria ?? []), 0);

describe('trialArtifacts', () => {
  test.each(TRIALS)('%s: the manifest round-trips through ResearchStudy + Group', (id) => {
    expect(manifestFromArtifacts(artifactsOf(id))).toStrictEqual(loaded(id).manifest);
  });

  test.each(TRIALS)('%s: one Group characteristic per criterion and sub-criterion', (id) => {
    const { group } = artifactsOf(id);
    expect(group.characteristic).toHaveLength(countCriteria(loaded(id).manifest.criteria));
    expect(group).toMatchObject({ id: `${id}-criteria`, actual: false, type: 'person' });
    expect(group.characteristic!.every((c) => c.valueBoolean === true && c.exclude === false)).toBe(true);
  });

  test.each(TRIALS)('%s: one Library per loaded library, own first; every referenced ValueSet', (id) => {
    const artifacts = artifactsOf(id);
    expect(artifacts.libraries.map((l) => l.name)).toEqual(
      loaded(id).libraries.map((elm) => elm.library.identifier.id),
    );
    expect(artifacts.libraries[0]!.name).toBe(loaded(id).manifest.library.name);
    const referenced = new Set(
      artifacts.libraries.flatMap((l) => (l.relatedArtifact ?? []).map((a) => a.resource)),
    );
    expect(artifacts.valueSets.length).toBeGreaterThan(0);
    for (const vs of artifacts.valueSets) expect(referenced.has(vs.url)).toBe(true);
  });

  test('ResearchStudy: registry identifier, title, status, conditions, notes, enrollment', () => {
    const { researchStudy, trialId } = artifactsOf('NCT06789107');
    expect(trialId).toBe('NCT06789107');
    expect(researchStudy).toMatchObject({
      id: 'NCT06789107',
      status: 'active',
      title: loaded('NCT06789107').manifest.title,
      enrollment: [{ reference: 'Group/NCT06789107-criteria' }],
      relatedArtifact: [{ type: 'documentation', url: 'https://clinicaltrials.gov/study/NCT06789107' }],
    });
    expect(researchStudy.identifier).toContainEqual({
      use: 'official',
      system: 'https://clinicaltrials.gov',
      value: 'NCT06789107',
    });
    expect(researchStudy.identifier).toContainEqual({
      system: 'urn:ietf:rfc:3986',
      value: `${CANONICAL_BASE}/ResearchStudy/NCT06789107`,
    });
    expect(researchStudy.note).toHaveLength(loaded('NCT06789107').manifest.interpretations.length);
    expect(researchStudy.condition?.flatMap((c) => c.coding?.map((x) => x.code))).toEqual(['55464009']);
  });

  test('a trial without a registry id is identified by our trial-id system; lupus nephritis is coded', () => {
    const { researchStudy } = artifactsOf('ln-cart-5-35');
    expect(researchStudy.identifier).toContainEqual({
      use: 'usual',
      system: `${CANONICAL_BASE}/trial-id`,
      value: 'ln-cart-5-35',
    });
    expect(researchStudy.identifier?.some((i) => i.system === 'https://clinicaltrials.gov')).toBe(false);
    expect(researchStudy.condition?.flatMap((c) => c.coding?.map((x) => x.code))).toEqual([
      '55464009',
      'M32.14',
    ]);
  });

  test('a characteristic: criterion code and exact text, cqf-expression to the define, kind and result', () => {
    const { group } = artifactsOf('NCT06789107');
    const i31 = group.characteristic!.find((c) => c.code.coding?.[0]?.code === 'I3.1')!;
    expect(i31.code).toEqual({
      coding: [
        {
          system: `${CANONICAL_BASE}/CodeSystem/NCT06789107-criteria`,
          code: 'I3.1',
          display: 'Antinuclear antibody (ANA) ≥ 1:80.',
        },
      ],
      text: 'Antinuclear antibody (ANA) ≥ 1:80.',
    });
    expect(i31.extension).toEqual(
      expect.arrayContaining([
        { url: EXT.kind, valueCode: 'inclusion' },
        { url: EXT.result, valueCode: 'outcome' },
        { url: EXT.parent, valueString: 'I3' },
        {
          url: 'http://hl7.org/fhir/StructureDefinition/cqf-expression',
          valueExpression: {
            language: 'text/cql-identifier',
            expression: 'I3.1',
            reference: `${CANONICAL_BASE}/Library/NCT06789107|0.1.0`,
          },
        },
      ]),
    );
    const i1 = group.characteristic!.find((c) => c.code.coding?.[0]?.code === 'I1')!;
    expect(i1.code.coding?.[0]?.display).toBe('Age');
    expect(group.extension).toContainEqual({
      url: EXT.library,
      valueCanonical: `${CANONICAL_BASE}/Library/NCT06789107|0.1.0`,
    });
  });

  test('each Library carries the CQL source the loader found for it', () => {
    const trial = loaded('NCT06789107');
    for (const library of artifactsOf('NCT06789107').libraries) {
      const cql = library.content?.find((c) => c.contentType === 'text/cql')?.data;
      expect(Buffer.from(cql!, 'base64').toString('utf8')).toBe(trial.cqlSources.get(library.name!));
    }
  });

  test('value sets get the id in their urn:trialcds:valueset: url', () => {
    const ids = artifactsOf('NCT06789107').valueSets.map((v) => v.id);
    expect(ids).toContain('dx-sle');
  });
});

describe('valueSetResourceId', () => {
  test.each([
    ['urn:trialcds:valueset:dx-sle', 'dx-sle'],
    [
      'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.117.12.1010',
      '2.16.840.1.113883.3.464.1003.117.12.1010',
    ],
    ['urn:oid:2.16.840.1.113883.3.464', '2.16.840.1.113883.3.464'],
  ])('%s → %s', (url, id) => {
    expect(valueSetResourceId(url)).toBe(id);
  });

  test('an unusable last segment becomes a safe id with a hash of the url (distinct urls, distinct ids)', () => {
    const a = valueSetResourceId('http://example.org/ValueSet/my_set');
    const b = valueSetResourceId('http://example.org/other/ValueSet/my_set');
    expect(a).toMatch(/^my-set-[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    expect(valueSetResourceId(`http://example.org/ValueSet/${'x'.repeat(80)}`)).toMatch(
      /^[A-Za-z0-9\-.]{1,64}$/,
    );
    expect(valueSetResourceId('http://example.org/ValueSet/___')).toMatch(/^vs-[0-9a-f]{16}$/);
  });
});

describe('manifestFromArtifacts refuses artifacts that do not describe a trial', () => {
  const broken = (change: (a: TrialArtifacts) => void) => {
    const artifacts = structuredClone(artifactsOf('NCT06789107'));
    change(artifacts);
    return () => manifestFromArtifacts(artifacts);
  };

  test('no seed extension', () => {
    expect(broken((a) => (a.researchStudy.extension = []))).toThrow(
      new BadInputError(`ResearchStudy/NCT06789107: no ${EXT.seed} extension (the seed file name)`),
    );
  });

  test('no cqf-library on the Group', () => {
    expect(broken((a) => (a.group.extension = []))).toThrow(
      /Group\/NCT06789107-criteria: no .*cqf-library extension/,
    );
  });

  test('an unversioned cqf-library', () => {
    expect(
      broken(
        (a) => (a.group.extension = [{ url: EXT.library, valueCanonical: `${CANONICAL_BASE}/Library/X` }]),
      ),
    ).toThrow(/is not a versioned Library canonical/);
  });

  test('a characteristic without a kind', () => {
    expect(
      broken(
        (a) =>
          (a.group.characteristic![0]!.extension = a.group.characteristic![0]!.extension!.filter(
            (e) => e.url !== EXT.kind,
          )),
      ),
    ).toThrow(/characteristic\[0\] \(I1\): no .*criterion-kind extension/);
  });

  test('a kind that is not inclusion or exclusion', () => {
    expect(
      broken((a) =>
        a.group.characteristic![0]!.extension!.splice(0, 1, { url: EXT.kind, valueCode: 'maybe' }),
      ),
    ).toThrow(/criterion-kind "maybe" is not one of inclusion, exclusion/);
  });

  test('a sub-criterion whose parent does not come before it', () => {
    expect(broken((a) => a.group.characteristic!.reverse())).toThrow(
      /parent criterion I\d+ of I\d+\.\d+ does not come before it/,
    );
  });

  test('criteria that break the manifest rules (outcome without a define)', () => {
    expect(
      broken((a) => {
        const ext = a.group.characteristic![0]!.extension!;
        a.group.characteristic![0]!.extension = ext.filter(
          (e) => e.url !== 'http://hl7.org/fhir/StructureDefinition/cqf-expression',
        );
      }),
    ).toThrow(/not make a valid trial manifest: .*I1: result "outcome" needs a define/);
  });

  test('errors are BadInputErrors', () => {
    expect(broken((a) => delete a.researchStudy.title)).toThrow(BadInputError);
  });
});

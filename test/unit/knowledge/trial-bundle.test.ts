import type { Bundle, Group, Library, ResearchStudy } from 'fhir/r4';
import { BadInputError } from '../../../src/domain/errors.js';
import { loadEngine } from '../../../src/engine/load-engine.js';
import { CANONICAL_BASE, type TrialArtifacts } from '../../../src/knowledge/contracts.js';
import { trialArtifacts } from '../../../src/knowledge/trial-artifacts.js';
import { artifactsFromBundle, trialBundle } from '../../../src/knowledge/trial-bundle.js';

let artifacts: TrialArtifacts;
beforeAll(async () => {
  const engine = await loadEngine({ onlyTrials: ['NCT06789107'] });
  artifacts = trialArtifacts(engine.loadedTrials[0]!, engine.valueSets);
});

const bundle = () => structuredClone(trialBundle(artifacts));
const typeAt = (b: Bundle, index: number) => b.entry![index]!.resource!.resourceType;

describe('trialBundle', () => {
  test('a transaction Bundle: every resource PUT at <type>/<id>, fullUrl under our base', () => {
    const b = bundle();
    expect(b).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(b.entry).toHaveLength(2 + artifacts.libraries.length + artifacts.valueSets.length);
    for (const entry of b.entry!) {
      const path = `${entry.resource!.resourceType}/${entry.resource!.id}`;
      expect(entry.request).toEqual({ method: 'PUT', url: path });
      expect(entry.fullUrl).toBe(`${CANONICAL_BASE}/${path}`);
    }
    expect([typeAt(b, 0), typeAt(b, 1), typeAt(b, 2)]).toEqual(['ResearchStudy', 'Group', 'Library']);
  });

  test('artifactsFromBundle gives back the same artifacts (transaction, and as a collection)', () => {
    expect(artifactsFromBundle(bundle())).toEqual(artifacts);
    const collection = { ...bundle(), type: 'collection' };
    expect(artifactsFromBundle(collection)).toEqual(artifacts);
  });

  test('the Group may be contained in the ResearchStudy', () => {
    const b = bundle();
    const study = b.entry![0]!.resource as ResearchStudy;
    const group = b.entry!.splice(1, 1)[0]!.resource as Group;
    study.contained = [group];
    study.enrollment = [{ reference: `#${group.id}` }];
    expect(artifactsFromBundle(b).group).toEqual(artifacts.group);
  });

  test('the trial’s own Library comes first even when the Bundle lists it later', () => {
    const b = bundle();
    b.entry!.push(b.entry!.splice(2, 1)[0]!);
    expect(artifactsFromBundle(b).libraries[0]!.name).toBe('NCT06789107');
  });
});

describe('artifactsFromBundle refuses, saying which entry and what is wrong', () => {
  const refusal = (input: unknown) => {
    try {
      artifactsFromBundle(input);
    } catch (error) {
      expect(error).toBeInstanceOf(BadInputError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };
  const withoutEntries = (keep: (type: string) => boolean) => {
    const b = bundle();
    b.entry = b.entry!.filter((e) => keep(e.resource!.resourceType));
    return b;
  };

  test('not a Bundle', () => {
    expect(refusal({ resourceType: 'Patient' })).toBe('not a FHIR Bundle (resourceType Patient)');
    expect(refusal('text')).toBe('not a FHIR Bundle (string)');
    expect(refusal(null)).toBe('not a FHIR Bundle (object)');
  });

  test('a Bundle of another type', () => {
    expect(refusal({ ...bundle(), type: 'searchset' })).toBe(
      'Bundle.type is "searchset"; a trial Bundle is a transaction or a collection',
    );
  });

  test('no ResearchStudy', () => {
    expect(refusal(withoutEntries((t) => t !== 'ResearchStudy'))).toBe(
      'the Bundle has no ResearchStudy (the trial)',
    );
  });

  test('two ResearchStudies', () => {
    const b = bundle();
    b.entry!.push(structuredClone(b.entry![0]!));
    expect(refusal(b)).toMatch(
      /^the Bundle has 2 ResearchStudy entries \(Bundle.entry\[0\] .*, Bundle.entry\[\d+\] .*\); a trial Bundle has exactly one$/,
    );
  });

  test('the enrollment Group missing', () => {
    expect(refusal(withoutEntries((t) => t !== 'Group'))).toBe(
      'Bundle.entry[0] (ResearchStudy/NCT06789107): its enrollment Group "Group/NCT06789107-criteria" is neither an entry nor contained in the ResearchStudy',
    );
  });

  test('the trial’s Library missing', () => {
    const b = bundle();
    b.entry!.splice(2, 1);
    expect(refusal(b)).toBe(
      `the trial's Library ${CANONICAL_BASE}/Library/NCT06789107|0.1.0 (named by Bundle.entry[1] (Group/NCT06789107-criteria) cqf-library) is not in the Bundle`,
    );
  });

  test('a Library without CQL or ELM content', () => {
    const b = bundle();
    (b.entry![3]!.resource as Library).content = [{ contentType: 'text/plain', data: 'aGk=' }];
    expect(refusal(b)).toMatch(
      /^Bundle.entry\[3\] \(Library\/\w+\): no content of type application\/elm\+json or text\/cql with base64 data$/,
    );
  });

  test('an entry without a resource, or of a type a trial does not have', () => {
    const b = bundle();
    b.entry!.push({ fullUrl: 'urn:uuid:x' });
    expect(refusal(b)).toBe(`Bundle.entry[${b.entry!.length - 1}]: no resource`);
    b.entry![b.entry!.length - 1] = { resource: { resourceType: 'Patient', id: 'p' } };
    expect(refusal(b)).toMatch(
      /\(Patient\/p\): a trial Bundle holds only ResearchStudy, Group, Library, ValueSet resources/,
    );
  });

  test('criteria that do not make a manifest', () => {
    const b = bundle();
    (b.entry![1]!.resource as Group).characteristic = [];
    expect(refusal(b)).toMatch(/not make a valid trial manifest: criteria: /);
  });
});

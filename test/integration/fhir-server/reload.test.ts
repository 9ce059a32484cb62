import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import { bundledEngine } from '../../support/real-engine.js';
import { call, startFhir, type RunningFhir } from './fhir-app.js';

/**
 * Like the service's ReloadableEngine: one object whose trials change on reload. Only what the
 * catalog reads is forwarded.
 */
function swappable(first: LoadedEngine): { engine: LoadedEngine; swap(next: LoadedEngine): void } {
  let current = first;
  const engine = {
    get loadedTrials() {
      return current.loadedTrials;
    },
    get valueSets() {
      return current.valueSets;
    },
  } as unknown as LoadedEngine;
  return { engine, swap: (next) => (current = next) };
}

describe('/fhir after a reload', () => {
  let fhir: RunningFhir;
  let holder: ReturnType<typeof swappable>;
  beforeAll(async () => {
    holder = swappable(await bundledEngine());
    fhir = await startFhir(holder.engine);
  });
  afterAll(() => fhir.close());

  const studies = async () =>
    ((await call(`${fhir.base}/ResearchStudy`)).body.entry as { resource: { id: string } }[])
      .map((e) => e.resource.id)
      .sort();

  it('publishes the trials loaded last, even when the engine object stays the same', async () => {
    expect(await studies()).toEqual(['NCT06789107', 'NCT07233642', 'ln-cart-5-35']);
    holder.swap(await loadEngine({ onlyTrials: ['ln-cart-5-35'] }));
    expect(await studies()).toEqual(['ln-cart-5-35']);
    expect((await call(`${fhir.base}/Library/NCT06789107`)).status).toBe(404);
  });
});

// Shared constants for the value-set definitions (plain data, no I/O).
export const SCT = 'http://snomed.info/sct';
export const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
export const LNC = 'http://loinc.org';
export const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const CVX = 'http://hl7.org/fhir/sid/cvx';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const LOCAL = 'urn:trialcds:concept';

export const VERSION = '2026.11.0';
export const DATE = '2026-11-22';

export const KNOWN_SYSTEMS = [SCT, ICD, LNC, RX, CVX, CPT, LOCAL];

const Q24 = 'cqframework/ecqm-content-qicore-2024:input/vocabulary/valueset/external/valueset-';

/** Citation of a VSAC expansion as stored in cqframework/ecqm-content-qicore-2024. */
export function vsac(name, oid) {
  return `VSAC "${name}" ${oid} (${Q24}${oid}.json)`;
}

export const TERMINOLOGY_MD = 'shared/docs/terminology.md main tables';
export const SYNTHEA = 'shared/corpora/synthea-r4 (70 Synthea R4 bundles; code+display seen on resources)';
export const OHDSI = (n, set) => `OHDSI/PhenotypeLibrary:inst/cohorts/${n}.json (concept set "${set}")`;
export const CIBMTR = (file) => `nmdp-ig/cibmtr-reporting-ig:build/input/fsh/${file}`;
export const RKI = (file) =>
  `konvoulg/mio.prep.bericht:HIV-PrEP_Bericht/input/fsh/ValueSets/${file}`;
export const USCORE_CVX =
  'US Core 3.1.0 CVX value set (hl7.fhir.us.core 3.1.0 ValueSet-us-core-vaccines-cvx.json, copy cited by terminology.md)';

/** Concept helpers: c(system, code, display). */
export const c = (system, code, display) => ({ system, code, display });
export const sct = (code, display) => c(SCT, code, display);
export const icd = (code, display) => c(ICD, code, display);
export const lnc = (code, display) => c(LNC, code, display);
export const rx = (code, display) => c(RX, code, display);
export const cvx = (code, display) => c(CVX, code, display);
export const cpt = (code, display) => c(CPT, code, display);

/**
 * The test to order when a criterion is `unknown` for want of a result (issue 15): LOINC codes
 * and displays copied from the bundled value sets (valuesets/lab-*.json, obs-*.json, each citing
 * where the code was seen); test/unit/cds-hooks/orderable-tests.test.ts checks every code is a
 * member of the value set named here, so this table cannot drift from what the criteria read.
 * Criteria not listed (or trials other than the bundled three) get only the referral suggestion.
 */
export interface OrderableTest {
  code: string;
  display: string;
  /** The bundled value set the code belongs to (checked by the test above). */
  valueSet: string;
}

const t = (valueSet: string, code: string, display: string): OrderableTest => ({ valueSet, code, display });

const ANA = t('lab-ana-titer', '5048-4', 'Nuclear Ab [Titer] in Serum by Immunofluorescence');
const DSDNA = t('lab-anti-dsdna', '5130-0', 'DNA double strand Ab [Units/volume] in Serum');
const SM = t('lab-anti-sm', '18323-6', 'Sm Ab, IgG, Serum');
const UPCR = t('lab-upcr-mass-ratio', '2890-2', 'Protein/Creatinine [Mass Ratio] in Urine');
const PROTEIN_24H = t('lab-urine-protein-24h', '2889-4', 'Protein [Mass/time] in 24 hour Urine');
const EGFR = t('lab-egfr', '98979-8', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)');
const AST = t('lab-ast', '1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma');
const ALT = t('lab-alt', '1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma');
const TBIL = t('lab-bilirubin-total', '1975-2', 'Bilirubin.total [Mass/volume] in Serum or Plasma');
const CREATININE = t('lab-creatinine-serum', '2160-0', 'Creatinine [Mass/volume] in Serum or Plasma');
const NEUTROPHILS = t('lab-neutrophils-absolute', '751-8', 'Neutrophils [#/volume] in Blood by Automated count');
const LYMPHOCYTES = t('lab-lymphocytes-absolute', '731-0', 'Lymphocytes [#/volume] in Blood by Automated count');
const PLATELETS = t('lab-platelets', '777-3', 'Platelets [#/volume] in Blood by Automated count');
const HEMOGLOBIN = t('lab-hemoglobin', '718-7', 'Hemoglobin [Mass/volume] in Blood');
const CD19 = t('lab-cd19-b-cells-absolute', '8116-6', 'CD19 cells [#/volume] in Blood');
const IGG = t('lab-igg', '2465-3', 'IgG [Mass/volume] in Serum or Plasma');
const LVEF = t('obs-lvef', '10230-1', 'Left ventricular Ejection fraction');
const SPO2 = t('obs-spo2', '59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry');
const URINE_HCG = t('lab-hcg-urine-qualitative', '2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine');
const SERUM_HCG = t('lab-hcg-serum-qualitative', '2118-8', 'Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma');
const HBV_DNA = t('lab-hbv-dna', '29615-2', 'Hepatitis B virus DNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection');
const HCV_RNA = t('lab-hcv-rna', '11011-4', 'Hepatitis C virus RNA [Units/volume] (viral load) in Serum or Plasma by NAA with probe detection');
const CMV_DNA = t('lab-cmv-dna', '72493-0', 'Cytomegalovirus DNA [Units/volume] (viral load) in Serum or Plasma by NAA with probe detection');

/** trial id → criterion id → the tests that would decide it. */
export const ORDERABLE_TESTS: Readonly<Record<string, Readonly<Record<string, readonly OrderableTest[]>>>> = {
  'ln-cart-5-35': {
    I4: [ANA, DSDNA, SM],
    I6: [UPCR, PROTEIN_24H],
    E2: [HBV_DNA, HCV_RNA],
    E12: [EGFR],
    'E13.1': [AST],
    'E13.2': [ALT],
    'E13.3': [TBIL],
    'E13.4': [CREATININE],
    'E13.5': [ALT, AST],
    'E13.6': [TBIL],
    'E13.7': [NEUTROPHILS],
    'E13.8': [PLATELETS],
    'E13.9': [HEMOGLOBIN],
  },
  NCT07233642: {
    'I4.1': [LVEF],
    'I4.2': [EGFR],
    'I4.3': [AST, ALT, TBIL],
    'I4.4': [SPO2],
    I6: [URINE_HCG],
    E6: [HBV_DNA, HCV_RNA],
    E11: [SERUM_HCG],
  },
  NCT06789107: {
    'I3.1': [ANA],
    'I3.2': [DSDNA],
    'I3.3': [SM],
    'I7.1': [LYMPHOCYTES],
    'I7.2': [CD19],
    'I7.3': [NEUTROPHILS],
    'I7.4': [HEMOGLOBIN],
    'I7.5': [PLATELETS],
    'I7.6': [LVEF],
    'I7.7': [EGFR],
    'I7.8': [AST, ALT, TBIL],
    'I7.9': [SPO2],
    I8: [URINE_HCG],
    E9: [IGG],
    E10: [HBV_DNA, HCV_RNA, CMV_DNA],
    E18: [SERUM_HCG],
  },
};

export function orderableTests(trialId: string, criterionId: string): readonly OrderableTest[] {
  return ORDERABLE_TESTS[trialId]?.[criterionId] ?? [];
}

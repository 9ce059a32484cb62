// SLE, lupus nephritis (any class and classes I-VI), biopsy, SLEDAI-2K, autoantibodies, proteinuria.
import { sct, icd, lnc, c, LOCAL, vsac, OHDSI, TERMINOLOGY_MD } from '../common.mjs';

const LUPUS_VS = vsac('Lupus', '2.16.840.1.113883.3.464.1003.117.12.1010');
const CK_LUPUS =
  'Every code and display re-read in the stored VSAC "Lupus" expansion (version 20240112, expansion 20240502) with the read_file tool on 2026-11-22; OHDSI/PEDSnet rows copied from terminology.md, whose main table cites the file where each was seen with its display.';
const PEDSNET = 'PEDSnet/Variable-Dictionary conditions/dx_glomerular_snomed.csv and dx_2022_06_GlomerularDisease_V1.csv';

const ln = {
  any: sct('68815009', 'Systemic lupus erythematosus glomerulonephritis syndrome (disorder)'),
  c1: sct('73286009', 'Systemic lupus erythematosus glomerulonephritis syndrome, World Health Organization class I (disorder)'),
  c2: sct('4676006', 'Systemic lupus erythematosus glomerulonephritis syndrome, World Health Organization class II (disorder)'),
  c3: sct('76521009', 'Systemic lupus erythematosus glomerulonephritis syndrome, World Health Organization class III (disorder)'),
  c4: sct('36402006', 'Systemic lupus erythematosus glomerulonephritis syndrome, World Health Organization class IV (disorder)'),
  c5: sct('52042003', 'Systemic lupus erythematosus glomerulonephritis syndrome, World Health Organization class V (disorder)'),
  c6: sct('11013005', 'Systemic lupus erythematosus glomerulonephritis syndrome, World Health Organization class VI (disorder)'),
};
const lnOther = [
  sct('308751000119106', 'Glomerular disease due to systemic lupus erythematosus'),
  sct('295101000119105', 'Nephropathy co-occurrent and due to systemic lupus erythematosus'),
  sct('295111000119108', 'Nephrotic syndrome co-occurrent and due to systemic lupus erythematosus'),
  sct('197608009', '(Nephrotic syndrome in systemic lupus erythematosus) or (lupus nephritis)'),
  sct('307755009', 'Renal tubulo-interstitial disorder in systemic lupus erythematosus'),
];
const lnIcd = [
  icd('M32.14', 'Glomerular disease in systemic lupus erythematosus'),
  icd('M32.15', 'Tubulo-interstitial nephropathy in systemic lupus erythematosus'),
];
const npsle = [
  sct('1144942002', 'Neuropsychiatric disorder due to systemic lupus erythematosus (disorder)'),
  sct('95644001', 'Systemic lupus erythematosus encephalitis (disorder)'),
  sct('230307005', 'Chorea in systemic lupus erythematosus'),
  sct('1259517005', 'Dementia due to systemic lupus erythematosus (disorder)'),
];

const classDef = (n, roman, code, usedBy, extra = '') => ({
  id: `dx-lupus-nephritis-class-${roman.toLowerCase()}`,
  title: `Lupus nephritis, class ${roman} (WHO / ISN-RPS class ${roman})`,
  concept: `Lupus nephritis of biopsy class ${roman}. SNOMED CT has only the WHO-class disorder concepts; ISN/RPS (2003/2018) kept the WHO class numbers, so an ISN/RPS class ${roman} biopsy is coded with this concept (contract §5a: the Condition's onsetDateTime or recordedDate is the biopsy date). ${extra}`,
  leftOut:
    'ICD-10-CM codes: ICD-10-CM has no class-specific lupus-nephritis code (M32.14 does not carry a class), so no ICD-10-CM code can say which class a biopsy showed; M32.14 is in dx-lupus-nephritis instead. ISN/RPS subclasses (e.g. IV-S / IV-G, A/C activity) have no SNOMED concept.',
  sources: [LUPUS_VS, TERMINOLOGY_MD],
  checked: CK_LUPUS,
  usedBy: usedBy,
  codes: [code],
  n,
});

export const lupusDefinitions = [
  {
    id: 'dx-sle',
    title: 'Systemic lupus erythematosus (diagnosis)',
    concept:
      'Diagnoses that establish systemic lupus erythematosus: SLE itself, SLE with organ involvement, and disorders whose name states they are due to / part of SLE (lupus nephritis of any class, SLE pericarditis, endocarditis, lung disease, encephalitis, neuropsychiatric SLE, SLE-associated antiphospholipid syndrome). A record of any of these is a recorded SLE diagnosis (a patient coded only "lupus nephritis class IV" has SLE). Whether the 2019 EULAR/ACR classification criteria were applied is not coded in EHR data.',
    leftOut:
      'Drug-induced lupus (M32.0, 201436003 and its procainamide / hydralazine / phenytoin children, 80258006) - not SLE, see dx-drug-induced-lupus. 200936003 "Lupus erythematosus (disorder)" - the parent of cutaneous LE as well as SLE; it is what Synthea\'s lupus module codes, so it has its own set dx-lupus-erythematosus-unspecified (a possible-SLE tier that should lead to review, not pass). Cutaneous-only forms in the VSAC Lupus set (239886003 limited LE, 239888002 lupus panniculitis). 19682006 "Lupus hepatitis" (historical name of autoimmune hepatitis, not SLE), 54072008 "Nonbacterial verrucal endocardiosis" and 77753005 "Lupus disease of the lung" (names do not state systemic LE; 77753005 is kept in dx-lupus-lung-involvement). ICD-10-CM M32.16-M32.18 do not exist in the 2024 expansion.',
    sources: [LUPUS_VS, OHDSI(119, 'Systemic lupus erythematosus (SLE)'), PEDSNET, TERMINOLOGY_MD],
    checked: CK_LUPUS,
    usedBy: 'ln-cart-5-35 I2; NCT07233642 I2; NCT06789107 I2',
    codes: [
      sct('55464009', 'Systemic lupus erythematosus (disorder)'),
      sct('239887007', 'Systemic lupus erythematosus with organ/system involvement (disorder)'),
      sct('239890001', 'Systemic lupus erythematosus with multisystem involvement (disorder)'),
      sct('403486000', 'Acute systemic lupus erythematosus (disorder)'),
      sct('403487009', 'Fulminating systemic lupus erythematosus (disorder)'),
      sct('239889005', 'Bullous systemic lupus erythematosus (disorder)'),
      sct('773333003', 'Autosomal systemic lupus erythematosus (disorder)'),
      sct('95332009', 'Rash of systemic lupus erythematosus (disorder)'),
      sct('196138005', 'Lung disease with systemic lupus erythematosus (disorder)'),
      sct('25380002', 'Pericarditis co-occurrent and due to systemic lupus erythematosus (disorder)'),
      sct('309762007', 'Systemic lupus erythematosus with pericarditis (disorder)'),
      sct('72181000119109', 'Endocarditis due to systemic lupus erythematosus'),
      sct('402865003', 'Systemic lupus erythematosus-associated antiphospholipid syndrome'),
      ...npsle,
      ln.any, ln.c1, ln.c2, ln.c3, ln.c4, ln.c5, ln.c6,
      ...lnOther,
      icd('M32.10', 'Systemic lupus erythematosus, organ or system involvement unspecified'),
      icd('M32.11', 'Endocarditis in systemic lupus erythematosus'),
      icd('M32.12', 'Pericarditis in systemic lupus erythematosus'),
      icd('M32.13', 'Lung involvement in systemic lupus erythematosus'),
      ...lnIcd,
      icd('M32.19', 'Other organ or system involvement in systemic lupus erythematosus'),
      icd('M32.8', 'Other forms of systemic lupus erythematosus'),
      icd('M32.9', 'Systemic lupus erythematosus, unspecified'),
    ],
  },
  {
    id: 'dx-lupus-erythematosus-unspecified',
    title: 'Lupus erythematosus, type not stated (possible SLE)',
    concept:
      '"Lupus erythematosus (disorder)" without saying systemic or cutaneous. It is the code Synthea\'s lupus module (synthetichealth/synthea modules/lupus.json) puts on its lupus patients, and real problem lists use it loosely. It neither proves nor rules out SLE: a criterion requiring SLE should give review (not pass, not fail) when this is the only lupus code.',
    leftOut: 'Everything more specific (see dx-sle, dx-drug-induced-lupus).',
    sources: [LUPUS_VS, 'synthetichealth/synthea:src/main/resources/modules/lupus.json (via terminology.md)'],
    checked: CK_LUPUS,
    usedBy: 'ln-cart-5-35 I2; NCT07233642 I2; NCT06789107 I2 (review tier only)',
    codes: [sct('200936003', 'Lupus erythematosus (disorder)')],
  },
  {
    id: 'dx-drug-induced-lupus',
    title: 'Drug-induced lupus erythematosus',
    concept:
      'Drug-induced lupus. Deliberately NOT part of dx-sle: it is a different disease that resolves when the drug is stopped; a patient whose only lupus code is drug-induced does not meet "diagnosed with SLE". Use it to explain a failed SLE inclusion.',
    leftOut: 'None known beyond the VSAC Lupus members listed.',
    sources: [LUPUS_VS],
    checked: CK_LUPUS,
    usedBy: 'ln-cart-5-35 I2; NCT07233642 I2; NCT06789107 I2 (reason text: not counted as SLE)',
    codes: [
      sct('201436003', 'Drug-induced systemic lupus erythematosus (disorder)'),
      sct('80258006', 'Drug-induced lupus erythematosus (disorder)'),
      sct('22888007', 'Drug-induced lupus erythematosus caused by procainamide (disorder)'),
      sct('54912002', 'Drug-induced lupus erythematosus caused by hydralazine (disorder)'),
      sct('61458006', 'Drug-induced lupus erythematosus caused by diphenylhydantoin (disorder)'),
      icd('M32.0', 'Drug-induced systemic lupus erythematosus'),
    ],
  },
  {
    id: 'dx-lupus-nephritis',
    title: 'Lupus nephritis, any class',
    concept:
      'Kidney involvement by SLE of any biopsy class, or with the class not stated: the SLE glomerulonephritis syndrome and its WHO classes I-VI, glomerular disease / nephropathy / nephrotic syndrome due to SLE, tubulo-interstitial lupus nephritis, and ICD-10-CM M32.14 / M32.15. Class-specific sets (dx-lupus-nephritis-class-i ... -vi) say which class; this set only says "lupus nephritis is on record".',
    leftOut:
      'Non-lupus glomerulonephritis. M32.15 / 307755009 (tubulo-interstitial) are included because they are lupus kidney disease, although biopsy classes describe glomerular lesions; a criterion needing class III/IV must use the class sets.',
    sources: [LUPUS_VS, OHDSI(119, 'Systemic lupus erythematosus (SLE)'), PEDSNET, TERMINOLOGY_MD],
    checked: CK_LUPUS,
    usedBy: 'ln-cart-5-35 I2 (and E6/E1 reason text)',
    codes: [ln.any, ln.c1, ln.c2, ln.c3, ln.c4, ln.c5, ln.c6, ...lnOther, ...lnIcd],
  },
  classDef(1, 'I', ln.c1, 'ln-cart-5-35 I2 (a class I biopsy does not qualify)', 'Minimal mesangial LN - not proliferative, does not qualify for ln-cart-5-35.'),
  classDef(2, 'II', ln.c2, 'ln-cart-5-35 I2 (a class II biopsy does not qualify)', 'Mesangial proliferative LN - not the proliferative class III/IV the trial needs.'),
  classDef(3, 'III', ln.c3, 'ln-cart-5-35 I2', 'Focal proliferative LN - qualifies (alone or with class V).'),
  classDef(4, 'IV', ln.c4, 'ln-cart-5-35 I2', 'Diffuse proliferative LN - qualifies (alone or with class V).'),
  classDef(5, 'V', ln.c5, 'ln-cart-5-35 I2', 'Membranous LN - qualifies only together with a class III or IV code from the same biopsy ("III/IV + V" is coded with both concepts); pure class V does not qualify.'),
  classDef(6, 'VI', ln.c6, 'ln-cart-5-35 I2 (a class VI biopsy does not qualify)', 'Advanced sclerosing LN - does not qualify.'),
  {
    id: 'proc-kidney-biopsy',
    title: 'Kidney (renal) biopsy',
    concept:
      'Procedure codes for a biopsy of the kidney (percutaneous, open or surgical), including the LOINC radiology code for imaging guidance of a percutaneous kidney biopsy, which some EHRs put on the Procedure/ImagingStudy. The biopsy RESULT (class) is carried by the dx-lupus-nephritis-class-* Conditions (contract §5a); this set only dates the biopsy.',
    leftOut:
      'CPT biopsy codes (not verified in a citable source in this work). Biopsies of other organs.',
    sources: [OHDSI(298, 'Kidney biopsies'), vsac('Major Surgical Procedure', '2.16.840.1.113883.3.3157.4056'), vsac('X-Ray Study (all inclusive)', '2.16.840.1.113883.3.464.1003.198.12.1034'), TERMINOLOGY_MD],
    checked: 'Codes and displays copied from terminology.md main tables (each row cites the file where it was seen with its display); 7246002 is also the code contract §5a names.',
    usedBy: 'ln-cart-5-35 I2',
    codes: [
      sct('7246002', 'Kidney biopsy'),
      sct('40134000', 'Open biopsy of kidney (procedure)'),
      sct('274358005', 'Surgical biopsy of kidney (procedure)'),
      lnc('87041-0', 'Guidance for percutaneous biopsy of Kidney'),
    ],
  },
  {
    id: 'obs-sledai-2k',
    title: 'SLEDAI-2K total score (local concept)',
    concept:
      'The SLEDAI-2K (SLEDAI-2000) disease-activity total score, 0-105. No LOINC or SNOMED CT code exists, so the service uses the local concept of contract §5a: Observation.code = urn:trialcds:concept#sledai-2k, valueInteger or valueQuantity with unit {score}. Sites map their own local codes onto it in configuration.',
    leftOut: 'SELENA-SLEDAI, SLEDAI-2K-30 and other variants have no code either; they are not the same instrument and are not mapped here.',
    units: '{score} (or a bare integer)',
    sources: ['shared/docs/contract.md §5a', 'terminology.md §3 notes and §9 gaps (no LOINC/SNOMED found)'],
    checked: 'Local code exactly as contract §5a defines it; absence of a standard code is the finding of terminology.md (loinc.org mirrors, docs corpus and GitHub index searched).',
    usedBy: 'ln-cart-5-35 I5; NCT07233642 I3; NCT06789107 I5',
    codes: [c(LOCAL, 'sledai-2k', 'SLEDAI-2K total score')],
  },
];

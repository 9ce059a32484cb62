// ln-cart-5-35 E1 lupus-crisis manifestations, CNS events (NCT07233642 E1, NCT06789107 E1), APS.
import { sct, icd, vsac, OHDSI, TERMINOLOGY_MD, SYNTHEA } from '../common.mjs';

const GN_VS = vsac('Glomerulonephritis and Nephrotic Syndrome', '2.16.840.1.113883.3.464.1003.109.12.1018');
const AKI_VS = vsac('High Risk Diagnosis for AKI', '2.16.840.1.113762.1.4.1248.12');
const LUPUS_VS = vsac('Lupus', '2.16.840.1.113883.3.464.1003.117.12.1010');
const CARDIAC_VS = vsac('Cardiac Disease', '2.16.840.1.113762.1.4.1029.341');
const DICOM_3700 = 'DICOM CID 3700 "Cath Diagnosis" as FHIR (bvdh/dicom-terminology-in-fhir:input/fsh/ValueSet-dicom-cid-3700-CathDiagnosis.fsh)';
const CK_TM = 'Codes and displays copied from terminology.md main tables; each row there cites the file in which the code was seen with that display.';
const CK_CARDIAC = 'ICD-10-CM codes and displays re-read in the stored VSAC "Cardiac Disease" expansion (2024 ICD-10-CM) with read_file on 2026-11-22.';

export const crisisDefinitions = [
  {
    id: 'dx-rapidly-progressive-glomerulonephritis',
    title: 'Rapidly progressive glomerulonephritis (rapidly progressive nephritic syndrome)',
    concept:
      'Rapidly progressive glomerulonephritis / rapidly progressive nephritic syndrome, any morphology (ICD-10-CM N01.-). In a patient with SLE this is the "rapidly progressive lupus nephritis" manifestation of lupus crisis.',
    leftOut:
      'Crescentic glomerulonephritis (64212008, 236398000): crescents are the histological correlate of RPGN but a crescentic class III/IV lupus biopsy is not by itself a clinical RPGN, so those codes are in dx-crescentic-glomerulonephritis for review rather than here. Non-rapid nephritic syndromes (N00, N05).',
    sources: [GN_VS, AKI_VS, TERMINOLOGY_MD],
    checked: CK_TM,
    usedBy: 'ln-cart-5-35 E1 (RPGN manifestation of lupus crisis); NCT07233642 E2 and NCT06789107 E2 (severe acute nephritis, review)',
    codes: [
      sct('236392004', 'Rapidly progressive glomerulonephritis (disorder)'),
      sct('445258009', 'Idiopathic rapidly progressive glomerulonephritis (disorder)'),
      sct('197689003', 'Rapidly progressive nephritic syndrome (disorder)'),
      icd('N01.0', 'Rapidly progressive nephritic syndrome with minor glomerular abnormality'),
      icd('N01.1', 'Rapidly progressive nephritic syndrome with focal and segmental glomerular lesions'),
      icd('N01.2', 'Rapidly progressive nephritic syndrome with diffuse membranous glomerulonephritis'),
      icd('N01.3', 'Rapidly progressive nephritic syndrome with diffuse mesangial proliferative glomerulonephritis'),
      icd('N01.4', 'Rapidly progressive nephritic syndrome with diffuse endocapillary proliferative glomerulonephritis'),
      icd('N01.5', 'Rapidly progressive nephritic syndrome with diffuse mesangiocapillary glomerulonephritis'),
      icd('N01.6', 'Rapidly progressive nephritic syndrome with dense deposit disease'),
      icd('N01.7', 'Rapidly progressive nephritic syndrome with diffuse crescentic glomerulonephritis'),
      icd('N01.8', 'Rapidly progressive nephritic syndrome with other morphologic changes'),
      icd('N01.9', 'Rapidly progressive nephritic syndrome with unspecified morphologic changes'),
      icd('N01.A', 'Rapidly progressive nephritic syndrome with C3 glomerulonephritis'),
    ],
  },
  {
    id: 'dx-crescentic-glomerulonephritis',
    title: 'Crescentic glomerulonephritis (possible RPGN - review)',
    concept:
      'Crescentic glomerulonephritis coded as a disorder. Kept apart from dx-rapidly-progressive-glomerulonephritis: crescents on a class III/IV lupus biopsy are common and do not by themselves make the clinical syndrome of rapidly progressive lupus nephritis, so a match should lead to review, not to an automatic lupus-crisis exclusion.',
    leftOut: 'ICD-10-CM N01.7 (its title says rapidly progressive nephritic syndrome; it is in the RPGN set).',
    sources: [GN_VS, TERMINOLOGY_MD],
    checked: CK_TM,
    usedBy: 'ln-cart-5-35 E1 (review)',
    codes: [
      sct('64212008', 'Diffuse crescentic glomerulonephritis (disorder)'),
      sct('236398000', 'Crescentic glomerulonephritis (disorder)'),
    ],
  },
  {
    id: 'dx-lupus-lung-involvement',
    title: 'Lupus lung involvement, unspecified (possible diffuse alveolar hemorrhage - review)',
    concept:
      'Non-specific codes for lung involvement by lupus. No SNOMED CT or ICD-10-CM code for diffuse alveolar hemorrhage (DAH) was found in any citable source, and ICD-10-CM codes lupus DAH as M32.13 (+ R04.89). A match means "lupus lung disease is on record": the DAH manifestation of lupus crisis cannot be confirmed or excluded from codes, so the criterion should give review.',
    leftOut: 'R04.89 (any respiratory-passage bleeding, see dx-pulmonary-hemorrhage-nonspecific); pleuritis-only codes.',
    sources: [LUPUS_VS, TERMINOLOGY_MD],
    checked: 'Re-read in the stored VSAC "Lupus" expansion with read_file on 2026-11-22.',
    usedBy: 'ln-cart-5-35 E1 (diffuse alveolar hemorrhage, review)',
    codes: [
      sct('196138005', 'Lung disease with systemic lupus erythematosus (disorder)'),
      sct('77753005', 'Lupus disease of the lung (disorder)'),
      icd('M32.13', 'Lung involvement in systemic lupus erythematosus'),
    ],
  },
  {
    id: 'dx-pulmonary-hemorrhage-nonspecific',
    title: 'Hemorrhage from the respiratory passages, other (possible alveolar hemorrhage - review)',
    concept:
      'ICD-10-CM R04.89, which covers pulmonary hemorrhage NOS and is how an unspecified alveolar hemorrhage is usually coded. In an SLE patient it may be diffuse alveolar hemorrhage; it is not specific, so review.',
    leftOut: 'Epistaxis (R04.0), hemoptysis (R04.2) and throat bleeding: not alveolar.',
    sources: [vsac('Active Bleeding Excluding Menses or Bleeding Diathesis', '2.16.840.1.113883.3.3157.4036'), TERMINOLOGY_MD],
    checked: CK_TM,
    usedBy: 'ln-cart-5-35 E1 (diffuse alveolar hemorrhage, review)',
    codes: [icd('R04.89', 'Hemorrhage from other sites in respiratory passages')],
  },
  {
    id: 'dx-thrombotic-microangiopathy',
    title: 'Thrombotic microangiopathy (incl. TTP and HUS)',
    concept:
      'Thrombotic microangiopathy of any cause, including its named forms thrombotic thrombocytopenic purpura and hemolytic uremic syndrome (both are TMAs); in an SLE patient any of them is the TMA manifestation of lupus crisis.',
    leftOut: 'ICD-10-CM codes for TTP (M31.1 parent in older releases) and HUS (D59.3-) were not verified in a citable source and are left out; the M31.1- TMA codes of the 2024 release are included.',
    sources: [OHDSI(216, 'Thrombotic microangiopathy / Hemolytic uremic syndrome'), OHDSI(901, '[LEGEND HTN] Anemia'), vsac('Autoimmune Disease', '2.16.840.1.113762.1.4.1029.311'), TERMINOLOGY_MD],
    checked: CK_TM,
    usedBy: 'ln-cart-5-35 E1 (TMA manifestation of lupus crisis)',
    codes: [
      sct('126729006', 'Thrombotic microangiopathy'),
      sct('78129009', 'Thrombotic thrombocytopenic purpura'),
      sct('111407006', 'Hemolytic uremic syndrome'),
      icd('M31.10', 'Thrombotic microangiopathy, unspecified'),
      icd('M31.11', 'Hematopoietic stem cell transplantation-associated thrombotic microangiopathy [HSCT-TMA]'),
      icd('M31.19', 'Other thrombotic microangiopathy'),
    ],
  },
  {
    id: 'dx-neuropsychiatric-lupus',
    title: 'Neuropsychiatric systemic lupus erythematosus (NPSLE)',
    concept:
      'Disorders whose name states they are neuropsychiatric manifestations of SLE: NPSLE, SLE encephalitis (lupus cerebritis), chorea in SLE, dementia due to SLE. Individual neuropsychiatric events in an SLE patient (seizure, psychosis, acute confusion, stroke) are in their own sets (dx-seizure, dx-psychosis, dx-delirium-acute-confusion, dx-cerebrovascular-event), because the trials name them separately and their attribution to lupus needs judgement.',
    leftOut:
      'ICD-10-CM has no NPSLE code; coders use M32.19 "Other organ or system involvement in SLE", which covers many non-neurological organs, so M32.19 is NOT here (a criterion may treat M32.19 as review only).',
    sources: [vsac('Mental Behavioral and Neurodevelopmental Disorders', '2.16.840.1.113883.3.464.1003.105.12.1203'), LUPUS_VS, OHDSI(216, 'No major autoimmune disorders (RA, MS, Psoriasis...)'), TERMINOLOGY_MD],
    checked: CK_TM + ' 95644001 re-read in the VSAC "Lupus" expansion.',
    usedBy: 'ln-cart-5-35 E1 (neuropsychiatric lupus); NCT07233642 E1 (CNS lupus); NCT06789107 E1 (lupus-related neuropsychiatric disease)',
    codes: [
      sct('1144942002', 'Neuropsychiatric disorder due to systemic lupus erythematosus (disorder)'),
      sct('95644001', 'Systemic lupus erythematosus encephalitis (disorder)'),
      sct('230307005', 'Chorea in systemic lupus erythematosus'),
      sct('1259517005', 'Dementia due to systemic lupus erythematosus (disorder)'),
    ],
  },
  {
    id: 'dx-lupus-cerebritis',
    title: 'Lupus cerebritis (SLE encephalitis)',
    concept: 'SLE encephalitis, the SNOMED CT concept for lupus cerebritis. Also a member of dx-neuropsychiatric-lupus; kept alone so a CNS criterion can name it.',
    leftOut: 'No ICD-10-CM code exists (M32.19 is not specific).',
    sources: [LUPUS_VS],
    checked: 'Re-read in the stored VSAC "Lupus" expansion with read_file on 2026-11-22.',
    usedBy: 'NCT07233642 E1; NCT06789107 E1; ln-cart-5-35 E1',
    codes: [sct('95644001', 'Systemic lupus erythematosus encephalitis (disorder)')],
  },
  {
    id: 'dx-seizure',
    title: 'Seizure or epilepsy',
    concept:
      'Seizure, seizure disorder and epilepsy (CNS event named by NCT06789107 E1 "epilepsy" and part of CNS lupus in NCT07233642 E1). Whether the event is lupus-related cannot be told from the code: with a seizure in the window the criterion should give review unless the record links it to SLE.',
    leftOut:
      '703151001 "History of single seizure (situation)" (seen in Synthea): a history statement recorded today does not date the seizure, so it would put old childhood seizures into a 60-day window. Febrile convulsions (not verified, and not lupus).',
    sources: [vsac('Seizure Disorder', '2.16.840.1.113883.3.464.1003.105.12.1206'), OHDSI(254, 'Adult Epilepsy and Seizure Afebrile'), vsac('Neuromuscular Disease', '2.16.840.1.113762.1.4.1029.308'), vsac('Epilepsy', '2.16.840.1.113762.1.4.1248.171'), SYNTHEA, TERMINOLOGY_MD],
    checked: CK_TM + ' 84757009 and 128613002 also occur in the Synthea corpus (displays "Epilepsy", "Seizure disorder").',
    usedBy: 'NCT06789107 E1; NCT07233642 E1; ln-cart-5-35 E1 (as neuropsychiatric event, review)',
    codes: [
      sct('84757009', 'Epilepsy (disorder)'),
      sct('128613002', 'Seizure disorder (disorder)'),
      sct('91175000', 'Seizure'),
      icd('G40.909', 'Epilepsy, unspecified, not intractable, without status epilepticus'),
      icd('G40.919', 'Epilepsy, unspecified, intractable, without status epilepticus'),
      icd('R56.9', 'Unspecified convulsions'),
    ],
  },
  {
    id: 'dx-cerebrovascular-event',
    title: 'Cerebrovascular event (stroke)',
    concept: 'Stroke / cerebrovascular accident, ischemic or hemorrhagic (CNS event named by NCT06789107 E1).',
    leftOut: 'Transient ischemic attack and cerebral venous thrombosis codes were not verified in a citable source here (see README Gaps).',
    sources: [vsac('Cerebrovascular Disease Stroke or TIA', '2.16.840.1.113762.1.4.1047.44'), vsac('Puerperal Cerebrovascular Disorder', '2.16.840.1.113762.1.4.1029.229'), SYNTHEA, TERMINOLOGY_MD],
    checked: CK_TM,
    usedBy: 'NCT06789107 E1; NCT07233642 E1; ln-cart-5-35 E1 (as neuropsychiatric event, review)',
    codes: [
      sct('230690007', 'Cerebrovascular accident (disorder)'),
      icd('I63.9', 'Cerebral infarction, unspecified'),
      icd('I61.9', 'Nontraumatic intracerebral hemorrhage, unspecified'),
    ],
  },
  {
    id: 'dx-pericardial-tamponade',
    title: 'Pericardial (cardiac) tamponade',
    concept: 'Cardiac tamponade, the pericardial-tamponade manifestation of lupus crisis.',
    leftOut: 'Pericardial effusion without tamponade (dx-pericardial-effusion) and SLE pericarditis (part of dx-sle).',
    sources: [CARDIAC_VS, DICOM_3700],
    checked: CK_CARDIAC + ' SNOMED 35304003 seen with display "Pericardial tamponade" in the DICOM CID 3700 FHIR value set (read_file).',
    usedBy: 'ln-cart-5-35 E1',
    codes: [sct('35304003', 'Pericardial tamponade'), icd('I31.4', 'Cardiac tamponade')],
  },
  {
    id: 'dx-antiphospholipid-syndrome',
    title: 'Antiphospholipid syndrome',
    concept:
      'Antiphospholipid syndrome, primary or SLE-associated. No code for catastrophic APS (CAPS) or for APS severity exists in the sources, so: NCT06789107 E3 "severe APS within 12 months" -> an APS diagnosis in the window gives review (severity is a judgement); ln-cart-5-35 E1 "catastrophic APS" -> an APS diagnosis gives review (cannot tell catastrophic from codes).',
    leftOut:
      'D68.312 "Antiphospholipid antibody with hemorrhagic disorder" (a lupus-anticoagulant bleeding disorder, not APS) and positive antiphospholipid antibodies without the syndrome.',
    sources: [OHDSI(216, 'Antiphospholipid syndrome'), OHDSI(119, 'Systemic lupus erythematosus (SLE)'), vsac('Bleeding Disorder', '2.16.840.1.113762.1.4.1029.287'), TERMINOLOGY_MD],
    checked: CK_TM,
    usedBy: 'NCT06789107 E3; ln-cart-5-35 E1 (catastrophic APS, review)',
    codes: [
      sct('26843008', 'Antiphospholipid syndrome'),
      sct('402865003', 'Systemic lupus erythematosus-associated antiphospholipid syndrome'),
      icd('D68.61', 'Antiphospholipid syndrome'),
    ],
  },
];

const FS_CNS = (what) => `GitHub code index (find_string "${what}", 2026-11-22): code+display seen in several independent ICD-10-CM code lists`;
crisisDefinitions.push(
  {
    id: 'dx-psychosis',
    title: 'Psychosis (unspecified / other psychotic disorder)',
    concept: 'Psychotic disorders not attributed to a substance. In an SLE patient new psychosis is a neuropsychiatric lupus event (SLEDAI-2K item; CNS lupus of NCT07233642 E1, NCT06789107 E1); attribution to lupus needs judgement: a record in the 60-day window should give review.',
    leftOut: 'F06.2 (psychotic disorder due to known physiological condition - the ideal code for lupus psychosis, not verified), schizophrenia spectrum F20-F25 (primary psychiatric disorders; not named), SNOMED psychosis concepts (not verified). Steroid-induced psychosis (substance-induced F19.x - not verified).',
    sources: [FS_CNS('Unspecified psychosis not due to a substance')],
    checked: 'F28 and F29 seen with these displays in several independent ICD-10-CM lists via find_string.',
    usedBy: 'NCT07233642 E1; NCT06789107 E1; ln-cart-5-35 E1 (neuropsychiatric lupus, review)',
    codes: [
      icd('F29', 'Unspecified psychosis not due to a substance or known physiological condition'),
      icd('F28', 'Other psychotic disorder not due to a substance or known physiological condition'),
    ],
  },
  {
    id: 'dx-delirium-acute-confusion',
    title: 'Delirium / acute confusional state',
    concept: 'Delirium and altered mental status ("confusion" named by NCT06789107 E1; acute confusional state is an NPSLE syndrome). Non-specific: review when in the 60-day window.',
    leftOut: 'R41.0 disorientation and SNOMED "acute confusion" (not verified); dementia.',
    sources: [FS_CNS('Delirium due to known physiological condition') + '; SNOMED 2776000 "Delirium" paired with F05 in a clinical-rules file'],
    checked: 'F05 and R41.82 seen with these displays in several independent lists; 2776000 seen once with F05 (find_string).',
    usedBy: 'NCT06789107 E1; NCT07233642 E1; ln-cart-5-35 E1 (review)',
    codes: [
      sct('2776000', 'Delirium'),
      icd('F05', 'Delirium due to known physiological condition'),
      icd('R41.82', 'Altered mental status, unspecified'),
    ],
  },
);

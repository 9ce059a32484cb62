// Value sets specific to NCT06789107 (added by the NCT06789107 criteria author; codes only from the
// cited source, re-read with read_file on 2026-11-22).
import { sct, icd, vsac } from '../common.mjs';

const BLEED_VS = vsac('Active Bleeding Excluding Menses or Bleeding Diathesis', '2.16.840.1.113883.3.3157.4036');

export const nct06789107Definitions = [
  {
    id: 'dx-active-bleeding',
    title: 'Active bleeding (haemorrhage) - subset for the platelet waiver',
    concept:
      'Bleeding/haemorrhage diagnoses: NCT06789107 I7.5 note "thrombocytopenia ... due to immune-related causes, and without active bleeding, investigators may use clinical discretion" - an ACTIVE condition from this set in the 90 days before screening rules the waiver out (contract data rule 8), so platelets < 75 x 10^9/L fail instead of review. A subset of the VSAC set: generic haemorrhage, respiratory-tract bleeding and non-traumatic intracranial haemorrhage.',
    leftOut:
      'Coagulation-factor deficiencies, acquired inhibitors, DIC and drug-induced coagulation disorders of the VSAC set (bleeding tendency, not active bleeding); traumatic head-injury and post-procedural haemorrhage codes (S06.x, D78.2x, E89.81x, G97.5x: encounter-specific, rarely an active problem in this population); the ICD-10-CM per-artery subarachnoid/intracerebral subcodes (the unspecified codes I60.9 / I61.9 / I62.9 are kept). Gastrointestinal and urinary bleeding codes were not re-read in the stored expansion (gap).',
    sources: [BLEED_VS],
    checked: 'Each code and display re-read in the stored VSAC expansion (cqframework/ecqm-content-qicore-2024, expansion 20240502) with read_file on 2026-11-22.',
    usedBy: 'NCT06789107 I7.5 (waiver ruled out)',
    codes: [
      icd('R58', 'Hemorrhage, not elsewhere classified'),
      icd('R04.1', 'Hemorrhage from throat'),
      icd('R04.2', 'Hemoptysis'),
      icd('R04.89', 'Hemorrhage from other sites in respiratory passages'),
      icd('R04.9', 'Hemorrhage from respiratory passages, unspecified'),
      icd('D69.8', 'Other specified hemorrhagic conditions'),
      icd('D69.9', 'Hemorrhagic condition, unspecified'),
      icd('I60.9', 'Nontraumatic subarachnoid hemorrhage, unspecified'),
      icd('I61.9', 'Nontraumatic intracerebral hemorrhage, unspecified'),
      icd('I62.9', 'Nontraumatic intracranial hemorrhage, unspecified'),
      sct('1386000', 'Intracranial hemorrhage (disorder)'),
      sct('291571000119106', 'Spontaneous cerebral hemorrhage (disorder)'),
      sct('21454007', 'Subarachnoid intracranial hemorrhage (disorder)'),
      sct('35486000', 'Subdural intracranial hemorrhage (disorder)'),
      sct('22490002', 'Bleeding of mouth (finding)'),
      sct('234003006', 'Arterial hemorrhage (disorder)'),
      sct('234076002', 'Venous hemorrhage (disorder)'),
      sct('212373009', 'Secondary and recurrent hemorrhage (disorder)'),
    ],
  },
];

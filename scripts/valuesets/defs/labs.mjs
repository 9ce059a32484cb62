// Laboratory tests and other observations (LOINC).
import { lnc, vsac, CIBMTR, TERMINOLOGY_MD, SYNTHEA } from '../common.mjs';

const CK_TM = 'Codes and displays copied from terminology.md main tables; each row there cites the file in which the code was seen with that display.';
const PEDSNET_UPCR = 'PEDSnet/Variable-Dictionary lab_meas/lab_2021_10_UrineProteintoCreatineRatio_V1.csv';
const EGFR_VS = vsac('Estimated Glomerular Filtration Rate', '2.16.840.1.113883.3.6929.3.1000');
const EF_VS = vsac('Ejection Fraction', '2.16.840.1.113883.3.526.3.1134');
const PREG_VS = vsac('Pregnancy Test', '2.16.840.1.113883.3.464.1003.111.12.1011');
const EXAMPLES = 'shared/examples (worked acceptance cases use this code)';
const FS = (what) => `GitHub code index (find_string "${what}", 2026-11-22)`;
const QUAL = 'qualitative: valueCodeableConcept SNOMED 10828004 Positive / 260385009 Negative (or LOINC LA6576-8 / LA6577-6), or interpretation POS/NEG';

const lab = (id, title, concept, { leftOut = 'None known.', units, sources, checked = CK_TM, usedBy, codes }) => ({
  id, title, concept, leftOut, units, sources, checked, usedBy, codes,
});

export const labDefinitions = [
  lab('lab-ana', 'Antinuclear antibody (ANA) - any method', 'ANA tests: IFA titre (HEp-2), qualitative presence (IFA or unspecified method), and ELISA index. Positivity by contract rule 4 (interpretation, value above reference range, positive coded value, or titre >= the stated one). Use lab-ana-titer where a titre threshold is stated (NCT06789107 I3.1 >= 1:80).', {
    leftOut: '49311-4 ANA pattern (a pattern result is not a positivity result; a reported pattern implies a positive screen but carries no titre). 8061-4 / 42254-3 are included although terminology.md had not found 8061-4: it was found with its display (see SOURCES).',
    units: '{titer} for titres (e.g. 80 for 1:80, or valueRatio / valueString "1:320"); U or index for ELISA (94875-2, <= 1.0 U negative at Mayo); ' + QUAL + ' for presence codes',
    sources: ['https://spectrumhealth.testcatalog.org/show/LAB3540-1 (5048-4)', 'https://mml.testcatalog.org/show/NAIFA (59069-5, 33253-6)', 'https://mml.testcatalog.org/show/ANA2 (94875-2)', FS('Nuclear Ab [Presence] in Serum') + ': 8061-4 in a MIMIC-to-LOINC lab mapping table and a lab-normalisation code list; 42254-3 in several FHIR Shorthand value sets', TERMINOLOGY_MD, EXAMPLES],
    checked: CK_TM + ' 8061-4 and 42254-3 verified with find_string (two or more independent files each). Lab-catalog displays are the laboratories\' reporting names (LOINC long names not retrievable for 59069-5 / 33253-6 / 94875-2).',
    usedBy: 'ln-cart-5-35 I4; NCT06789107 I3.1',
    codes: [
      lnc('5048-4', 'Nuclear Ab [Titer] in Serum by Immunofluorescence'),
      lnc('33253-6', 'ANA Titer (Mayo result name)'),
      lnc('59069-5', 'Antinuclear Ab, HEp-2 Substrate, S (Mayo reporting name)'),
      lnc('94875-2', 'Antinuclear Ab, S (Mayo reporting name)'),
      lnc('8061-4', 'Nuclear Ab [Presence] in Serum'),
      lnc('42254-3', 'Nuclear Ab [Presence] in Serum by Immunofluorescence'),
    ],
  }),
  lab('lab-ana-titer', 'Antinuclear antibody titre (IFA)', 'ANA titre results, for thresholds stated as a dilution (NCT06789107 I3.1 "ANA >= 1:80"). Presence-only or ELISA results cannot show a titre: with only those, I3.1 is unknown unless another sub-criterion passes.', {
    leftOut: 'Presence and ELISA codes (in lab-ana).',
    units: '{titer} (value = dilution denominator, possibly with comparator), valueRatio 1:n, or valueString "1:n"',
    sources: ['https://spectrumhealth.testcatalog.org/show/LAB3540-1', 'https://mml.testcatalog.org/show/NAIFA', TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'NCT06789107 I3.1; ln-cart-5-35 I4',
    codes: [lnc('5048-4', 'Nuclear Ab [Titer] in Serum by Immunofluorescence'), lnc('33253-6', 'ANA Titer (Mayo result name)')],
  }),
  lab('lab-anti-dsdna', 'Anti-double-stranded DNA antibody', 'Anti-dsDNA antibody tests (ELISA/CLIA/Farr). Positive = above the result\'s referenceRange.high (NCT06789107 I3.2 "above ULN") or interpretation H/POS.', {
    leftOut: 'Crithidia IFA titre codes (not verified). 7465-1 (seen once only, in an example file).',
    units: '[IU]/mL (most labs), [arb\'U]/mL or U/mL',
    sources: ['https://mchslacrosse.testcatalog.org/show/DSDNA ; https://stmarysmaine.testcatalog.org/show/ADNA-1 (33799-8)', FS('DNA double strand Ab [Units/volume] in Serum') + ': 5130-0 in LOINC table exports and a MIMIC lab mapping', TERMINOLOGY_MD, EXAMPLES],
    checked: CK_TM + ' 5130-0 verified with find_string in >= 3 independent files.',
    usedBy: 'ln-cart-5-35 I4; NCT06789107 I3.2',
    codes: [lnc('33799-8', 'DNA Double-Stranded Ab, IgG, S (Mayo reporting name)'), lnc('5130-0', 'DNA double strand Ab [Units/volume] in Serum')],
  }),
  lab('lab-anti-sm', 'Anti-Smith (Sm) antibody', 'Anti-Sm antibody. Positive = above referenceRange.high or interpretation H/POS.', {
    leftOut: 'Sm/RNP combined antibody codes (RNP is not Sm). Other anti-Sm LOINC codes not verified (gap).',
    units: 'U or [arb\'U] (< 1.0 negative at Mayo)',
    sources: ['https://utsouthwestern.testcatalog.org/show/SM ; https://sjhnhlab.testcatalog.org/show/SM-1', TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'ln-cart-5-35 I4; NCT06789107 I3.3',
    codes: [lnc('18323-6', 'Sm Ab, IgG, S (Mayo reporting name)')],
  }),
  lab('lab-upcr', 'Urine protein/creatinine ratio (UPCR) - all codes', 'Urine protein-to-creatinine ratio, spot or timed. Union of lab-upcr-mass-ratio and lab-upcr-ratio. ln-cart-5-35 I6 threshold 1.0 g/g.', {
    leftOut: '16285-9 Creatinine/Protein (the INVERSE ratio - never use). Albumin/creatinine ratio (a different analyte). PEDSnet LOINC group/part codes (LG.../LP...) - not Observation codes. No LOINC for a mass/substance (mg/mmol) UPCR exists in the sources: a result in mg/mmol arriving on 2890-2 / 34366-5 is converted with creatinine 113.12 g/mol (contract §2 rule 2; 1.0 g/g = 113.12 mg/mmol).',
    units: 'mg/g, g/g, mg/mg, {ratio} (dimensionless = g/g), mg/mmol (convert)',
    sources: [PEDSNET_UPCR, TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'ln-cart-5-35 I6',
    codes: [
      lnc('2890-2', 'Protein/Creatinine [Mass Ratio] in Urine'),
      lnc('34366-5', 'Protein/Creatinine [Ratio] in Urine'),
      lnc('13801-6', 'Protein/Creatinine [Mass Ratio] in 24 hour Urine'),
      lnc('40486-3', 'Protein/Creatinine [Ratio] in 24 hour Urine'),
      lnc('60678-0', 'Protein/Creatinine [Mass Ratio] in 12 hour Urine'),
    ],
  }),
  lab('lab-upcr-mass-ratio', 'Urine protein/creatinine MASS ratio', 'UPCR codes whose property is a mass ratio (result in mg/g, g/g, mg/mg; or mg/mmol to be converted).', {
    leftOut: 'Dimensionless-ratio codes (lab-upcr-ratio); inverse ratio 16285-9.',
    units: 'mg/g, g/g, mg/mg (mg/mmol: convert with 113.12 g/mol creatinine)',
    sources: [PEDSNET_UPCR, TERMINOLOGY_MD],
    usedBy: 'ln-cart-5-35 I6',
    codes: [
      lnc('2890-2', 'Protein/Creatinine [Mass Ratio] in Urine'),
      lnc('13801-6', 'Protein/Creatinine [Mass Ratio] in 24 hour Urine'),
      lnc('60678-0', 'Protein/Creatinine [Mass Ratio] in 12 hour Urine'),
    ],
  }),
  lab('lab-upcr-ratio', 'Urine protein/creatinine ratio, dimensionless', 'UPCR codes with a dimensionless ratio property: a unitless value (or {ratio}) equals g/g. A value in mg/mmol on these codes is a molar-mass ratio and must be converted, not read as g/g.', {
    leftOut: 'Mass-ratio codes; inverse ratio 16285-9.',
    units: '{ratio} or 1 (= g/g); mg/mmol (convert)',
    sources: [PEDSNET_UPCR, TERMINOLOGY_MD],
    usedBy: 'ln-cart-5-35 I6',
    codes: [lnc('34366-5', 'Protein/Creatinine [Ratio] in Urine'), lnc('40486-3', 'Protein/Creatinine [Ratio] in 24 hour Urine')],
  }),
  lab('lab-urine-protein-24h', 'Urine protein, 24-hour quantity', 'Protein excreted per 24 h (ln-cart-5-35 I6, under 18: >= 1.0 g/24 h).', {
    leftOut: '21482-5 Protein [Mass/volume] in 24 hour Urine (a concentration: needs the collection volume to give g/24 h - not usable alone); 2888-6 spot urine protein concentration.',
    units: 'g/(24.h) or mg/(24.h)',
    sources: ['PEDSnet/Variable-Dictionary lab_meas/lab_2021_11_UrineProteinQuantitative_V1.csv', TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'ln-cart-5-35 I6',
    codes: [lnc('2889-4', 'Protein [Mass/time] in 24 hour Urine')],
  }),
  lab('lab-egfr', 'Estimated glomerular filtration rate (eGFR)', 'eGFR by any equation (CKD-EPI 2009/2021, MDRD, cystatin C, unspecified). ln-cart-5-35 E12 (<= 45, written "ml/min/m^2" but LOINC eGFR is normalised to 1.73 m2), NCT07233642 I4.2 and NCT06789107 I7.7 (>= 30).', {
    leftOut: 'Measured GFR and creatinine clearance (different measurements). Pediatric bedside-Schwartz eGFR has no LOINC code in the sources (sites send it under a local code or 69405-9) - gap.',
    units: 'mL/min/{1.73_m2} (Synthea also emits mL/min on 33914-3 - treat as per 1.73 m2 only if the site confirms)',
    sources: [EGFR_VS, SYNTHEA, TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'ln-cart-5-35 E12; NCT07233642 I4.2; NCT06789107 I7.7',
    codes: [
      lnc('98979-8', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)'),
      lnc('98980-6', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine and Cystatin C-based formula (CKD-EPI 2021)'),
      lnc('62238-1', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)'),
      lnc('88294-4', 'Glomerular filtration rate/1.73 sq M.predicted among non-blacks [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)'),
      lnc('88293-6', 'Glomerular filtration rate/1.73 sq M.predicted among blacks [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)'),
      lnc('77147-7', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (MDRD)'),
      lnc('48642-3', 'Glomerular filtration rate/1.73 sq M.predicted among non-blacks [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (MDRD)'),
      lnc('69405-9', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood'),
      lnc('50210-4', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Cystatin C-based formula'),
      lnc('33914-3', 'Estimated Glomerular Filtration Rate'),
    ],
  }),
  lab('lab-creatinine', 'Creatinine, serum/plasma/blood', 'Serum creatinine (ln-cart-5-35 E13.4 > 220 umol/L = > 2.49 mg/dL).', {
    leftOut: 'Urine creatinine.',
    units: 'mg/dL or umol/L (umol/L = mg/dL x 88.4)',
    sources: [vsac('Creatinine Mass Per Volume', '2.16.840.1.113762.1.4.1248.21'), vsac('Creatinine Lab Test', '2.16.840.1.113883.3.666.5.2363'), SYNTHEA, TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'ln-cart-5-35 E13.4',
    codes: [
      lnc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'),
      lnc('14682-9', 'Creatinine [Moles/volume] in Serum or Plasma'),
      lnc('38483-4', 'Creatinine [Mass/volume] in Blood'),
      lnc('35203-9', 'Creatinine [Mass or Moles/volume] in Serum or Plasma'),
    ],
  }),
  lab('lab-ast', 'Aspartate aminotransferase (AST)', 'AST (x ULN thresholds: ln-cart-5-35 E13.1/E13.5, NCT07233642 I4.3, NCT06789107 I7.8).', {
    units: 'U/L (= IU/L)',
    sources: [CIBMTR('terminology/observations/cibmtr-pv-valueset-2022.fsh'), TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'ln-cart-5-35 E13.1, E13.5; NCT07233642 I4.3; NCT06789107 I7.8',
    codes: [lnc('1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma')],
  }),
  lab('lab-alt', 'Alanine aminotransferase (ALT)', 'ALT, with or without pyridoxal phosphate.', {
    units: 'U/L (= IU/L)',
    sources: [CIBMTR('terminology/observations/cibmtr-pv-valueset-2022.fsh'), TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'ln-cart-5-35 E13.2, E13.5; NCT07233642 I4.3; NCT06789107 I7.8',
    codes: [
      lnc('1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma'),
      lnc('1743-4', "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma by With P-5'-P"),
      lnc('1744-2', "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma by No addition of P-5'-P"),
    ],
  }),
  lab('lab-bilirubin-total', 'Bilirubin, total', 'Total bilirubin (ln-cart-5-35 E13.3 >= 3 x ULN, E13.6 > 34 umol/L; NCT07233642 I4.3 / NCT06789107 I7.8 <= 2 x ULN).', {
    leftOut: 'Direct / indirect bilirubin; neonatal transcutaneous bilirubin.',
    units: 'mg/dL or umol/L (umol/L = mg/dL x 17.1)',
    sources: [CIBMTR('terminology/observations/cibmtr-epic-pv-valueset.fsh'), vsac('Bilirubin lab test', '2.16.840.1.113762.1.4.1248.223'), SYNTHEA, TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'ln-cart-5-35 E13.3, E13.6; NCT07233642 I4.3; NCT06789107 I7.8',
    codes: [
      lnc('1975-2', 'Bilirubin.total [Mass/volume] in Serum or Plasma'),
      lnc('14631-6', 'Bilirubin.total [Moles/volume] in Serum or Plasma'),
      lnc('42719-5', 'Bilirubin.total [Mass/volume] in Blood'),
    ],
  }),
  lab('lab-neutrophils-absolute', 'Neutrophils, absolute count', 'Absolute neutrophil count (ln-cart-5-35 E13.7 < 1 x10^9/L; NCT06789107 I7.3 >= 0.5 x10^9/L).', {
    leftOut: 'Neutrophil percentages (need the WBC to convert; not a count).',
    units: '10*3/uL (= 10*9/L) or 10*9/L',
    sources: [CIBMTR('terminology/observations/auto-differential-blood-valueset.fsh'), CIBMTR('terminology/observations/cibmtr-epic-pv-valueset.fsh'), TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'ln-cart-5-35 E13.7; NCT06789107 I7.3',
    codes: [
      lnc('751-8', 'Neutrophils [#/volume] in Blood by Automated count'),
      lnc('26499-4', 'Neutrophils [#/volume] in Blood'),
      lnc('753-4', 'Neutrophils [#/volume] in Blood by Manual count'),
    ],
  }),
  lab('lab-lymphocytes-absolute', 'Lymphocytes, absolute count', 'Absolute lymphocyte count (NCT06789107 I7.1 >= 0.5 x10^9/L; supporting evidence for "cells still depleted", ln-cart-5-35 E8).', {
    leftOut: 'Lymphocyte percentages.',
    units: '10*3/uL (= 10*9/L) or 10*9/L',
    sources: [CIBMTR('terminology/observations/auto-differential-blood-valueset.fsh'), CIBMTR('terminology/observations/cibmtr-epic-pv-valueset.fsh'), TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'NCT06789107 I7.1; ln-cart-5-35 E8 (T-cell depletion, supporting)',
    codes: [lnc('731-0', 'Lymphocytes [#/volume] in Blood by Automated count'), lnc('26474-7', 'Lymphocytes [#/volume] in Blood')],
  }),
  lab('lab-cd19-b-cells-absolute', 'CD19+ B cells, absolute count', 'Absolute CD19+ B-cell count (NCT06789107 I7.2 >= 25 cells/uL; ln-cart-5-35 E8 "B cell level still depleted" - below the reference range).', {
    leftOut: 'CD19 percentage codes (8117-4 "CD19 cells/100 cells in Blood" - a percentage needs the lymphocyte count). CAUTION: one public file labels 8124-0 as "CD19 cells [#/volume] in Blood"; the LOINC-derived enum gives 8116-6 for that name, so 8124-0 is NOT included.',
    units: '/uL (cells/uL) or 10*6/L (= /uL)',
    sources: [FS('CD19 cells [#/volume] in Blood') + ': Java enum generated from LOINC (CD19_CELLS_VOLUME_IN_BLOOD("8116-6", ...)) in the Swiss eHealth connector', 'terminology.md §7 (supplementary)', EXAMPLES],
    checked: 'Seen with this display in a LOINC-generated enum via find_string; terminology.md lists it as supplementary; the shared worked examples use it.',
    usedBy: 'NCT06789107 I7.2; ln-cart-5-35 E8',
    codes: [lnc('8116-6', 'CD19 cells [#/volume] in Blood')],
  }),
  lab('lab-platelets', 'Platelet count', 'Platelets (ln-cart-5-35 E13.8 < 50 x10^9/L; NCT06789107 I7.5 >= 75 x10^9/L).', {
    units: '10*3/uL (= 10*9/L) or 10*9/L',
    sources: [CIBMTR('terminology/observations/cbc-blood-automated-valueset.fsh'), vsac('Platelet Count Lab Test', '2.16.840.1.113762.1.4.1045.127'), SYNTHEA, TERMINOLOGY_MD, EXAMPLES],
    checked: CK_TM + ' 777-3 also occurs in the Synthea corpus.',
    usedBy: 'ln-cart-5-35 E13.8; NCT06789107 I7.5',
    codes: [lnc('777-3', 'Platelets [#/volume] in Blood by Automated count'), lnc('26515-7', 'Platelets [#/volume] in Blood')],
  }),
  lab('lab-hemoglobin', 'Hemoglobin', 'Blood haemoglobin (ln-cart-5-35 E13.9 < 80 g/L; NCT06789107 I7.4 >= 80 g/L).', {
    leftOut: 'None. NOTE 59260-0 is a MOLAR code (mmol/L): UCUM cannot convert mmol/L to g/L without the molar mass of haemoglobin, so such results are "unknown" under contract rule 2 unless the engine documents a factor.',
    units: 'g/dL (g/L = g/dL x 10) or g/L; mmol/L on 59260-0',
    sources: [CIBMTR('cibmtr-observation.fsh'), vsac('Hemoglobin lab test', '2.16.840.1.113762.1.4.1248.219'), SYNTHEA, TERMINOLOGY_MD, EXAMPLES],
    checked: CK_TM + ' 718-7 also occurs in the Synthea corpus.',
    usedBy: 'ln-cart-5-35 E13.9; NCT06789107 I7.4',
    codes: [lnc('718-7', 'Hemoglobin [Mass/volume] in Blood'), lnc('59260-0', 'Hemoglobin [Moles/volume] in Blood')],
  }),
  lab('lab-igg', 'Immunoglobulin G (IgG), total', 'Serum IgG (NCT06789107 E9: below 4.5 g/L at 5-8 years, below 6.0 g/L from 9 years).', {
    leftOut: 'IgG subclasses; CSF IgG.',
    units: 'mg/dL (g/L = mg/dL x 0.01) or g/L',
    sources: [FS('IgG [Mass/volume] in Serum or Plasma') + ': LOINC table export row, FSH value sets, a local-to-LOINC mapping (>= 9 files)', 'terminology.md §7 (supplementary)', EXAMPLES],
    checked: 'Seen with this display in >= 5 independent files via find_string; used by the shared worked examples.',
    usedBy: 'NCT06789107 E9',
    codes: [lnc('2465-3', 'IgG [Mass/volume] in Serum or Plasma')],
  }),
  lab('lab-tb-igra', 'Tuberculosis interferon-gamma release assay (IGRA)', 'IGRA (QuantiFERON / T-SPOT) overall result. NCT06789107 E11: positive -> latent/active TB work-up; indeterminate twice -> exclude (retest allowed after one indeterminate: review).', {
    leftOut: 'T-SPOT.TB-specific and tuberculin skin test (PPD) LOINC codes - not verified in a citable source (gap; a TST usually arrives as a local code or a Procedure).',
    units: 'qualitative (positive / negative / indeterminate)',
    sources: [FS('71773-6') + ': FHIR Shorthand "TB Screening Type Codes" value set and example Observation of an IG', 'terminology.md §7 (supplementary)'],
    checked: 'Display taken from the FSH value set found with find_string (terminology.md §7 had a different, [Presence] display; the FSH IG text "[Interpretation] in Blood Qualitative" was seen twice in the same IG and is used).',
    usedBy: 'NCT06789107 E11',
    codes: [lnc('71773-6', 'Mycobacterium tuberculosis stimulated gamma interferon [Interpretation] in Blood Qualitative')],
  }),
  lab('lab-hcg-serum-qualitative', 'hCG pregnancy test, serum/plasma, qualitative', 'Serum/plasma ("blood") qualitative pregnancy tests (NCT07233642 E11 and NCT06789107 E18 "positive blood pregnancy test"; ln-cart-5-35 E15 pregnancy).', {
    leftOut: 'Urine tests (separate set - NCT06789107 I8 asks for a URINE test, E18 for a BLOOD test).',
    units: QUAL,
    sources: [PREG_VS, TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'NCT07233642 E11, I6; NCT06789107 E18; ln-cart-5-35 E15',
    codes: [
      lnc('2118-8', 'Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma'),
      lnc('2110-5', 'Choriogonadotropin.beta subunit (pregnancy test) [Presence] in Serum or Plasma'),
      lnc('80385-8', 'Choriogonadotropin (pregnancy test) [Presence] in Serum by Rapid immunoassay'),
    ],
  }),
  lab('lab-hcg-serum-quantitative', 'hCG, serum/plasma, quantitative', 'Quantitative serum hCG. Positive = above the result\'s reference range / interpretation POS or H (no fixed cut-off is stated by the trials; labs use ~5-25 [IU]/L).', {
    leftOut: 'Tumour-marker use of hCG is not distinguished by code.',
    units: '[IU]/L or m[IU]/mL (equal)',
    sources: [PREG_VS, TERMINOLOGY_MD],
    usedBy: 'NCT07233642 E11, I6; NCT06789107 E18; ln-cart-5-35 E15',
    codes: [
      lnc('19080-1', 'Choriogonadotropin [Units/volume] in Serum or Plasma'),
      lnc('21198-7', 'Choriogonadotropin.beta subunit [Units/volume] in Serum or Plasma'),
    ],
  }),
  lab('lab-hcg-urine-qualitative', 'hCG pregnancy test, urine, qualitative', 'Urine pregnancy tests (NCT06789107 I8 "negative urine pregnancy test"; ln-cart-5-35 E15).', {
    leftOut: 'Serum tests (separate sets). Urine quantitative hCG not verified.',
    units: QUAL,
    sources: [PREG_VS, TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'NCT06789107 I8; NCT07233642 I6; ln-cart-5-35 E15',
    codes: [
      lnc('2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine'),
      lnc('2112-1', 'Choriogonadotropin.beta subunit (pregnancy test) [Presence] in Urine'),
      lnc('80384-1', 'Choriogonadotropin (pregnancy test) [Presence] in Urine by Rapid immunoassay'),
    ],
  }),
  lab('obs-lvef', 'Left ventricular ejection fraction', 'LVEF by any method (NCT07233642 I4.1, NCT06789107 I7.6: >= 55%). The ECG part ("no obvious abnormality in electrocardiogram") is not coded: review.', {
    leftOut: 'Right-ventricular EF; fractional shortening.',
    units: '%',
    sources: [EF_VS, SYNTHEA, TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'NCT07233642 I4.1; NCT06789107 I7.6',
    codes: [
      lnc('10230-1', 'Left ventricular Ejection fraction'),
      lnc('18043-0', 'Left ventricular Ejection fraction by US'),
      lnc('8806-2', 'Left ventricular Ejection fraction by 2D echo'),
      lnc('8807-0', 'Left ventricular Ejection fraction by 2D echo.visual estimate'),
      lnc('8811-2', 'Left ventricular Ejection fraction by MR'),
    ],
  }),
  lab('obs-spo2', 'Oxygen saturation (SpO2)', 'Peripheral / arterial oxygen saturation (NCT07233642 I4.4, NCT06789107 I7.9: >= 92%). Prefer room-air readings; supplemental-oxygen readings overstate it (review).', {
    leftOut: 'Venous saturation.',
    units: '%',
    sources: [vsac('Oxygen Saturation by Pulse Oximetry', '2.16.840.1.113762.1.4.1045.151'), 'FHIR R4 example Observation-satO2.json (hl7.fhir.r4.examples 4.0.1)', TERMINOLOGY_MD, EXAMPLES],
    usedBy: 'NCT07233642 I4.4; NCT06789107 I7.9',
    codes: [
      lnc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
      lnc('2708-6', 'Oxygen saturation in Arterial blood'),
      lnc('59410-1', 'Oxygen saturation in Arterial blood by Pulse oximetry --on room air'),
    ],
  }),
  lab('obs-body-weight', 'Body weight', 'Body weight, for per-kg steroid doses (NCT07233642 I2 prednisone >= 1 mg/kg/d; NCT06789107 E2 >= 2 mg/kg/d) - use the weight nearest the order date.', {
    units: 'kg (lb x 0.45359237; g / 1000)',
    sources: [vsac('Body Weight', '2.16.840.1.113762.1.4.1045.159'), SYNTHEA, TERMINOLOGY_MD, EXAMPLES],
    checked: CK_TM + ' 29463-7 also occurs in the Synthea corpus ("Body Weight").',
    usedBy: 'NCT07233642 I2; NCT06789107 E2',
    codes: [lnc('29463-7', 'Body weight'), lnc('3141-9', 'Body weight Measured')],
  }),
];

// Medications (RxNorm IN / SCD / SBD) by ingredient and by class.
import { rx, vsac, OHDSI, CIBMTR, TERMINOLOGY_MD, SYNTHEA } from '../common.mjs';

const IMM_VS = vsac('Immunosuppressive Drugs for Urology Care', '2.16.840.1.113762.1.4.1151.32');
const GC_VS = vsac('Glucocorticoids (oral only)', '2.16.840.1.113883.3.464.1003.196.12.1266');
const CHEMO_VS = vsac('Chemotherapy Agents for Advanced Cancer', '2.16.840.1.113762.1.4.1151.60');
const CPIC = 'cpicpgx/cpic-schema:drug.sql (CPIC drug table, RxNorm ingredient ids)';
const SLE_TX = OHDSI(119, 'SLE treatments');
const HCQ_VS = 'VSAC "C19HCC Hydroxychloroquine" 2.16.840.1.113762.1.4.1032.127 (MITRE, FHIR Shorthand copy found with find_string "Hydroxychloroquine Sulfate 200 MG Oral Tablet")';
const CK_IMM = 'SCD/SBD codes and displays re-read in the stored VSAC "Immunosuppressive Drugs for Urology Care" expansion (RxNorm 2024-01) with read_file on 2026-11-22; ingredient (IN) codes copied from terminology.md main tables (each row cites its source).';
const CK_GC = 'SCD codes and displays re-read in the stored VSAC "Glucocorticoids (oral only)" and "Immunosuppressive Drugs for Urology Care" expansions (RxNorm 2024-01) with read_file on 2026-11-22; IN and IV SCD codes copied from terminology.md main tables.';
const CK_TM = 'Codes and displays copied from terminology.md main tables; each row there cites the file in which the code was seen with that display.';
const NOTE_FORMS = 'Only the SCD/SBD forms seen in a citable source are listed; other strengths/packs of the same ingredient exist in RxNorm. The CQL should also match by ingredient when a Medication resource carries ingredient codes, and the IN code catches statements coded at ingredient level.';

// ---- ingredient building blocks ----
const PRED = [
  rx('8640', 'prednisone'),
  rx('312617', 'prednisone 5 MG Oral Tablet'), rx('312615', 'prednisone 20 MG Oral Tablet'), rx('198145', 'prednisone 10 MG Oral Tablet'),
  rx('198144', 'prednisone 1 MG Oral Tablet'), rx('198146', 'prednisone 2.5 MG Oral Tablet'), rx('198148', 'prednisone 50 MG Oral Tablet'),
  rx('205301', 'prednisone 5 MG/ML Oral Solution'), rx('315187', 'prednisone 1 MG/ML Oral Solution'),
  rx('1303125', 'prednisone 1 MG Delayed Release Oral Tablet'), rx('1303132', 'prednisone 2 MG Delayed Release Oral Tablet'),
  rx('1303135', 'prednisone 5 MG Delayed Release Oral Tablet'),
  rx('763179', '{48 (prednisone 5 MG Oral Tablet) } Pack'), rx('763181', '{21 (prednisone 5 MG Oral Tablet) } Pack'),
  rx('763183', '{48 (prednisone 10 MG Oral Tablet) } Pack'), rx('763185', '{21 (prednisone 10 MG Oral Tablet) } Pack'),
];
const PREDNISOLONE = [
  rx('8638', 'prednisolone'),
  rx('198142', 'prednisolone 5 MG Oral Tablet'), rx('429199', 'prednisolone 20 MG Oral Tablet'), rx('249066', 'prednisolone 5 MG/ML Oral Solution'),
  rx('283077', 'prednisolone 3 MG/ML Oral Solution'), rx('312614', 'prednisolone 1 MG/ML Oral Solution'), rx('702306', 'prednisolone 4 MG/ML Oral Solution'),
  rx('794979', 'prednisolone 2 MG/ML Oral Solution'), rx('793099', 'prednisolone 3 MG/ML Oral Suspension'),
  rx('643123', 'prednisolone 10 MG Disintegrating Oral Tablet'), rx('643125', 'prednisolone 15 MG Disintegrating Oral Tablet'),
  rx('643127', 'prednisolone 30 MG Disintegrating Oral Tablet'),
  rx('1005830', '{48 (prednisolone 5 MG Oral Tablet) } Pack'), rx('1013114', '{21 (prednisolone 5 MG Oral Tablet) } Pack'),
];
const MP_ORAL = [
  rx('197969', 'methylprednisolone 2 MG Oral Tablet'), rx('259966', 'methylprednisolone 4 MG Oral Tablet'), rx('197973', 'methylprednisolone 8 MG Oral Tablet'),
  rx('328161', 'methylprednisolone 16 MG Oral Tablet'), rx('197971', 'methylprednisolone 32 MG Oral Tablet'),
  rx('762675', '{21 (methylprednisolone 4 MG Oral Tablet) } Pack'),
];
const MP_IV = [
  rx('1743704', 'methylprednisolone 125 MG Injection'), rx('1743720', 'methylprednisolone 500 MG Injection'), rx('1743726', 'methylprednisolone 1000 MG Injection'),
];
const DEX_ORAL = [
  rx('197577', 'dexamethasone 0.5 MG Oral Tablet'), rx('343033', 'dexamethasone 0.75 MG Oral Tablet'), rx('197579', 'dexamethasone 1 MG Oral Tablet'),
  rx('197580', 'dexamethasone 1.5 MG Oral Tablet'), rx('197581', 'dexamethasone 2 MG Oral Tablet'), rx('197582', 'dexamethasone 4 MG Oral Tablet'),
  rx('197583', 'dexamethasone 6 MG Oral Tablet'), rx('2261802', 'dexamethasone 20 MG Oral Tablet'),
  rx('309684', 'dexamethasone 1 MG/ML Oral Solution'), rx('309686', 'dexamethasone 0.1 MG/ML Oral Solution'),
  rx('846192', '{21 (dexamethasone 1.5 MG Oral Tablet) } Pack'), rx('2387355', '{25 (dexamethasone 1.5 MG Oral Tablet) } Pack'),
  rx('1869595', '{27 (dexamethasone 1.5 MG Oral Tablet) } Pack'), rx('759697', '{35 (dexamethasone 1.5 MG Oral Tablet) } Pack'),
  rx('2121587', '{39 (dexamethasone 1.5 MG Oral Tablet) } Pack'), rx('1943550', '{49 (dexamethasone 1.5 MG Oral Tablet) } Pack'),
  rx('759481', '{51 (dexamethasone 1.5 MG Oral Tablet) } Pack'),
];
const HC_ORAL = [
  rx('197787', 'hydrocortisone 5 MG Oral Tablet'), rx('197782', 'hydrocortisone 10 MG Oral Tablet'), rx('197783', 'hydrocortisone 20 MG Oral Tablet'),
  rx('2399644', 'hydrocortisone 0.5 MG Oral Granules'), rx('2399652', 'hydrocortisone 1 MG Oral Granules'), rx('2399656', 'hydrocortisone 2 MG Oral Granules'),
  rx('2399659', 'hydrocortisone 5 MG Oral Granules'),
];
const CORTISONE_ORAL = [rx('828248', 'cortisone acetate 25 MG Oral Tablet')];

const HCQ = [
  rx('5521', 'hydroxychloroquine'), rx('153972', 'Hydroxychloroquine Sulfate'),
  rx('979092', 'Hydroxychloroquine Sulfate 200 MG Oral Tablet'), rx('979094', 'Hydroxychloroquine Sulfate 200 MG Oral Tablet [Plaquenil]'),
];
const CQ = [rx('2393', 'chloroquine')];
const CYC = [
  rx('3002', 'cyclophosphamide'), rx('1734917', 'cyclophosphamide 500 MG Injection'), rx('1734919', 'cyclophosphamide 1000 MG Injection'),
  rx('1437969', 'cyclophosphamide 50 MG Oral Capsule'),
];
const MYCO = [
  rx('68149', 'mycophenolate mofetil'), rx('200060', 'mycophenolate mofetil 500 MG Oral Tablet'), rx('199058', 'mycophenolate mofetil 250 MG Oral Capsule'),
  rx('311880', 'mycophenolate mofetil 200 MG/ML Oral Suspension'),
  rx('7145', 'mycophenolic acid'), rx('485020', 'mycophenolic acid 180 MG Delayed Release Oral Tablet'), rx('485023', 'mycophenolic acid 360 MG Delayed Release Oral Tablet'),
];
const AZA = [
  rx('1256', 'azathioprine'), rx('199310', 'azathioprine 25 MG Oral Tablet'), rx('197388', 'azathioprine 50 MG Oral Tablet'),
  rx('359229', 'azathioprine 75 MG Oral Tablet'), rx('359228', 'azathioprine 100 MG Oral Tablet'), rx('239983', 'azathioprine 100 MG Injection'),
];
const MTX = [rx('6851', 'methotrexate'), rx('105585', 'methotrexate 2.5 MG Oral Tablet'), rx('105586', 'methotrexate 10 MG Oral Tablet')];
const CSA = [
  rx('3008', 'cyclosporine'), rx('197553', 'cyclosporine 25 MG Oral Capsule'), rx('328160', 'cyclosporine 100 MG Oral Capsule'),
  rx('309632', 'cyclosporine 100 MG/ML Oral Solution'), rx('205175', '5 ML cyclosporine 50 MG/ML Injection'),
  rx('835894', 'cyclosporine, modified 25 MG Oral Capsule'), rx('835925', 'cyclosporine, modified 50 MG Oral Capsule'),
  rx('241834', 'cyclosporine, modified 100 MG Oral Capsule'), rx('835886', 'cyclosporine, modified 100 MG/ML Oral Solution'),
];
const TAC = [
  rx('42316', 'tacrolimus'), rx('198377', 'tacrolimus 1 MG Oral Capsule'), rx('198378', 'tacrolimus 5 MG Oral Capsule'),
  rx('198379', '1 ML tacrolimus 5 MG/ML Injection'), rx('2052605', 'tacrolimus 0.2 MG Granules for Oral Suspension'),
  rx('2052703', 'tacrolimus 1 MG Granules for Oral Suspension'), rx('1431971', '24 HR tacrolimus 0.5 MG Extended Release Oral Capsule'),
  rx('1431980', '24 HR tacrolimus 1 MG Extended Release Oral Capsule'), rx('1431985', '24 HR tacrolimus 5 MG Extended Release Oral Capsule'),
  rx('1664456', '24 HR tacrolimus 0.75 MG Extended Release Oral Tablet'), rx('1664461', '24 HR tacrolimus 1 MG Extended Release Oral Tablet'),
  rx('1664434', '24 HR tacrolimus 4 MG Extended Release Oral Tablet'), rx('1664463', '24 HR tacrolimus 1 MG Extended Release Oral Tablet [Envarsus]'),
];
const SIRO = [
  rx('35302', 'sirolimus'), rx('905158', 'sirolimus 0.5 MG Oral Tablet'), rx('349208', 'sirolimus 1 MG Oral Tablet'), rx('360110', 'sirolimus 2 MG Oral Tablet'),
  rx('314230', 'sirolimus 1 MG/ML Oral Solution'),
];
const LEF = [rx('27169', 'leflunomide'), rx('205284', 'leflunomide 10 MG Oral Tablet'), rx('205285', 'leflunomide 20 MG Oral Tablet'), rx('205286', 'leflunomide 100 MG Oral Tablet')];
const BELI = [rx('1092437', 'belimumab')];
const RTX = [
  rx('121191', 'rituximab'), rx('1657862', '10 ML rituximab 10 MG/ML Injection'), rx('1657867', '50 ML rituximab 10 MG/ML Injection'),
  rx('2105834', '50 ML rituximab-abbs 10 MG/ML Injection'), rx('1927893', '13.4 ML hyaluronidase, human recombinant 2000 UNT/ML / rituximab 120 MG/ML Injection'),
];
const OBI = [rx('974779', 'obinutuzumab'), rx('1442693', '40 ML obinutuzumab 25 MG/ML Injection')];
const OCR = [rx('1876366', 'ocrelizumab')];
const OFA = [rx('712566', 'ofatumumab')];
const ADA = [
  rx('327361', 'adalimumab'), rx('1921009', '0.1 ML adalimumab 100 MG/ML Prefilled Syringe'), rx('1921016', '0.2 ML adalimumab 100 MG/ML Prefilled Syringe'),
  rx('1726844', '0.4 ML adalimumab 100 MG/ML Prefilled Syringe'), rx('1872979', '0.4 ML adalimumab 100 MG/ML Auto-Injector'),
  rx('727703', '0.8 ML adalimumab 50 MG/ML Prefilled Syringe'), rx('1655726', '0.8 ML adalimumab 50 MG/ML Auto-Injector'),
  rx('1855523', '0.8 ML adalimumab 100 MG/ML Prefilled Syringe'), rx('1921238', '0.8 ML adalimumab 100 MG/ML Auto-Injector'),
];
const ETN = [
  rx('214555', 'etanercept'), rx('253014', 'etanercept 25 MG/ML Injectable Solution'), rx('342977', 'etanercept 25 MG/ML'), rx('582670', 'etanercept 50 MG/ML'),
  rx('809158', '0.5 ML etanercept 50 MG/ML Prefilled Syringe'), rx('727757', '1 ML etanercept 50 MG/ML Prefilled Syringe'),
  rx('1653223', '1 ML etanercept 50 MG/ML Auto-Injector'), rx('2182338', '1 ML etanercept 50 MG/ML Cartridge'),
];
const GOL = [
  rx('819300', 'golimumab'), rx('848160', '0.5 ML golimumab 100 MG/ML Prefilled Syringe'), rx('1482813', '1 ML golimumab 100 MG/ML Prefilled Syringe'),
  rx('1653142', '0.5 ML golimumab 100 MG/ML Auto-Injector'), rx('1653165', '1 ML golimumab 100 MG/ML Auto-Injector'), rx('1431642', '4 ML golimumab 12.5 MG/ML Injection'),
];
const IFX = [
  rx('191831', 'infliximab'), rx('310994', 'infliximab 100 MG Injection'), rx('1790541', 'infliximab-dyyb 100 MG Injection'), rx('1927285', 'infliximab-abda 100 MG Injection'),
];
const UST = [
  rx('847083', 'ustekinumab'), rx('1654077', '0.5 ML ustekinumab 90 MG/ML Injection'), rx('853350', '0.5 ML ustekinumab 90 MG/ML Prefilled Syringe'),
  rx('853355', '1 ML ustekinumab 90 MG/ML Prefilled Syringe'), rx('1811255', '26 ML ustekinumab 5 MG/ML Injection'),
];
const SEC = [rx('1599792', '1 ML secukinumab 150 MG/ML Prefilled Syringe'), rx('1653241', '1 ML secukinumab 150 MG/ML Auto-Injector')];
const FLU = [rx('24698', 'fludarabine'), rx('1740864', 'fludarabine phosphate 50 MG Injection'), rx('1740865', '2 ML fludarabine phosphate 25 MG/ML Injection')];
const CART_CD19 = [
  rx('1986438', 'tisagenlecleucel'), rx('1987398', 'axicabtagene ciloleucel'), rx('2387277', 'brexucabtagene autoleucel'), rx('2479136', 'lisocabtagene maraleucel'),
];
const CART_BCMA = [rx('2536430', 'idecabtagene vicleucel'), rx('2594775', 'ciltacabtagene autoleucel')];
const JAK = [
  rx('2047232', 'baricitinib'), rx('1357536', 'tofacitinib'), rx('2048566', 'tofacitinib 10 MG Oral Tablet'), rx('1741046', '24 HR tofacitinib 11 MG Extended Release Oral Tablet'),
];
const BTK = [rx('1442981', 'ibrutinib'), rx('1442986', 'ibrutinib 140 MG Oral Capsule'), rx('2262435', 'zanubrutinib')];

const med = (id, title, concept, o) => ({ id, title, concept, leftOut: o.leftOut ?? NOTE_FORMS, sources: o.sources, checked: o.checked ?? CK_IMM, usedBy: o.usedBy, codes: o.codes });
const GC_SRC = [GC_VS, IMM_VS, OHDSI(1181, 'CORTICOSTEROIDS FOR SYSTEMIC USE ingredients'), CIBMTR('terminology/medications/med-form2400-prep-regimen-valueset.fsh'), SYNTHEA, TERMINOLOGY_MD];
const IS_SRC = [IMM_VS, CPIC, SLE_TX, TERMINOLOGY_MD];

export const medDefinitions = [
  med('med-glucocorticoids-systemic', 'Systemic glucocorticoids (oral and intravenous)', 'Systemic glucocorticoids: prednisone, prednisolone, methylprednisolone (oral and IV pulses), dexamethasone, hydrocortisone, cortisone - ingredient codes and the oral/IV clinical drugs seen in VSAC. For prednisone-equivalent doses (NCT07233642 I2 >= 1 mg/kg/d, NCT06789107 E2 >= 2 mg/kg/d) use the per-ingredient sets and terminology.md §6 factors.', {
    leftOut: 'Topical, inhaled, nasal, ophthalmic, otic and intra-articular corticosteroids (not systemic; ln-cart-5-35 E7 explicitly allows topical preparations). Budesonide oral (gut-targeted, mostly non-systemic) and triamcinolone oral paste (topical in the mouth), both members of the VSAC sets read. CAUTION: IN-level codes for hydrocortisone/dexamethasone/methylprednisolone do not say the route - a topical hydrocortisone coded at IN level would match; CQL should check dosage route when present. ' + NOTE_FORMS,
    sources: GC_SRC, checked: CK_GC,
    usedBy: 'NCT07233642 I2 (high-dose glucocorticoid >= 3 months), E2; NCT06789107 I4.1, I6.1, E2, E5; ln-cart-5-35 I3 (supporting)',
    codes: [...PRED, ...PREDNISOLONE, rx('6902', 'methylprednisolone'), ...MP_ORAL, ...MP_IV, rx('3264', 'dexamethasone'), ...DEX_ORAL, rx('5492', 'hydrocortisone'), ...HC_ORAL, ...CORTISONE_ORAL],
  }),
  med('med-glucocorticoids-oral', 'Oral corticosteroids (OCS)', 'Oral glucocorticoid clinical drugs (NCT06789107 I4.1 "oral corticosteroids" and I6.1 "OCS stable >= 7 days"), plus the prednisone and prednisolone ingredient codes (in practice given orally).', {
    leftOut: 'IV methylprednisolone pulses (not oral). Ingredient-level methylprednisolone, dexamethasone and hydrocortisone (route unknown - they are in med-glucocorticoids-systemic; the CQL may accept them as OCS when dosage.route is oral). Budesonide, triamcinolone oral paste. ' + NOTE_FORMS,
    sources: GC_SRC, checked: CK_GC,
    usedBy: 'NCT06789107 I4.1, I6.1',
    codes: [...PRED, ...PREDNISOLONE, ...MP_ORAL, ...DEX_ORAL, ...HC_ORAL, ...CORTISONE_ORAL],
  }),
  med('med-prednisone', 'Prednisone', 'Prednisone (factor 1 to prednisone-equivalent).', { sources: GC_SRC, checked: CK_GC, usedBy: 'NCT07233642 I2; NCT06789107 E2 (dose equivalence)', codes: PRED }),
  med('med-prednisolone', 'Prednisolone', 'Prednisolone (factor 1 to prednisone-equivalent).', { sources: GC_SRC, checked: CK_GC, usedBy: 'NCT07233642 I2; NCT06789107 E2 (dose equivalence)', codes: PREDNISOLONE }),
  med('med-methylprednisolone', 'Methylprednisolone', 'Methylprednisolone, oral and IV (factor 1.25 to prednisone-equivalent).', { sources: GC_SRC, checked: CK_GC, usedBy: 'NCT07233642 I2; NCT06789107 E2 (dose equivalence)', codes: [rx('6902', 'methylprednisolone'), ...MP_ORAL, ...MP_IV] }),
  med('med-dexamethasone', 'Dexamethasone', 'Dexamethasone (factor 6.67 to prednisone-equivalent).', { sources: GC_SRC, checked: CK_GC, usedBy: 'NCT07233642 I2; NCT06789107 E2 (dose equivalence)', codes: [rx('3264', 'dexamethasone'), ...DEX_ORAL] }),
  med('med-hydrocortisone', 'Hydrocortisone (systemic)', 'Hydrocortisone oral (factor 0.25 to prednisone-equivalent). The IN code also covers topical hydrocortisone: check route.', { sources: GC_SRC, checked: CK_GC, usedBy: 'NCT07233642 I2; NCT06789107 E2 (dose equivalence)', codes: [rx('5492', 'hydrocortisone'), ...HC_ORAL] }),
  med('med-hydroxychloroquine', 'Hydroxychloroquine', 'Hydroxychloroquine (NCT07233642 I2 requires it; antimalarial for NCT06789107 I4.2 / I6.2).', {
    sources: [HCQ_VS, SLE_TX, TERMINOLOGY_MD], checked: 'IN from terminology.md; PIN/SCD/SBD codes and displays seen in the VSAC C19HCC Hydroxychloroquine expansion (read_file of the find_string hit, 2026-11-22).',
    usedBy: 'NCT07233642 I2; NCT06789107 I4.2, I6.2', codes: HCQ,
  }),
  med('med-chloroquine', 'Chloroquine', 'Chloroquine (antimalarial; NCT06789107 I4.2 / I6.2).', { leftOut: 'No chloroquine SCD verified (gap). ' + NOTE_FORMS, sources: [CPIC, TERMINOLOGY_MD], checked: CK_TM, usedBy: 'NCT06789107 I4.2, I6.2', codes: CQ }),
  med('med-antimalarials', 'Antimalarials used in SLE (hydroxychloroquine, chloroquine)', 'Antimalarial class for NCT06789107 I4.2 / I6.2.', {
    leftOut: 'Quinacrine (mepacrine): no RxNorm code verified - gap. Antimalarials used only for malaria (e.g. artemether) are not SLE treatment. ' + NOTE_FORMS,
    sources: [HCQ_VS, CPIC, SLE_TX, TERMINOLOGY_MD], checked: CK_TM, usedBy: 'NCT06789107 I4.2, I6.2', codes: [...HCQ, ...CQ],
  }),
  med('med-cyclophosphamide', 'Cyclophosphamide', 'Cyclophosphamide, IV or oral (DMARD in NCT07233642 I2; immunosuppressant in NCT06789107 I4.3/I6.3; NCT06789107 E15 within 4 weeks; lymphodepletion agent of ln-cart-5-35).', { sources: [CHEMO_VS, CPIC, TERMINOLOGY_MD], checked: CK_TM, usedBy: 'NCT07233642 I2; NCT06789107 I4.3, I6.3, E15; ln-cart-5-35 E7 (SLE treatment, not "other")', codes: CYC }),
  med('med-mycophenolate', 'Mycophenolate (mofetil and mycophenolic acid)', 'Mycophenolate mofetil and mycophenolic acid (same active moiety; Myfortic is used interchangeably in lupus nephritis).', { sources: IS_SRC, usedBy: 'NCT07233642 I2; NCT06789107 I4.3, I6.3; ln-cart-5-35 E7 (SLE treatment)', codes: MYCO }),
  med('med-azathioprine', 'Azathioprine', 'Azathioprine.', { sources: IS_SRC, usedBy: 'NCT07233642 I2; NCT06789107 I4.3, I6.3; ln-cart-5-35 E7 (SLE treatment)', codes: AZA }),
  med('med-methotrexate', 'Methotrexate', 'Methotrexate (oral; parenteral forms not verified).', { leftOut: 'Methotrexate injection SCDs not verified (gap). ' + NOTE_FORMS, sources: [CHEMO_VS, CPIC, TERMINOLOGY_MD, SYNTHEA], checked: CK_TM, usedBy: 'NCT07233642 I2; NCT06789107 I4.3, I6.3; ln-cart-5-35 E7 (SLE treatment)', codes: MTX }),
  med('med-cyclosporine', 'Cyclosporine (systemic)', 'Cyclosporine and cyclosporine-modified, oral and IV.', { leftOut: 'Ophthalmic cyclosporine (not systemic). ' + NOTE_FORMS, sources: IS_SRC, usedBy: 'NCT07233642 I2; NCT06789107 I4.3, I6.3; ln-cart-5-35 E7 (SLE treatment)', codes: CSA }),
  med('med-tacrolimus', 'Tacrolimus (systemic)', 'Tacrolimus oral/IV incl. extended-release. Synthea emits 1664463 (the Envarsus SBD) with the SCD display - both codes are included.', { leftOut: 'Topical tacrolimus ointment (not systemic; the IN code 42316 would also match an ointment coded at ingredient level - check route). ' + NOTE_FORMS, sources: [...IS_SRC, CIBMTR('terminology/medications/med-form2400-gvhd-prophylaxis-valueset.fsh')], usedBy: 'NCT07233642 I2; NCT06789107 I4.3, I6.3; ln-cart-5-35 E7 (SLE treatment)', codes: TAC }),
  med('med-sirolimus', 'Sirolimus', 'Sirolimus (oral).', { leftOut: 'Everolimus (a different mTOR inhibitor, not named). ' + NOTE_FORMS, sources: IS_SRC, usedBy: 'NCT07233642 I2; NCT06789107 I4.3, I6.3', codes: SIRO }),
  med('med-leflunomide', 'Leflunomide', 'Leflunomide.', { sources: IS_SRC, usedBy: 'NCT07233642 I2; NCT06789107 I4.3, I6.3', codes: LEF }),
  med('med-conventional-immunosuppressants', 'Conventional immunosuppressants named by the trials', 'Union of cyclophosphamide, mycophenolate, azathioprine, methotrexate, cyclosporine, tacrolimus, sirolimus and leflunomide - the list of NCT06789107 I4.3 / I6.3 and the non-biologic DMARDs of NCT07233642 I2. Count distinct ingredients with the per-ingredient sets.', {
    leftOut: 'Voclosporin, everolimus, calcineurin topical forms. ' + NOTE_FORMS, sources: [...IS_SRC, CHEMO_VS],
    usedBy: 'NCT06789107 I4.3, I6.3; NCT07233642 I2; ln-cart-5-35 E7 (these are SLE treatments, so NOT "other" immunosuppressants)', codes: [...CYC, ...MYCO, ...AZA, ...MTX, ...CSA, ...TAC, ...SIRO, ...LEF],
  }),
  med('med-belimumab', 'Belimumab', 'Belimumab (anti-BLyS; B-cell targeted biologic).', { leftOut: 'Belimumab SCD/SBD codes (IV vial, SC autoinjector) not found in any citable source - gap; EHRs often send the SCD, so such records would be missed unless the Medication carries the ingredient. ', sources: [SLE_TX, TERMINOLOGY_MD], checked: CK_TM, usedBy: 'NCT07233642 I2; NCT06789107 I4.4, E15; ln-cart-5-35 E8 (B-cell targeted)', codes: BELI }),
  med('med-rituximab', 'Rituximab (incl. biosimilars and SC hyaluronidase form)', 'Rituximab (anti-CD20).', { sources: [IMM_VS, CPIC, CIBMTR('terminology/medications/med-form2400-post-hct-disease-therapy-valueset.fsh'), TERMINOLOGY_MD], usedBy: 'NCT07233642 I2; NCT06789107 I4.4, E13; ln-cart-5-35 E8', codes: RTX }),
  med('med-obinutuzumab', 'Obinutuzumab', 'Obinutuzumab (anti-CD20).', { sources: [CIBMTR('terminology/medications/med-form2400-post-hct-disease-therapy-valueset.fsh'), TERMINOLOGY_MD], checked: CK_TM, usedBy: 'NCT06789107 E13; ln-cart-5-35 E8', codes: OBI }),
  med('med-ocrelizumab', 'Ocrelizumab', 'Ocrelizumab (anti-CD20).', { leftOut: 'SCD not verified. ', sources: [OHDSI(1318, 'monoclonal antibodies'), TERMINOLOGY_MD], checked: CK_TM, usedBy: 'NCT06789107 E13; ln-cart-5-35 E8', codes: OCR }),
  med('med-ofatumumab', 'Ofatumumab', 'Ofatumumab (anti-CD20).', { leftOut: 'SCD not verified. ', sources: [OHDSI(1318, 'monoclonal antibodies'), TERMINOLOGY_MD], checked: CK_TM, usedBy: 'NCT06789107 E13; ln-cart-5-35 E8', codes: OFA }),
  med('med-anti-cd20', 'Anti-CD20 therapy (rituximab, obinutuzumab, ocrelizumab, ofatumumab)', 'Anti-CD20 monoclonal antibodies named by NCT06789107 E13.', { leftOut: 'Ublituximab and other anti-CD20 agents not verified. ' + NOTE_FORMS, sources: [IMM_VS, OHDSI(1318, 'monoclonal antibodies'), TERMINOLOGY_MD], usedBy: 'NCT06789107 E13; ln-cart-5-35 E8', codes: [...RTX, ...OBI, ...OCR, ...OFA] }),
  med('med-anti-cd19', 'Anti-CD19 therapy (CD19-directed CAR-T products)', 'Anti-CD19 therapies with a verified code: the CD19-directed CAR-T products tisagenlecleucel, axicabtagene ciloleucel, brexucabtagene autoleucel, lisocabtagene maraleucel (NCT06789107 E13 "any anti-CD19 therapy").', {
    leftOut: 'Anti-CD19 antibodies inebilizumab, tafasitamab, blinatumomab (CD19xCD3), loncastuximab: no RxNorm code verified - gap. BCMA CAR-T (idecabtagene, ciltacabtagene) - not CD19.',
    sources: [OHDSI(1318, 'immunotherapeutic'), TERMINOLOGY_MD], checked: CK_TM, usedBy: 'NCT06789107 E13; ln-cart-5-35 E8, E10; NCT07233642 E8', codes: CART_CD19,
  }),
  med('med-car-t-products', 'CAR-T cell products', 'Approved CAR-T cell products (CD19- and BCMA-directed). ln-cart-5-35 E10 "received CAR-T cell therapy", NCT07233642 E8 (waivable -> review).', { leftOut: 'Investigational CAR-T products (no RxNorm codes; trial participation is recorded as a procedure or note - see proc-car-t-administration).', sources: [OHDSI(1318, 'immunotherapeutic'), TERMINOLOGY_MD], checked: CK_TM, usedBy: 'ln-cart-5-35 E10; NCT07233642 E8', codes: [...CART_CD19, ...CART_BCMA] }),
  med('med-b-cell-targeted', 'B-cell targeted therapy', 'B-cell targeted therapies for ln-cart-5-35 E8 "received B or T cell targeted therapy ... and the B or T cell level is still depleted": anti-CD20, anti-CD19 (CD19 CAR-T), anti-BLyS belimumab. Combine with lab-cd19-b-cells-absolute (below reference range = still depleted).', {
    leftOut: 'Telitacicept and atacicept (TACI-Fc; no RxNorm code verified - gap); T-cell targeted agents (abatacept, anti-thymocyte globulin, alemtuzumab) - codes not verified in a citable source except abatacept SCDs, which target T-cell co-stimulation and are in med-t-cell-targeted.',
    sources: [IMM_VS, OHDSI(1318, 'monoclonal antibodies / immunotherapeutic'), SLE_TX, TERMINOLOGY_MD], usedBy: 'ln-cart-5-35 E8', codes: [...RTX, ...OBI, ...OCR, ...OFA, ...CART_CD19, ...BELI],
  }),
  med('med-t-cell-targeted', 'T-cell targeted therapy (abatacept)', 'T-cell co-stimulation blocker abatacept (ln-cart-5-35 E8 "T cell targeted therapy"). CAR-T products are in med-car-t-products.', {
    leftOut: 'Abatacept ingredient code, anti-thymocyte globulin, alemtuzumab, basiliximab (IL-2R; basiliximab SCDs exist in the VSAC set but it is a transplant induction agent - left out pending protocol review). Gap.',
    sources: [IMM_VS], usedBy: 'ln-cart-5-35 E8',
    codes: [rx('616015', 'abatacept 250 MG Injection'), rx('1145929', '1 ML abatacept 125 MG/ML Prefilled Syringe'), rx('1799228', '1 ML abatacept 125 MG/ML Auto-Injector'), rx('1925254', '0.4 ML abatacept 125 MG/ML Prefilled Syringe'), rx('1925256', '0.7 ML abatacept 125 MG/ML Prefilled Syringe')],
  }),
  med('med-adalimumab', 'Adalimumab', 'Adalimumab (TNF inhibitor).', { sources: [IMM_VS, OHDSI(1040, '[HowOften] TNF inhibitors'), TERMINOLOGY_MD], usedBy: 'NCT06789107 E15; ln-cart-5-35 E7', codes: ADA }),
  med('med-etanercept', 'Etanercept', 'Etanercept (TNF inhibitor, fusion protein - not a monoclonal antibody).', { sources: [IMM_VS, OHDSI(1040, '[HowOften] TNF inhibitors'), TERMINOLOGY_MD], usedBy: 'NCT06789107 E15; ln-cart-5-35 E7', codes: ETN }),
  med('med-golimumab', 'Golimumab', 'Golimumab (TNF inhibitor).', { sources: [IMM_VS, OHDSI(1040, '[HowOften] TNF inhibitors'), TERMINOLOGY_MD], usedBy: 'NCT06789107 E15; ln-cart-5-35 E7', codes: GOL }),
  med('med-infliximab', 'Infliximab (incl. biosimilars)', 'Infliximab and biosimilars (-dyyb, -abda).', { sources: [IMM_VS, OHDSI(1040, '[HowOften] TNF inhibitors'), TERMINOLOGY_MD], usedBy: 'NCT06789107 E15; ln-cart-5-35 E7', codes: IFX }),
  med('med-ustekinumab', 'Ustekinumab', 'Ustekinumab (IL-12/23).', { sources: [IMM_VS, OHDSI(759, 'IL12-23'), TERMINOLOGY_MD], usedBy: 'NCT06789107 E15; ln-cart-5-35 E7', codes: UST }),
  med('med-secukinumab', 'Secukinumab', 'Secukinumab (IL-17A).', { leftOut: 'Ingredient (IN) code not verified - gap; only the two SCDs.', sources: [IMM_VS, TERMINOLOGY_MD], usedBy: 'NCT06789107 E15; ln-cart-5-35 E7', codes: SEC }),
  med('med-biologics-sle', 'Biologics used for SLE (belimumab, rituximab)', 'SLE biologics with verified codes, for NCT06789107 I4.4 ("Biologics (e.g. TULIP-2 [anifrolumab], belimumab, rituximab)") and the biologic DMARDs of NCT07233642 I2 (telitacicept, belimumab, rituximab).', {
    leftOut: 'Anifrolumab and telitacicept: no RxNorm code found in any source (gap - a record of them will not be counted: the CQL should give review when a medication text names them).',
    sources: [SLE_TX, IMM_VS, TERMINOLOGY_MD], usedBy: 'NCT06789107 I4.4; NCT07233642 I2', codes: [...BELI, ...RTX],
  }),
  med('med-biologics-e15', 'Biologic agents named by NCT06789107 E15', 'Biologics whose use within 4 weeks before enrolment excludes (NCT06789107 E15: adalimumab, etanercept, golimumab, infliximab, belimumab, ustekinumab, anifrolumab, secukinumab, atacicept - "including but not limited to"), plus the anti-CD20 agents and other biologics of the VSAC set (tocilizumab, abatacept, certolizumab, ixekizumab, vedolizumab, natalizumab, anakinra, basiliximab) because the list is open ("not limited to").',
  {
    leftOut: 'Anifrolumab and atacicept: no RxNorm code verified (gap). Everolimus (not a biologic).',
    sources: [IMM_VS, OHDSI(1040, '[HowOften] TNF inhibitors'), SLE_TX, TERMINOLOGY_MD], usedBy: 'NCT06789107 E15',
    codes: [
      ...ADA, ...ETN, ...GOL, ...IFX, ...BELI, ...UST, ...SEC, ...RTX, ...OBI, ...OCR, ...OFA,
      rx('1441527', '0.9 ML tocilizumab 180 MG/ML Prefilled Syringe'), rx('1657974', '4 ML tocilizumab 20 MG/ML Injection'),
      rx('1657979', '10 ML tocilizumab 20 MG/ML Injection'), rx('1657981', '20 ML tocilizumab 20 MG/ML Injection'),
      rx('616015', 'abatacept 250 MG Injection'), rx('1145929', '1 ML abatacept 125 MG/ML Prefilled Syringe'), rx('1799228', '1 ML abatacept 125 MG/ML Auto-Injector'),
      rx('1925254', '0.4 ML abatacept 125 MG/ML Prefilled Syringe'), rx('1925256', '0.7 ML abatacept 125 MG/ML Prefilled Syringe'),
      rx('795081', 'certolizumab pegol 200 MG Injection'), rx('849597', '1 ML certolizumab pegol 200 MG/ML Prefilled Syringe'),
      rx('1745103', '1 ML ixekizumab 80 MG/ML Auto-Injector'), rx('1745112', '1 ML ixekizumab 80 MG/ML Prefilled Syringe'),
      rx('1538137', 'vedolizumab 300 MG Injection'), rx('477484', '15 ML natalizumab 20 MG/ML Injection'),
      rx('727711', '0.67 ML anakinra 149 MG/ML Prefilled Syringe'), rx('1656643', 'basiliximab 10 MG Injection'), rx('1656648', 'basiliximab 20 MG Injection'),
    ],
  }),
  med('med-non-sle-immunosuppressants', 'Systemic immunosuppressants NOT used as SLE treatment', 'Systemic immunosuppressive biologics/targeted drugs that are not standard SLE treatment (TNF, IL-6, IL-17, IL-12/23, integrin, IL-1, JAK, BTK inhibitors, everolimus): ln-cart-5-35 E7 "receiving other systemic immunosuppressants other than SLE treatment".', {
    leftOut: 'SLE treatments (glucocorticoids, antimalarials, the conventional immunosuppressants, belimumab, rituximab). Topical preparations. Whether a specific drug is "for SLE" can depend on the indication - a match should name the drug; CQL may give review for off-label SLE use.',
    sources: [IMM_VS, OHDSI(1040, '[HowOften] TNF inhibitors'), OHDSI(1041, '[HowOften] JAK inhibitor'), TERMINOLOGY_MD], usedBy: 'ln-cart-5-35 E7; NCT06789107 E5 (supporting)',
    codes: [
      ...ADA, ...ETN, ...GOL, ...IFX, ...UST, ...SEC, ...JAK, ...BTK,
      rx('1441527', '0.9 ML tocilizumab 180 MG/ML Prefilled Syringe'), rx('1657974', '4 ML tocilizumab 20 MG/ML Injection'),
      rx('1657979', '10 ML tocilizumab 20 MG/ML Injection'), rx('1657981', '20 ML tocilizumab 20 MG/ML Injection'),
      rx('795081', 'certolizumab pegol 200 MG Injection'), rx('849597', '1 ML certolizumab pegol 200 MG/ML Prefilled Syringe'),
      rx('1745103', '1 ML ixekizumab 80 MG/ML Auto-Injector'), rx('1745112', '1 ML ixekizumab 80 MG/ML Prefilled Syringe'),
      rx('1538137', 'vedolizumab 300 MG Injection'), rx('477484', '15 ML natalizumab 20 MG/ML Injection'), rx('727711', '0.67 ML anakinra 149 MG/ML Prefilled Syringe'),
      rx('977427', 'everolimus 0.25 MG Oral Tablet'), rx('977434', 'everolimus 0.5 MG Oral Tablet'), rx('977438', 'everolimus 0.75 MG Oral Tablet'),
      rx('2056895', 'everolimus 1 MG Oral Tablet'), rx('998189', 'everolimus 2.5 MG Oral Tablet'), rx('845515', 'everolimus 5 MG Oral Tablet'),
      rx('1119400', 'everolimus 7.5 MG Oral Tablet'), rx('845507', 'everolimus 10 MG Oral Tablet'),
      rx('1308428', 'everolimus 2 MG Tablet for Oral Suspension'), rx('1308430', 'everolimus 3 MG Tablet for Oral Suspension'), rx('1308432', 'everolimus 5 MG Tablet for Oral Suspension'),
    ],
  }),
  med('med-jak-inhibitors', 'JAK inhibitors', 'Janus kinase inhibitors named by NCT06789107 E14 (baricitinib, tofacitinib; upadacitinib, filgotinib not verified).', { leftOut: 'Upadacitinib (US-approved; no code found in the sources) and filgotinib (not US-approved) - gap. ' + NOTE_FORMS, sources: [OHDSI(1041, '[HowOften] JAK inhibitor'), IMM_VS, TERMINOLOGY_MD], usedBy: 'NCT06789107 E14; ln-cart-5-35 E7', codes: JAK }),
  med('med-btk-inhibitors', 'BTK inhibitors', 'Bruton tyrosine kinase inhibitors named by NCT06789107 E14 (ibrutinib, zanubrutinib).', { leftOut: 'Fenebrutinib (investigational; no RxNorm code) - gap. ' + NOTE_FORMS, sources: [CIBMTR('terminology/medications/med-form2400-post-hct-disease-therapy-valueset.fsh'), OHDSI(1318, 'protein kinase inhibitors'), TERMINOLOGY_MD], checked: CK_TM, usedBy: 'NCT06789107 E14', codes: BTK }),
  med('med-fludarabine', 'Fludarabine', 'Fludarabine (lymphodepletion agent of ln-cart-5-35; prior exposure context for E16).', { sources: [CIBMTR('terminology/medications/med-fludarabine-valueset.fsh'), CHEMO_VS, TERMINOLOGY_MD], checked: CK_TM, usedBy: 'ln-cart-5-35 E16 (context)', codes: FLU }),
  med('med-vasopressors', 'Vasopressors (blood-pressure-raising drugs)', 'Vasopressor ingredients (norepinephrine, epinephrine, dopamine, phenylephrine, vasopressin): NCT07233642 E3 / NCT06789107 E4 "unstable vital signs, patients who need blood-pressure-raising drugs". Only CURRENT use counts.', {
    leftOut: 'Epinephrine AUTO-INJECTORS (e.g. Synthea\'s 1870230 "NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector") - anaphylaxis rescue, not blood-pressure support; an IN-level epinephrine record could still be an auto-injector, so an epinephrine match should give review unless the dose form is an infusion. Dobutamine (inotrope), midodrine (oral, orthostatic hypotension) and ephedrine - not listed.',
    sources: ['Hadlock-Lab/COVID19_Maternity_Inpatient_Anticoagulant:utilities/medications_cc_registry.py (vasopressor RxNorm ingredient list, found with the search tool)'],
    checked: 'Ingredient codes with names as listed in the cited registry file (search tool, 2026-11-22). Displays are the RxNorm ingredient names given there.',
    usedBy: 'NCT07233642 E3; NCT06789107 E4',
    codes: [rx('7512', 'norepinephrine'), rx('3992', 'epinephrine'), rx('3628', 'dopamine'), rx('8163', 'phenylephrine'), rx('11149', 'vasopressin (USP)')],
  }),
  med('med-latent-tb-treatment', 'Latent tuberculosis treatment drugs', 'Isoniazid and rifampin clinical drugs (NCT06789107 E11 "latent tuberculosis treated before the baseline": latent TB + one of these).', {
    leftOut: 'Ingredient codes and rifapentine (3HP regimen): no code verified - gap. Isoniazid/rifampin are also used for active TB (also an exclusion).',
    sources: ['GitHub code index (find_string "isoniazid 300 MG Oral Tablet", 2026-11-22): 197622 and 199279 with these displays in >= 3 independent files (synthetic FHIR generators, a drug lookup table)'],
    checked: 'Seen with these displays in several independent files via find_string.',
    usedBy: 'NCT06789107 E11', codes: [rx('197622', 'isoniazid 300 MG Oral Tablet'), rx('199279', 'rifampin 300 MG Oral Capsule')],
  }),
  med('med-systemic-anti-infectives', 'Systemic anti-infectives (verified codes; the CQL matches every listed ingredient by name)', 'Systemic (IV or oral) antibacterials, antimycobacterials, antivirals and antifungals - evidence of "infection that requires systemic treatment" (NCT07233642 E4 within 3 months; NCT06789107 E6 within 1 week; ln-cart-5-35 E2). The class is complete at ingredient level in the CQL, not here: Eligibility "Anti-infective Ingredient Pattern" names about 170 ingredients (WHO ATC J01, J04, J05, J02 and the oral/IV antifungals), and a MedicationStatement/Request whose text or any coding display names one counts (RxNorm SCD and SBD names carry every ingredient). This value set adds the codes verified in a source, so that a record coded without a display still matches.', {
    leftOut: 'Ingredient codes not verified in a citable source are NOT listed: those drugs are matched by ingredient name only (a record carrying only an unverified code and no text or display is missed). Deliberately not anti-infectives for these criteria: hydroxychloroquine/chloroquine (SLE treatment), dapsone (cutaneous lupus), atovaquone and pentamidine (PCP prophylaxis), non-absorbed or topical-only agents (nystatin, clotrimazole, neomycin, rifaximin, mupirocin). Topical, eye, ear, vaginal and inhaled forms are removed by the CQL ("Is Systemic").',
    sources: [SYNTHEA, 'GitHub code index (find_string "isoniazid 300 MG Oral Tablet")', 'GitHub code index (find_string "\"display\": \"vancomycin\"": RxNorm 11124 "Vancomycin" on a Cerner sandbox MedicationStatement and in two independent code lists)', CPIC],
    checked: 'Synthea codes and displays read from the local corpus (zero-width spaces removed); TB drugs as in med-latent-tb-treatment; vancomycin 11124 seen with that display in a Cerner FHIR sandbox resource; the 21 ingredient codes re-read in the CPIC drug table with read_file (2026-12-07).',
    usedBy: 'NCT07233642 E4; NCT06789107 E6; ln-cart-5-35 E2',
    codes: [
      rx('308182', 'Amoxicillin 250 MG Oral Capsule'), rx('562251', 'Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet'), rx('309097', 'Cefuroxime 250 MG Oral Tablet'),
      rx('789980', 'Ampicillin 100 MG/ML Injectable Solution'), rx('834061', 'Penicillin V Potassium 250 MG Oral Tablet'),
      rx('197622', 'isoniazid 300 MG Oral Tablet'), rx('199279', 'rifampin 300 MG Oral Capsule'), rx('11124', 'vancomycin'),
      // ingredient codes of the CPIC drug table (cpicpgx/cpic-schema:drug.sql)
      rx('190521', 'abacavir'), rx('343047', 'atazanavir'), rx('2348', 'chloramphenicol'), rx('2551', 'ciprofloxacin'),
      rx('1433868', 'dolutegravir'), rx('195085', 'efavirenz'), rx('4053', 'erythromycin'), rx('6038', 'isoniazid'),
      rx('82122', 'levofloxacin'), rx('139462', 'moxifloxacin'), rx('7240', 'nalidixic acid'), rx('53654', 'nevirapine'),
      rx('7454', 'nitrofurantoin'), rx('7517', 'norfloxacin'), rx('9344', 'ribavirin'), rx('10171', 'sulfadiazine'),
      rx('10831', 'sulfamethoxazole / trimethoprim'), rx('10207', 'sulfisoxazole'), rx('117466', 'tenofovir'),
      rx('37801', 'terbinafine'), rx('121243', 'voriconazole'),
    ],
  }),
];

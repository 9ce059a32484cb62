// The "Gaps" section of valuesets/README.md: concepts with no verifiable code, and how criteria should cope.
export const GAPS = `
## Gaps

Concepts a criterion needs for which no code could be verified in a citable source (terminology.md main
tables, the Synthea charts, or the search tools). Nothing below was added from memory. "Review" = the
contract status \`review\`; "closed world" = contract data rule 5 (no record -> pass, with "no record of ...").

### No standard code exists at all
| concept | criterion | how to handle |
|---|---|---|
| SLEDAI-2K total score | ln-cart-5-35 I5, NCT07233642 I3, NCT06789107 I5 | local concept \`urn:trialcds:concept#sledai-2k\` (\`obs-sledai-2k\`, contract §5a); no result -> unknown |
| ISN/RPS biopsy class as an Observation | ln-cart-5-35 I2 | Condition with the WHO-class SNOMED disorder (\`dx-lupus-nephritis-class-*\`), contract §5a |
| "Lupus crisis" as such | ln-cart-5-35 E1 | evaluate the named manifestations one by one (separate sets) |
| Diffuse alveolar hemorrhage (no SNOMED or ICD-10-CM code found) | ln-cart-5-35 E1 | \`dx-lupus-lung-involvement\` / \`dx-pulmonary-hemorrhage-nonspecific\` -> review; otherwise closed world |
| Lupus mesenteric vasculitis (only generic SNOMED 31996006 "Vasculitis", seen without a citable display) | ln-cart-5-35 E1 | no set; the reason should say it cannot be coded; M32.19 alone -> review |
| Catastrophic antiphospholipid syndrome | ln-cart-5-35 E1 | \`dx-antiphospholipid-syndrome\` in the patient -> review |
| APS severity | NCT06789107 E3 | APS in the 12-month window -> review |
| NPSLE in ICD-10-CM (coders use M32.19, which covers any organ) | ln-cart-5-35 E1, NCT07233642 E1, NCT06789107 E1 | SNOMED \`dx-neuropsychiatric-lupus\` fails; M32.19 alone -> review |
| MAS in ICD-10-CM | NCT07233642 E7, NCT06789107 E12 | ICD-10-CM indexes MAS to D76.1 HLH (\`dx-hemophagocytic-lymphohistiocytosis\`) |
| GVHD grade (>= 2) | NCT07233642 E5, NCT06789107 E7 | GVHD in the 2-week window -> review unless a graded observation exists |
| "B or T cells still depleted" | ln-cart-5-35 E8 | derive from \`lab-cd19-b-cells-absolute\` / \`lab-lymphocytes-absolute\` against their reference range; no count -> unknown |
| Uncontrolled / severe / moderate-to-massive / frequent (diabetes, hypertension, organ dysfunction, pericardial effusion, myocarditis, SVT, infection) | ln-cart-5-35 E2-E4, NCT07233642 E3/E4, NCT06789107 E4/E6 | the diagnosis sets only say the condition is present -> review |
| Contraception, consent, willingness, leukapheresis fitness, other trial participation, investigator judgement | many | not coded: review (contract §5a) |
| Contraindication to fludarabine/cyclophosphamide other than allergy (e.g. severe renal impairment, pregnancy) | ln-cart-5-35 E16 | allergy sets fail; other contraindications via labs/other criteria, else review |

### A code probably exists but was not verified here (left out on purpose)
| concept | what is missing | consequence / how to handle |
|---|---|---|
| Malignancy, full enumeration | VSAC "Cancer" expansion is 1.45 MB and was not transcribed; only SNOMED root 363346000 and a few ICD codes are in \`dx-malignancy\` | CQL MUST add the structural rule: ICD-10-CM code category C00-C96 (incl. C4A, C7A, C7B) = malignant neoplasm; "C44." = NMSC exception for ln-cart-5-35 E5. SNOMED descendants need subsumption or site mapping. Without this, cancers coded with SNOMED children would pass silently |
| Secondary (metastatic) neoplasm codes (C77-C79) | not verified | ln-cart-5-35 E5 prostate exception: with no metastasis code -> review (cannot prove non-metastatic) |
| Carcinoma in situ other than D09.9 | D00-D09 members not verified | CIS is not malignancy in ICD-10-CM, so it never fails E5; reason text only |
| Personal history of malignancy (Z85.-) | not enumerated | handled in CQL since issue #14: Eligibility matches ICD-10-CM Z85 by pattern (verified: Z85.3 "Personal history of malignant neoplasm of breast" in several independent lists) - fail for previous/known malignancy, review for ln-cart-5-35 E5 (undated) |
| Pregnancy, chapter O | only Z33.1, O09.90 verified | CQL may treat ICD-10-CM codes starting "O" (O00-O9A) as pregnancy (recent onset only) |
| Depression F32/F33 sub-codes, suicide attempt / self-harm | only listed members verified | CQL may treat ICD-10-CM F32.-/F33.- as depression |
| Acute MI I21/I22 sub-codes; acute heart failure I50.1, I50.2x-I50.4x acute; VT parent I47.2 and pericardial effusion parent I31.3 (pre-2023 releases) | not verified | prefix rules I21/I22 (MI) may be used; I47.2/I31.3 only appear in historical data |
| Tuberculosis other sites (A17-A19), latent TB in SNOMED, TST and T-SPOT LOINC codes, rifapentine | not enumerated / not verified | since issue #14 the CQL matches the ICD-10-CM block A15-A19 and Z86.11 / Z86.15 / Z22.7 by pattern (Eligibility "Tuberculosis Conditions"); TST/T-SPOT results arrive as local codes -> site mapping |
| EBV in SNOMED; EBV DNA LOINC | not verified | EBV: only ICD-10-CM B27.0-; EBV DNA results need site mapping -> otherwise closed world |
| Syphilis congenital/secondary/tertiary sub-codes | not verified | SNOMED 76272004 / ICD A53.9 catch most records |
| Anti-Sm and ANA codes beyond those listed; UPCR in mg/mmol (no LOINC) | not verified / does not exist | convert mg/mmol with creatinine 113.12 g/mol (contract rule 2); pediatric bedside-Schwartz eGFR has no LOINC |
| RxNorm: anifrolumab, telitacicept, atacicept, upadacitinib, filgotinib, fenebrutinib, deucravacitinib (TYK2), quinacrine, inebilizumab / tafasitamab / blinatumomab (anti-CD19), secukinumab IN, belimumab SCD/SBD, chloroquine SCD, methotrexate injection SCD, rituximab biosimilars beyond -abbs | not found in any indexed source (some genuinely lack RxNorm concepts: telitacicept, atacicept, fenebrutinib, filgotinib) | these drugs are NOT matched: a medication record naming them (text only or unknown code) should give review, never pass silently for the exclusions (NCT06789107 E14/E15, ln-cart-5-35 E8) nor fail the treatment-history inclusions (NCT07233642 I2, NCT06789107 I4) |
| TYK2 inhibitors (deucravacitinib) | no code | NCT06789107 E14 TYK2 part cannot be evaluated from codes: closed world with explicit reason, or review |
| Gene therapy products (e.g. onasemnogene) and gene-therapy procedure codes; Z92.858/Z92.859 (other/unspecified cellular therapy) | not verified | ln-cart-5-35 E10 "gene therapy" part: closed world with explicit reason |
| SNOMED substance codes for fludarabine, cyclophosphamide, belimumab, "monoclonal antibody" | not verified | allergy sets hold RxNorm codes only; SNOMED-coded allergies need site mapping |
| Live vaccines Ervebo, Dengvaxia, live chikungunya | CVX numbers not seen | not caught -> if the site uses them, add after checking the CDC CVX table |
| Systemic anti-infectives (full class) | codes only for Synthea antibiotics, TB drugs, vancomycin and the CPIC ingredient table | since issue #14 the CQL matches ~170 ingredients by name (Eligibility "Anti-infective Ingredient Pattern", WHO ATC J01/J02/J04/J05) in the text or any coding display; a record carrying only an unverified code and no text/display is missed |
| Organ transplant procedures other than kidney/heart; T-cell depleting agents (ATG, alemtuzumab) | not verified | transplant status Z94.- covers organs; review otherwise |

### Conflicts found in public sources (resolved conservatively)
- CD19 absolute count: one public file labels LOINC 8124-0 as "CD19 cells [#/volume] in Blood"; a LOINC-generated enum gives **8116-6** (used; 8124-0 excluded).
- IGRA 71773-6: terminology.md §7 shows "...[Presence] in Blood", an IG value set shows "...[Interpretation] in Blood Qualitative" (used); one file even calls 71773-6 a TST (ignored).
- VSAC "Hepatitis B" contains IMMUNITY findings (271511000 "Hepatitis B immune", 313234004 "Hepatitis B antibody present"): excluded from \`dx-hepatitis-b\` - vaccinated children must not be excluded.
- LOINC 8061-4 "Nuclear Ab [Presence] in Serum" was listed as not found in terminology.md; it was found (MIMIC LOINC mapping and a code list) and is in \`lab-ana\`.
`;

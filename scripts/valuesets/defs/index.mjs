// All value-set definitions, in priority order (ln-cart-5-35, NCT07233642, NCT06789107).
import { lupusDefinitions } from './lupus.mjs';
import { crisisDefinitions } from './dx-crisis.mjs';
import { infectionDefinitions } from './infection.mjs';
import { generalDefinitions } from './dx-general.mjs';
import { cardiacOtherDefinitions } from './dx-cardiac-other.mjs';
import { labDefinitions } from './labs.mjs';
import { medDefinitions } from './meds.mjs';
import { procVaxAllergyDefinitions } from './proc-vax-allergy.mjs';
import { aliasDefinitions } from './aliases.mjs';

const conceptDefinitions = [
  ...lupusDefinitions,
  ...crisisDefinitions,
  ...infectionDefinitions,
  ...generalDefinitions,
  ...cardiacOtherDefinitions,
  ...labDefinitions,
  ...medDefinitions,
  ...procVaxAllergyDefinitions,
];

export const allDefinitions = [...conceptDefinitions, ...aliasDefinitions(conceptDefinitions)];

// NCT06789107-specific value sets (added by the NCT06789107 criteria author).
import { nct06789107Definitions } from './trial-NCT06789107.mjs';
allDefinitions.push(...nct06789107Definitions);

// All value-set definitions, in priority order (ln-cart-5-35, NCT07233642, NCT06789107).
import { lupusDefinitions } from './lupus.mjs';
import { crisisDefinitions } from './dx-crisis.mjs';
import { infectionDefinitions } from './infection.mjs';

export const allDefinitions = [...lupusDefinitions, ...crisisDefinitions, ...infectionDefinitions];

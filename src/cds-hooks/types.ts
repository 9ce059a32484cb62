/** CDS Hooks 2.0 wire types (https://cds-hooks.hl7.org/2.0/). Optional members are omitted, never null. */

export interface CdsCoding {
  system: string;
  code: string;
  display?: string;
}

export interface CdsServiceDescriptor {
  hook: string;
  title?: string;
  description: string;
  id: string;
  prefetch?: Record<string, string>;
  usageRequirements?: string;
}

export interface CdsSource {
  label: string;
  url?: string;
  icon?: string;
  topic?: CdsCoding;
}

export interface CdsLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}

export interface CdsAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Record<string, unknown>;
  resourceId?: string[];
}

export interface CdsSuggestion {
  label: string;
  uuid?: string;
  isRecommended?: boolean;
  actions?: CdsAction[];
}

export interface CdsCard {
  uuid?: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: CdsSource;
  suggestions?: CdsSuggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: CdsCoding[];
  links?: CdsLink[];
}

export interface CdsResponse {
  cards: CdsCard[];
}

/** One service this server exposes, with the trials it screens. */
export interface CdsServiceDefinition extends CdsServiceDescriptor {
  hook: 'patient-view' | 'order-sign' | 'order-select';
  title: string;
  prefetch: Record<string, string>;
  trialIds: string[];
}

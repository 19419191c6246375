/**
 * The pillars of Kenya's National Strategy to Counter Violent Extremism, as a versioned
 * taxonomy. Source: NSCVE (2016), the nine pillars the County Action Plans are organised by.
 * A revised strategy adds a new version below; a published version is never edited, because
 * stored events refer to pillar ids of the version current when they were recorded.
 */
export interface PillarTaxonomy {
  version: number;
  source: string;
  pillars: readonly { id: string; name: string }[];
}

export const PILLARS_V1: PillarTaxonomy = {
  version: 1,
  source: 'National Strategy to Counter Violent Extremism (2016)',
  pillars: [
    { id: 'psychosocial', name: 'Psychosocial' },
    { id: 'education', name: 'Education' },
    { id: 'political', name: 'Political' },
    { id: 'security', name: 'Security' },
    { id: 'faith-based-ideological', name: 'Faith-based and ideological' },
    { id: 'training-capacity-building', name: 'Training and capacity building' },
    { id: 'arts-culture', name: 'Arts and culture' },
    { id: 'legal-policy', name: 'Legal and policy' },
    { id: 'media-online', name: 'Media and online' },
  ],
} as const;

export const PILLAR_TAXONOMIES: readonly PillarTaxonomy[] = [PILLARS_V1];

export const CURRENT_PILLARS = PILLAR_TAXONOMIES[PILLAR_TAXONOMIES.length - 1]!;

export const PILLAR_IDS = CURRENT_PILLARS.pillars.map((p) => p.id) as [string, ...string[]];

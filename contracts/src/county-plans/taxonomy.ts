import { PILLARS_V1 } from '../reference/pillars';

/**
 * The pillar taxonomies a County Action Plan can be written against: versioned reference data,
 * never edited once published (stored plans name pillar ids of the taxonomy they chose).
 *
 * - `nscve-2016`: the nine pillars of the National Strategy to Counter Violent Extremism (2016),
 *   the same list as `PILLARS_V1` in reference/pillars.ts, which the other contexts use.
 * - `nscve-2024`: the 2024 revision. Source: the NSCVE review of 2024. PROVISIONAL: the project
 *   holds no copy of the gazetted revision, so this list is the project's reading of it
 *   (online and media work regrouped under digital, rehabilitation and reintegration made a
 *   pillar of its own, gender and youth inclusion made explicit). It must be checked against the
 *   published text before a plan is published under it; a correction is a new version
 *   (`nscve-2024.1`), never an edit of this one.
 *
 * A county may add pillars of its own (`county-<slug>`) to a plan; each names the pillar of the
 * plan's taxonomy it rolls up to, or none.
 */
export interface VersionedPillarTaxonomy {
  id: string;
  source: string;
  pillars: readonly { id: string; name: string }[];
}

export const NSCVE_2016: VersionedPillarTaxonomy = {
  id: 'nscve-2016',
  source: PILLARS_V1.source,
  pillars: PILLARS_V1.pillars,
};

export const NSCVE_2024: VersionedPillarTaxonomy = {
  id: 'nscve-2024',
  source: 'National Strategy to Counter Violent Extremism, 2024 revision (provisional reading: see the comment above)',
  pillars: [
    { id: 'psychosocial', name: 'Psychosocial support' },
    { id: 'education', name: 'Education' },
    { id: 'political', name: 'Political and governance' },
    { id: 'security', name: 'Security' },
    { id: 'faith-based-ideological', name: 'Faith-based and ideological' },
    { id: 'training-capacity-building', name: 'Training and capacity building' },
    { id: 'arts-culture', name: 'Arts, culture and sports' },
    { id: 'legal-policy', name: 'Legal and policy' },
    { id: 'digital-media', name: 'Digital and media' },
    { id: 'rehabilitation-reintegration', name: 'Disengagement, rehabilitation and reintegration' },
    { id: 'gender-youth-inclusion', name: 'Gender and youth inclusion' },
  ],
};

export const PLAN_TAXONOMIES: readonly VersionedPillarTaxonomy[] = [NSCVE_2016, NSCVE_2024];
export const PLAN_TAXONOMY_IDS = ['nscve-2016', 'nscve-2024'] as const;
export type PlanTaxonomyId = (typeof PLAN_TAXONOMY_IDS)[number];

export const taxonomyOf = (id: string): VersionedPillarTaxonomy | undefined => PLAN_TAXONOMIES.find((t) => t.id === id);

/**
 * How a pillar of the 2024 revision reads in the 2016 taxonomy (the roll-up compares counties
 * that chose different versions in the older one, which every plan can be mapped to). A pillar
 * maps to one 2016 pillar; a pillar new in 2024 maps to the 2016 pillar its work sat under.
 */
export const NSCVE_2024_TO_2016: ReadonlyMap<string, string> = new Map([
  ['psychosocial', 'psychosocial'],
  ['education', 'education'],
  ['political', 'political'],
  ['security', 'security'],
  ['faith-based-ideological', 'faith-based-ideological'],
  ['training-capacity-building', 'training-capacity-building'],
  ['arts-culture', 'arts-culture'],
  ['legal-policy', 'legal-policy'],
  ['digital-media', 'media-online'],
  ['rehabilitation-reintegration', 'psychosocial'],
  ['gender-youth-inclusion', 'political'],
]);

/**
 * The pillar of `to` that `pillarId` of `from` rolls up to; undefined when the taxonomies have
 * no mapping between them or the pillar is unknown. Only 2024 → 2016 (and identity) is defined:
 * a 2016 pillar can split into several 2024 ones, so the other direction is not a function.
 */
export const mapPillar = (from: PlanTaxonomyId, pillarId: string, to: PlanTaxonomyId): string | undefined => {
  if (from === to) return taxonomyOf(from)?.pillars.some((p) => p.id === pillarId) ? pillarId : undefined;
  if (from === 'nscve-2024' && to === 'nscve-2016') return NSCVE_2024_TO_2016.get(pillarId);
  return undefined;
};

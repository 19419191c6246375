import type { CountyPlanContent } from '@csm/contracts';
import type { ReadModels } from '@csm/readmodels';
import { COUNTY_PROGRESS_FACTS, type CountyFactsView } from '../projections/county-progress.projection';
import { ORGANIZATIONS, type KnownOrganization } from '../projections/organizations.projection';
import { PARTNERSHIP_CALLS, PARTNERSHIP_PROPOSALS, type PartnershipCall, type PartnershipProposal } from '../projections/awarded-partnerships.projection';

/**
 * Awards as the public may read them, joined on read from the context's copies of proposals'
 * facts (`awarded-partnerships.projection.ts`), its plans and its organisations:
 * - an award is a proposal the receiving body approved whose offer was not declined; `accepted`
 *   once the organisation accepted it;
 * - an award is **sensitive** when the NCTC's recommendation marked it so, or when its call names
 *   an action that is sensitive in the published plan of one of the award's counties (the plan is
 *   where work with returnees is marked). A sensitive award is never published in detail — not
 *   in the trace, not in the IATI file, not on the map.
 */
export interface Award {
  proposalId: string;
  callId: string;
  callTitle: string;
  organizationId: string;
  organizationName: string;
  title: string;
  summary: string;
  counties: string[];
  pillars: string[];
  amount: number;
  currency: string;
  status: 'approved' | 'accepted';
  submittedAt: string;
  approvedAt: string;
  acceptedAt?: string;
  durationMonths: number;
  /** The plan actions its call names in the award's counties. */
  planActions: { countyCode: string; actionId: string }[];
  sensitive: boolean;
}

/** The published plans of the counties asked for, read once each. */
export const publishedPlans = async (readModels: ReadModels, counties: Iterable<string>): Promise<Map<string, CountyPlanContent>> => {
  const wanted = [...new Set(counties)];
  const views = await readModels.collection<CountyFactsView>(COUNTY_PROGRESS_FACTS).find({ _id: { $in: wanted } });
  const plans = new Map<string, CountyPlanContent>();
  for (const view of views) {
    const version = view.facts.publishedVersion;
    const plan = version === undefined ? undefined : view.facts.versions[String(version)];
    if (plan) plans.set(view._id, plan);
  }
  return plans;
};

/** Each action of a plan by id, with whether it is sensitive. */
export const actionsOf = (plan: CountyPlanContent) => new Map(plan.pillars.flatMap((p) => p.priorities.flatMap((r) => r.actions.map((a) => [a.id, a] as const))));

/** Every award, or those working in `county`, sensitive ones marked. Ordered by call, then proposal. */
export const readAwards = async (readModels: ReadModels, county?: string): Promise<Award[]> => {
  const proposals = await readModels
    .collection<PartnershipProposal>(PARTNERSHIP_PROPOSALS)
    .find({ 'decision.decision': 'approved', ...(county ? { counties: county } : {}) }, { sort: { _id: 1 } });
  const awarded = proposals.filter((p) => p.offer?.response !== 'declined');
  if (awarded.length === 0) return [];
  const calls = new Map(
    (await readModels.collection<PartnershipCall>(PARTNERSHIP_CALLS).find({ _id: { $in: [...new Set(awarded.map((p) => p.callId))] } })).map((c) => [c._id, c] as const),
  );
  const names = new Map(
    (await readModels.collection<KnownOrganization>(ORGANIZATIONS).find({ _id: { $in: [...new Set(awarded.map((p) => p.organizationId))] } })).map((o) => [o._id, o.name] as const),
  );
  const plans = await publishedPlans(readModels, awarded.flatMap((p) => p.counties));
  return awarded.map((p) => {
    const call = calls.get(p.callId);
    const planActions = (call?.planActions ?? []).filter((a) => p.counties.includes(a.countyCode));
    const sensitive = p.markedSensitive === true || planActions.some((a) => {
      const plan = plans.get(a.countyCode);
      return plan !== undefined && actionsOf(plan).get(a.actionId)?.sensitive === true;
    });
    return {
      proposalId: p._id,
      callId: p.callId,
      callTitle: call?.title ?? p.callId,
      organizationId: p.organizationId,
      organizationName: names.get(p.organizationId) ?? p.organizationId,
      title: p.title,
      summary: p.summary,
      counties: p.counties,
      pillars: p.pillars,
      amount: p.decision!.amount ?? p.requested.amount,
      currency: call?.currency ?? p.requested.currency,
      status: p.offer?.response === 'accepted' ? ('accepted' as const) : ('approved' as const),
      submittedAt: p.submittedAt,
      approvedAt: p.decision!.at,
      ...(p.offer?.response === 'accepted' ? { acceptedAt: p.offer.at } : {}),
      durationMonths: p.durationMonths,
      planActions,
      sensitive,
    };
  });
};

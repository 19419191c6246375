import { CountyPlanContent, CountyReportContent } from '@csm/contracts';
import type { CommandMetadata } from '@csm/eventing';
import { aCountyPlan, aCountyReport } from '@csm/testkit';

/** The testkit's plan and report, parsed as the HTTP layer would hand them to a decider. */
/** Timed 2024-Q1 to 2027-Q4, so the specs' dates stay fixed. */
export const plan = (overrides: Record<string, unknown> = {}) => CountyPlanContent.parse(aCountyPlan(overrides, 2024));
export const report = (overrides: Record<string, unknown> = {}) => CountyReportContent.parse(aCountyReport(overrides));

export const at = (now: string, roles: string[] = ['county-officer']): CommandMetadata => ({
  commandId: `cmd-${now}`,
  correlationId: 'corr',
  actor: { subject: 'officer-1', roles },
  now,
});

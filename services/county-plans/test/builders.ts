import { CountyPlanContent, CountyReportContent } from '@csm/contracts';
import type { CommandMetadata } from '@csm/eventing';
import { aCountyPlan, aCountyReport } from '@csm/testkit';

/** The testkit's plan and report, parsed as the HTTP layer would hand them to a decider. */
export const plan = (overrides: Record<string, unknown> = {}) => CountyPlanContent.parse(aCountyPlan(overrides));
export const report = (overrides: Record<string, unknown> = {}) => CountyReportContent.parse(aCountyReport(overrides));

export const at = (now: string, roles: string[] = ['county-officer']): CommandMetadata => ({
  commandId: `cmd-${now}`,
  correlationId: 'corr',
  actor: { subject: 'officer-1', roles },
  now,
});

import { create } from 'xmlbuilder2';
import { countyName, PILLARS_V1 } from '@csm/contracts';
import type { Award } from '../http/awards';

/**
 * Awarded partnerships as IATI 2.03 activities (`iati-activities`), one activity per award, built
 * with xmlbuilder2 (escaping is the library's). Validated in tests with `xmllint` against the
 * official schemas kept in `contracts/standards/iati-2.03/`. Codes used (IATI codelists):
 * - reporting-org: the NCTC, `ref` from `CSM_IATI_REPORTING_ORG_REF` (a placeholder until the
 *   NCTC has an organisation identifier), type 10 (government);
 * - iati-identifier: `<reporting-org ref>-<proposal id>`;
 * - participating-org: the NCTC as role 3 (extending), the organisation as role 4 (implementing);
 * - activity-status: 1 (pipeline) when approved, 2 (implementation) once the offer is accepted;
 * - activity-date: type 1 (planned start: the approval) or 2 (actual start: the acceptance), and
 *   type 3 (planned end: start plus the concept note's duration);
 * - recipient-country KE at 100 %; one `location` per county: `administrative` level 1 with the
 *   county's code of the Constitution's First Schedule (001 Mombasa … 047 Nairobi) under
 *   vocabulary 99 (reporting organisation), beside level 0 `KE` under A4 (ISO 3166-1 alpha-2);
 * - sector: the NSCVE pillars under vocabulary 99 (reporting organisation), the pillar id as the
 *   code and its name as the narrative, percentages shared equally;
 * - budget type 1 (original), status 2 (committed), and a transaction of type 2 (outgoing
 *   commitment) of the approved amount on the day of the decision.
 */
export interface IatiOptions {
  reportingOrgRef: string;
  reportingOrgName: string;
  generatedAt: string;
}

/** The placeholder reporting-org identifier: replace it by the NCTC's own through `CSM_IATI_REPORTING_ORG_REF`. */
export const IATI_REPORTING_ORG_PLACEHOLDER = 'XX-NCTC-PLACEHOLDER';
export const IATI_REPORTING_ORG_NAME = 'National Counter Terrorism Centre (Kenya)';

const pillarName = (id: string) => PILLARS_V1.pillars.find((p) => p.id === id)?.name ?? id;
const day = (iso: string) => iso.slice(0, 10);
const addMonths = (date: string, months: number): string => {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};
/** Equal shares that total exactly 100 (two decimals; the last takes the remainder). */
const shares = (n: number): string[] => {
  const each = Math.floor(10_000 / n) / 100;
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? each : Math.round((100 - each * (n - 1)) * 100) / 100).toFixed(2));
};

/** The document for `awards` (sensitive ones must already be left out: this refuses them). */
export const iatiActivitiesXml = (awards: readonly Award[], options: IatiOptions): string => {
  if (awards.some((a) => a.sensitive)) throw new Error('a sensitive award is never published');
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('iati-activities', { version: '2.03', 'generated-datetime': options.generatedAt });
  for (const award of awards) {
    const start = day(award.acceptedAt ?? award.approvedAt);
    const activity = root.ele('iati-activity', { 'last-updated-datetime': award.acceptedAt ?? award.approvedAt, 'xml:lang': 'en', 'default-currency': award.currency });
    activity.ele('iati-identifier').txt(`${options.reportingOrgRef}-${award.proposalId}`);
    activity.ele('reporting-org', { ref: options.reportingOrgRef, type: '10' }).ele('narrative').txt(options.reportingOrgName);
    activity.ele('title').ele('narrative').txt(award.title);
    activity.ele('description', { type: '1' }).ele('narrative').txt(award.summary);
    activity.ele('participating-org', { ref: options.reportingOrgRef, role: '3', type: '10' }).ele('narrative').txt(options.reportingOrgName);
    activity.ele('participating-org', { role: '4' }).ele('narrative').txt(award.organizationName);
    activity.ele('activity-status', { code: award.status === 'accepted' ? '2' : '1' });
    activity.ele('activity-date', { type: award.status === 'accepted' ? '2' : '1', 'iso-date': start });
    activity.ele('activity-date', { type: '3', 'iso-date': addMonths(start, award.durationMonths) });
    activity.ele('recipient-country', { code: 'KE', percentage: '100' });
    for (const code of award.counties) {
      const location = activity.ele('location', { ref: `KE-COUNTY-${code}` });
      location.ele('location-reach', { code: '1' });
      location.ele('name').ele('narrative').txt(`${countyName(code) ?? code} County`);
      location.ele('administrative', { vocabulary: 'A4', level: '0', code: 'KE' });
      location.ele('administrative', { vocabulary: '99', level: '1', code });
      location.ele('exactness', { code: '2' });
      location.ele('location-class', { code: '1' });
    }
    const percentages = shares(award.pillars.length);
    award.pillars.forEach((pillar, i) => activity.ele('sector', { vocabulary: '99', code: pillar, percentage: percentages[i] }).ele('narrative').txt(`NSCVE pillar: ${pillarName(pillar)}`));
    const budget = activity.ele('budget', { type: '1', status: '2' });
    budget.ele('period-start', { 'iso-date': start });
    budget.ele('period-end', { 'iso-date': addMonths(start, award.durationMonths) });
    budget.ele('value', { currency: award.currency, 'value-date': day(award.approvedAt) }).txt(String(award.amount));
    const transaction = activity.ele('transaction');
    transaction.ele('transaction-type', { code: '2' });
    transaction.ele('transaction-date', { 'iso-date': day(award.approvedAt) });
    transaction.ele('value', { currency: award.currency, 'value-date': day(award.approvedAt) }).txt(String(award.amount));
    transaction.ele('description').ele('narrative').txt(`Approved under the call: ${award.callTitle}`);
    transaction.ele('provider-org', { ref: options.reportingOrgRef, type: '10' }).ele('narrative').txt(options.reportingOrgName);
    transaction.ele('receiver-org').ele('narrative').txt(award.organizationName);
  }
  return root.end({ prettyPrint: true });
};

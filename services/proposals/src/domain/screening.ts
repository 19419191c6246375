import { totalBudget, type FullProposal, type ScreeningCheck } from '@csm/contracts';
import type { ApplicantSnapshot, AssessmentFrame } from './proposal';

/**
 * Eligibility screening: four checks, each recorded with its reason whether it passed or not,
 * so a screened-out applicant reads exactly why.
 */
export const screeningChecks = (frame: AssessmentFrame, applicant: ApplicantSnapshot, fullProposal: FullProposal | undefined): ScreeningCheck[] => {
  const call = frame.call;
  const typeCheck: ScreeningCheck = !call
    ? { check: 'organization-type', passed: true, reason: 'Direct partnership: no type restriction' }
    : call.eligibleTypes.includes(applicant.type as never)
      ? { check: 'organization-type', passed: true, reason: `${applicant.type} is an eligible type` }
      : { check: 'organization-type', passed: false, reason: `${applicant.type} is not among the eligible types (${call.eligibleTypes.join(', ')})` };
  const registrationCheck: ScreeningCheck = applicant.verified
    ? { check: 'registration-status', passed: true, reason: 'The organisation is verified' }
    : { check: 'registration-status', passed: false, reason: 'The organisation is not verified (suspended, rejected or never verified)' };
  if (!fullProposal) {
    return [
      typeCheck,
      registrationCheck,
      { check: 'county-pillar-fit', passed: false, reason: 'No full proposal to assess' },
      { check: 'completeness', passed: false, reason: 'No full proposal was submitted before the deadline' },
    ];
  }
  return [typeCheck, registrationCheck, fitCheck(frame, fullProposal), completenessCheck(frame, fullProposal)];
};

export const fitCheck = (frame: AssessmentFrame, proposal: FullProposal): ScreeningCheck => {
  if (!frame.call) return { check: 'county-pillar-fit', passed: true, reason: 'Direct partnership: counties and pillars as presented' };
  const outside = proposal.counties.filter((c) => !frame.call!.targetCounties.includes(c));
  if (outside.length > 0) return { check: 'county-pillar-fit', passed: false, reason: `Counties outside the call: ${outside.join(', ')}` };
  const pillars = proposal.pillars.filter((p) => frame.call!.pillars.includes(p));
  if (pillars.length === 0) return { check: 'county-pillar-fit', passed: false, reason: `None of the call's pillars (${frame.call.pillars.join(', ')})` };
  return { check: 'county-pillar-fit', passed: true, reason: `Counties within the call; pillars ${pillars.join(', ')}` };
};

export const completenessCheck = (frame: AssessmentFrame, proposal: FullProposal): ScreeningCheck => {
  const total = totalBudget(proposal);
  const budget = frame.call?.budget;
  if (budget && proposal.budget.currency !== budget.currency) {
    return { check: 'completeness', passed: false, reason: `The budget is in ${proposal.budget.currency}; the call is in ${budget.currency}` };
  }
  if (budget && (total < budget.min || total > budget.max)) {
    return { check: 'completeness', passed: false, reason: `The budget lines total ${total}, outside the call's range ${budget.min}–${budget.max} ${budget.currency}` };
  }
  return { check: 'completeness', passed: true, reason: `Budget (${total} ${proposal.budget.currency} in ${proposal.budget.lines.length} lines), beneficiaries, risks and safeguarding plan present` };
};

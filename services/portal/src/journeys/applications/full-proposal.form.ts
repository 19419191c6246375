import type { FieldError } from '../../forms/problem-fields';
import { list, NAMESPACE, text, wholeNumber, type Answers } from './answers';
import type { FullProposal } from './applications-api';

/**
 * The full proposal on one page, in groups. Lists (budget lines, partners, risks) are a fixed
 * number of rows, so the form works without JavaScript; a row left empty is not sent.
 */
export const BUDGET_ROWS = 5;
export const PARTNER_ROWS = 3;
export const RISK_ROWS = 3;
export const BUDGET_CATEGORIES = ['personnel', 'activities', 'equipment', 'travel', 'monitoring-evaluation', 'overheads', 'other'] as const;
export const BENEFICIARY_GROUPS = ['youth', 'women', 'children', 'returnees', 'religious-leaders', 'teachers', 'families', 'other'] as const;
export const LIKELIHOODS = ['low', 'medium', 'high'] as const;

const rows = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
const ROW_FIELDS = {
  line: ['description', 'category', 'amount'],
  partner: ['name', 'role'],
  risk: ['risk', 'likelihood', 'mitigation'],
} as const;
const ROW_COUNTS = { line: BUDGET_ROWS, partner: PARTNER_ROWS, risk: RISK_ROWS } as const;
type RowKind = keyof typeof ROW_FIELDS;
const rowFieldNames = (kind: RowKind) => rows(ROW_COUNTS[kind]).flatMap((row) => ROW_FIELDS[kind].map((field) => `${kind}-${row}-${field}`));

export const FULL_PROPOSAL_FIELDS = [
  'title',
  'summary',
  'counties',
  'pillars',
  'currency',
  ...rowFieldNames('line'),
  'beneficiaryDescription',
  'directCount',
  'groups',
  ...rowFieldNames('partner'),
  ...rowFieldNames('risk'),
  'safeguardingPlan',
  'durationMonths',
];
export const FULL_PROPOSAL_REQUIRED = [
  'title',
  'summary',
  'counties',
  'pillars',
  'line-1-description',
  'line-1-amount',
  'beneficiaryDescription',
  'directCount',
  'groups',
  'risk-1-risk',
  'risk-1-mitigation',
  'safeguardingPlan',
  'durationMonths',
];

/** The rows of a kind that hold anything: the ones the person meant to send, with their row numbers. */
export const filledRows = (answers: Answers, kind: RowKind): number[] =>
  rows(ROW_COUNTS[kind]).filter((row) => ROW_FIELDS[kind].some((field) => text(answers, `${kind}-${row}-${field}`).trim() !== '' && field !== 'category' && field !== 'likelihood'));

export const fullProposalBody = (answers: Answers) => ({
  title: text(answers, 'title'),
  summary: text(answers, 'summary'),
  counties: list(answers, 'counties'),
  pillars: list(answers, 'pillars'),
  budget: {
    currency: text(answers, 'currency'),
    lines: filledRows(answers, 'line').map((row) => ({
      description: text(answers, `line-${row}-description`),
      category: text(answers, `line-${row}-category`),
      amount: wholeNumber(text(answers, `line-${row}-amount`)),
    })),
  },
  beneficiaries: { description: text(answers, 'beneficiaryDescription'), directCount: wholeNumber(text(answers, 'directCount')), groups: list(answers, 'groups') },
  partners: filledRows(answers, 'partner').map((row) => ({ name: text(answers, `partner-${row}-name`), role: text(answers, `partner-${row}-role`) })),
  risks: filledRows(answers, 'risk').map((row) => ({
    risk: text(answers, `risk-${row}-risk`),
    likelihood: text(answers, `risk-${row}-likelihood`),
    mitigation: text(answers, `risk-${row}-mitigation`),
  })),
  safeguardingPlan: text(answers, 'safeguardingPlan'),
  durationMonths: wholeNumber(text(answers, 'durationMonths')),
});

export const fullProposalAnswers = (proposal: FullProposal): Answers => {
  const answers: Answers = new Map<string, string | string[]>([
    ['title', proposal.title],
    ['summary', proposal.summary],
    ['counties', proposal.counties],
    ['pillars', proposal.pillars],
    ['currency', proposal.budget.currency],
    ['beneficiaryDescription', proposal.beneficiaries.description],
    ['directCount', String(proposal.beneficiaries.directCount)],
    ['groups', proposal.beneficiaries.groups],
    ['safeguardingPlan', proposal.safeguardingPlan],
    ['durationMonths', String(proposal.durationMonths)],
  ]);
  proposal.budget.lines.slice(0, BUDGET_ROWS).forEach((line, index) => {
    answers.set(`line-${index + 1}-description`, line.description);
    answers.set(`line-${index + 1}-category`, line.category);
    answers.set(`line-${index + 1}-amount`, String(line.amount));
  });
  proposal.partners.slice(0, PARTNER_ROWS).forEach((partner, index) => {
    answers.set(`partner-${index + 1}-name`, partner.name);
    answers.set(`partner-${index + 1}-role`, partner.role);
  });
  proposal.risks.slice(0, RISK_ROWS).forEach((risk, index) => {
    answers.set(`risk-${index + 1}-risk`, risk.risk);
    answers.set(`risk-${index + 1}-likelihood`, risk.likelihood);
    answers.set(`risk-${index + 1}-mitigation`, risk.mitigation);
  });
  return answers;
};

/** The API's error paths (`budget.lines.0.amount`) to the form's rows (`line-2-amount` when row 1 was left empty). */
export const fullProposalPaths = (answers: Answers): ReadonlyMap<string, string> => {
  const paths = new Map<string, string>([
    ['title', 'title'],
    ['summary', 'summary'],
    ['counties', 'counties'],
    ['pillars', 'pillars'],
    ['budget.currency', 'currency'],
    ['budget', 'line-1-description'],
    ['beneficiaries.description', 'beneficiaryDescription'],
    ['beneficiaries.directCount', 'directCount'],
    ['beneficiaries.groups', 'groups'],
    ['beneficiaries', 'beneficiaryDescription'],
    ['partners', 'partner-1-name'],
    ['risks', 'risk-1-risk'],
    ['safeguardingPlan', 'safeguardingPlan'],
    ['durationMonths', 'durationMonths'],
  ]);
  const sent = { line: ['budget.lines', 'line'], partner: ['partners', 'partner'], risk: ['risks', 'risk'] } as const;
  for (const kind of Object.keys(sent) as RowKind[]) {
    const [path, prefix] = sent[kind];
    filledRows(answers, kind).forEach((row, index) => {
      for (const field of ROW_FIELDS[kind]) paths.set(`${path}.${index}.${field}`, `${prefix}-${row}-${field}`);
      paths.set(`${path}.${index}`, `${prefix}-${row}-${ROW_FIELDS[kind][0]}`);
    });
  }
  return paths;
};

/** One message per kind of row field (`applications.errors.line-amount`), whichever row it is on. */
export const withRowMessages = (errors: FieldError[]): FieldError[] =>
  errors.map((error) => {
    const row = /^(line|partner|risk)-\d+-(\w+)$/.exec(error.field);
    return row && error.key.startsWith(`${NAMESPACE}.errors.`) ? { ...error, key: `${NAMESPACE}.errors.${row[1]}-${row[2]}` } : error;
  });

export const FULL_PROPOSAL_CODES: ReadonlyMap<string, string> = new Map([
  ['proposal.budget-out-of-range', 'line-1-amount'],
  ['proposal.outside-call-scope', 'counties'],
  ['proposal.deadline-passed', 'title'],
]);

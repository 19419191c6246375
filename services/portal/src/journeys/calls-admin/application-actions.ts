import type { Request } from 'express';
import { formText } from '../../forms/form-values';
import { instantOf } from './call-form';

/** The legal & ethical items, in the order the form shows them and the API records them. */
export const LEGAL_ITEMS = ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'] as const;

/** One input of an action's form. Labels and hints are `callsAdmin.fields.<label>`. */
export interface ActionField {
  name: string;
  kind: 'textarea' | 'text' | 'number' | 'datetime' | 'radios';
  label: string;
  /** Message keys of the choices are `callsAdmin.choices.<label>.<option>`. */
  options?: readonly string[];
  /** Shown before the fields of a group (a legal & ethical item). */
  group?: string;
}

/**
 * A decision the NCTC takes on one application (a concept note and what follows it): the form's
 * fields, the body the API takes, where its error paths land, and the statuses it is offered in.
 * The service decides whether it holds; the portal only offers it where it can.
 */
export interface ApplicationAction {
  /** The API path after `/proposals/:callId/:orgId/` or `/calls/:callId/concept-notes/:orgId/`. */
  apiPath: (callId: string, orgId: string) => string;
  fields: readonly ActionField[];
  body: (req: Request) => unknown;
  errorFields: ReadonlyMap<string, string>;
  offeredIn: (application: { status: string; feedback?: unknown; appeal?: { outcome?: string } }) => boolean;
}

/** Optional text is sent only when written. */
const optionalText = (req: Request, name: string, key = name) => (formText(req, name).trim() === '' ? {} : { [key]: formText(req, name) });
const numberOrText = (value: string): number | string | undefined => (value.trim() === '' ? undefined : /^\d+$/.test(value.trim()) ? Number(value.trim()) : value);
const proposal = (callId: string, orgId: string) => `/proposals/${encodeURIComponent(callId)}/${encodeURIComponent(orgId)}`;
const conceptNote = (callId: string, orgId: string) => `/calls/${encodeURIComponent(callId)}/concept-notes/${encodeURIComponent(orgId)}`;
const one = (field: string, ...paths: string[]) => new Map(paths.map((path) => [path, field] as const));

const legalFields: ActionField[] = LEGAL_ITEMS.flatMap((item) => [
  { name: `${item}-score`, kind: 'radios', label: 'legalScore', options: ['0', '1', '2', '3', '4'], group: item } as ActionField,
  { name: `${item}-passed`, kind: 'radios', label: 'legalPassed', options: ['yes', 'no'], group: item } as ActionField,
  { name: `${item}-note`, kind: 'textarea', label: 'legalNote', group: item } as ActionField,
]);

const FEEDBACK_DUE = ['declined', 'screened-out', 'recommended', 'approved', 'rejected', 'offer-accepted', 'offer-declined'];

export const APPLICATION_ACTIONS: ReadonlyMap<string, ApplicationAction> = new Map<string, ApplicationAction>([
  [
    'shortlist',
    {
      apiPath: (c, o) => `${conceptNote(c, o)}/shortlist`,
      fields: [
        { name: 'fullProposalDeadline', kind: 'datetime', label: 'fullProposalDeadline' },
        { name: 'note', kind: 'textarea', label: 'shortlistNote' },
      ],
      body: (req) => ({ fullProposalDeadline: instantOf(formText(req, 'fullProposalDeadline')), ...optionalText(req, 'note') }),
      errorFields: new Map([['fullProposalDeadline', 'fullProposalDeadline'], ['note', 'note']]),
      offeredIn: (a) => a.status === 'submitted',
    },
  ],
  [
    'decline',
    {
      apiPath: (c, o) => `${conceptNote(c, o)}/decline`,
      fields: [{ name: 'reason', kind: 'textarea', label: 'declineReason' }],
      body: (req) => ({ reason: formText(req, 'reason') }),
      errorFields: one('reason', 'reason'),
      offeredIn: (a) => a.status === 'submitted',
    },
  ],
  [
    'request-information',
    {
      apiPath: (c, o) => `${proposal(c, o)}/information-requests`,
      fields: [
        { name: 'message', kind: 'textarea', label: 'informationMessage' },
        { name: 'until', kind: 'datetime', label: 'informationUntil' },
      ],
      body: (req) => ({ message: formText(req, 'message'), until: instantOf(formText(req, 'until')) }),
      errorFields: new Map([['message', 'message'], ['until', 'until']]),
      offeredIn: (a) => ['submitted', 'shortlisted', 'full-proposal-submitted'].includes(a.status),
    },
  ],
  [
    'screen',
    {
      apiPath: (c, o) => `${proposal(c, o)}/screening`,
      fields: [],
      body: () => ({}),
      errorFields: new Map(),
      offeredIn: (a) => ['shortlisted', 'full-proposal-submitted'].includes(a.status),
    },
  ],
  [
    'legal-ethical-check',
    {
      apiPath: (c, o) => `${proposal(c, o)}/legal-ethical-check`,
      fields: legalFields,
      body: (req) => ({
        items: LEGAL_ITEMS.map((item) => {
          const passed = formText(req, `${item}-passed`);
          return {
            item,
            score: numberOrText(formText(req, `${item}-score`)),
            passed: passed === 'yes' ? true : passed === 'no' ? false : undefined,
            note: formText(req, `${item}-note`),
          };
        }),
      }),
      errorFields: new Map<string, string>([
        ['items', `${LEGAL_ITEMS[0]}-score`],
        ...LEGAL_ITEMS.flatMap((item, i) => (['score', 'passed', 'note'] as const).map((part): [string, string] => [`items.${i}.${part}`, `${item}-${part}`])),
      ]),
      offeredIn: (a) => a.status === 'eligible',
    },
  ],
  [
    'recommendation',
    {
      apiPath: (c, o) => `${proposal(c, o)}/recommendation`,
      fields: [
        { name: 'outcome', kind: 'radios', label: 'outcome', options: ['recommend', 'recommend-with-conditions', 'do-not-recommend'] },
        { name: 'bodyKind', kind: 'radios', label: 'bodyKind', options: ['government', 'donor', 'gcerf'] },
        { name: 'bodyName', kind: 'text', label: 'bodyName' },
        { name: 'bodyId', kind: 'text', label: 'bodyId' },
        { name: 'conditions', kind: 'textarea', label: 'conditions' },
        { name: 'rationale', kind: 'textarea', label: 'rationale' },
        { name: 'sensitive', kind: 'radios', label: 'sensitive', options: ['no', 'yes'] },
      ],
      body: (req) => ({
        outcome: formText(req, 'outcome'),
        body: { kind: formText(req, 'bodyKind'), name: formText(req, 'bodyName'), ...optionalText(req, 'bodyId', 'id') },
        conditions: formText(req, 'conditions')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== ''),
        rationale: formText(req, 'rationale'),
        ...(formText(req, 'sensitive') === 'yes' ? { sensitive: true } : {}),
      }),
      errorFields: new Map([
        ['outcome', 'outcome'],
        ['body', 'bodyKind'],
        ['body.kind', 'bodyKind'],
        ['body.name', 'bodyName'],
        ['body.id', 'bodyId'],
        ['conditions', 'conditions'],
        ['rationale', 'rationale'],
        ['sensitive', 'sensitive'],
      ]),
      offeredIn: (a) => a.status === 'eligible',
    },
  ],
  [
    'decision',
    {
      apiPath: (c, o) => `${proposal(c, o)}/decision`,
      fields: [
        { name: 'decision', kind: 'radios', label: 'decision', options: ['approved', 'rejected'] },
        { name: 'amount', kind: 'number', label: 'amount' },
        { name: 'note', kind: 'textarea', label: 'decisionNote' },
      ],
      body: (req) => {
        const amount = numberOrText(formText(req, 'amount'));
        return { decision: formText(req, 'decision'), ...(amount === undefined ? {} : { amount }), note: formText(req, 'note') };
      },
      errorFields: new Map([['decision', 'decision'], ['amount', 'amount'], ['note', 'note']]),
      offeredIn: (a) => a.status === 'recommended',
    },
  ],
  [
    'feedback',
    {
      apiPath: (c, o) => `${proposal(c, o)}/feedback`,
      fields: [{ name: 'feedback', kind: 'textarea', label: 'feedback' }],
      body: (req) => ({ feedback: formText(req, 'feedback') }),
      errorFields: one('feedback', 'feedback'),
      offeredIn: (a) => FEEDBACK_DUE.includes(a.status) && a.feedback === undefined,
    },
  ],
  [
    'appeal-decision',
    {
      apiPath: (c, o) => `${proposal(c, o)}/appeal-decision`,
      fields: [
        { name: 'outcome', kind: 'radios', label: 'appealOutcome', options: ['upheld', 'dismissed'] },
        { name: 'reason', kind: 'textarea', label: 'appealReason' },
      ],
      body: (req) => ({ outcome: formText(req, 'outcome'), reason: formText(req, 'reason') }),
      errorFields: new Map([['outcome', 'outcome'], ['reason', 'reason']]),
      offeredIn: (a) => a.appeal !== undefined && a.appeal.outcome === undefined,
    },
  ],
]);

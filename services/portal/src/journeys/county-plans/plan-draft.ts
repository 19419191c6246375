import type { Request } from 'express';
import { PILLAR_IDS, taxonomyOf, type CountyPlanContent } from '@csm/contracts';
import { fieldErrorsOf, type FieldError } from '../../forms/problem-fields';
import type { ServiceProblem } from '../../service-client';
import { formList, formText } from '../../forms/form-values';

/**
 * A county plan drafted an item at a time (issue 10): each small form changes one item of the
 * version the service holds — the plan's details, a pillar, a priority, an action, an indicator —
 * and the portal sends the whole version back (`PUT` with `If-Match`). Nothing is checked here:
 * the service says what is wrong, and its paths are mapped to the fields of the form that was sent.
 */
export type PlanContent = CountyPlanContent;
export type ItemKind = 'details' | 'countyPillar' | 'pillar' | 'priority' | 'action' | 'indicator';

/** The fields of each form, in the order it asks them (the error summary follows it). */
export const FORM_FIELDS: Record<ItemKind, readonly string[]> = {
  details: ['title', 'taxonomy', 'from', 'to'],
  countyPillar: ['name', 'mapsTo'],
  pillar: ['pillarId'],
  priority: ['title'],
  action: ['title', 'description', 'lead', 'leadName', 'partners', 'otherPartners', 'from', 'to', 'budgetKes', 'sensitive'],
  indicator: ['name', 'code', 'unit', 'baseline', 'target', 'frequency'],
};

/** A form's answers as typed (strings; lists for checkboxes), keyed by field name. A Map: names are ours, values the person's. */
export type Answers = Map<string, string | string[]>;

export const answersOf = (req: Request, kind: ItemKind): Answers =>
  new Map(FORM_FIELDS[kind].map((field) => [field, field === 'partners' ? formList(req, field) : formText(req, field)] as const));

export const text = (answers: Answers, field: string): string => {
  const value = answers.get(field);
  return typeof value === 'string' ? value : '';
};
export const list = (answers: Answers, field: string): string[] => {
  const value = answers.get(field);
  return Array.isArray(value) ? value : [];
};

/** A number as typed: empty stays missing (null, so the service names the field), anything else as JS reads it. */
const numberOf = (typed: string): number | null => (typed.trim() === '' ? null : Number(typed.trim().replace(/,/g, '')));

/** Where an item sits in the plan (indexes), found by the id in the page's address. */
export interface ItemAt {
  /** -1 for what is not inside a pillar (a pillar being added, a county pillar). */
  pillar: number;
  /** A pillar the county added for itself: its place in `countyPillars`. */
  countyPillar?: number;
  priority?: number;
  action?: number;
  indicator?: number;
}

export const findPillar = (plan: PlanContent, pillarId: string): ItemAt | undefined => {
  const pillar = plan.pillars.findIndex((p) => p.pillarId === pillarId);
  return pillar < 0 ? undefined : { pillar };
};
export const findCountyPillar = (plan: PlanContent, id: string): ItemAt | undefined => {
  const countyPillar = plan.countyPillars.findIndex((p) => p.id === id);
  return countyPillar < 0 ? undefined : { pillar: -1, countyPillar };
};
export const findPriority = (plan: PlanContent, id: string): ItemAt | undefined => {
  for (const [pillar, p] of plan.pillars.entries()) {
    const priority = p.priorities.findIndex((q) => q.id === id);
    if (priority >= 0) return { pillar, priority };
  }
  return undefined;
};
export const findAction = (plan: PlanContent, id: string): ItemAt | undefined => {
  for (const [pillar, p] of plan.pillars.entries())
    for (const [priority, q] of p.priorities.entries()) {
      const action = q.actions.findIndex((a) => a.id === id);
      if (action >= 0) return { pillar, priority, action };
    }
  return undefined;
};
export const findIndicator = (plan: PlanContent, id: string): ItemAt | undefined => {
  for (const [pillar, p] of plan.pillars.entries())
    for (const [priority, q] of p.priorities.entries())
      for (const [action, a] of q.actions.entries()) {
        const indicator = a.indicators.findIndex((i) => i.id === id);
        if (indicator >= 0) return { pillar, priority, action, indicator };
      }
  return undefined;
};

/** The API path of an item (`pillars.0.priorities.1`), the prefix of the service's error paths for it. */
export const pathOf = (at: ItemAt): string =>
  at.countyPillar !== undefined
    ? `countyPillars.${at.countyPillar}`
    : [
        `pillars.${at.pillar}`,
        at.priority !== undefined ? `priorities.${at.priority}` : '',
        at.action !== undefined ? `actions.${at.action}` : '',
        at.indicator !== undefined ? `indicators.${at.indicator}` : '',
      ]
        .filter(Boolean)
        .join('.');

/** Every id already used in the plan (priorities, actions, indicators share no namespace with pillars). */
const idsOf = (plan: PlanContent): Set<string> =>
  new Set(plan.pillars.flatMap((p) => p.priorities.flatMap((q) => [q.id, ...q.actions.flatMap((a) => [a.id, ...a.indicators.map((i) => i.id)])])));

/**
 * An id for a new item, made from its title (`Peer mentorship circles` → `peer-mentorship-circles`),
 * made unique in the plan with a number. Only a name: an empty or short title gives an id the
 * service refuses, and that refusal is shown at the title.
 */
export const idFor = (plan: PlanContent, title: string): string => {
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'item';
  const used = idsOf(plan);
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
};

/** The verified organisations the service knows (`GET /organizations`). */
export interface KnownOrganization {
  organizationId: string;
  name: string;
  type: string;
}

/** The form's answers for an item as the plan holds it (editing), or empty ones (adding). */
export const answersFrom = (plan: PlanContent, kind: ItemKind, at: ItemAt | undefined, organizations: readonly KnownOrganization[]): Answers => {
  const known = new Set(organizations.map((o) => o.organizationId));
  switch (kind) {
    case 'details':
      return new Map([
        ['title', plan.title],
        ['taxonomy', plan.taxonomy],
        ['from', plan.timeframe.from],
        ['to', plan.timeframe.to],
      ]);
    case 'countyPillar': {
      const own = at?.countyPillar !== undefined ? plan.countyPillars[at.countyPillar] : undefined;
      return new Map([
        ['name', own?.name ?? ''],
        ['mapsTo', own?.mapsTo ?? ''],
      ]);
    }
    case 'pillar':
      return new Map([['pillarId', at ? plan.pillars[at.pillar]!.pillarId : '']]);
    case 'priority':
      return new Map([['title', at?.priority !== undefined ? plan.pillars[at.pillar]!.priorities[at.priority]!.title : '']]);
    case 'action': {
      const action = at?.action !== undefined ? plan.pillars[at.pillar]!.priorities[at.priority!]!.actions[at.action] : undefined;
      if (!action) return new Map<string, string | string[]>([['from', plan.timeframe.from], ['to', plan.timeframe.to], ['partners', []]]);
      const leadKnown = action.lead.organizationId !== undefined && known.has(action.lead.organizationId);
      return new Map<string, string | string[]>([
        ['title', action.title],
        ['description', action.description ?? ''],
        ['lead', leadKnown ? action.lead.organizationId! : ''],
        ['leadName', leadKnown ? '' : action.lead.name],
        ['partners', action.partners.flatMap((p) => (p.organizationId && known.has(p.organizationId) ? [p.organizationId] : []))],
        ['otherPartners', action.partners.filter((p) => !(p.organizationId && known.has(p.organizationId))).map((p) => p.name).join('\n')],
        ['from', action.timeframe.from],
        ['to', action.timeframe.to],
        ['budgetKes', String(action.budgetKes)],
        ['sensitive', action.sensitive ? 'yes' : ''],
      ]);
    }
    case 'indicator': {
      const indicator = at?.indicator !== undefined ? plan.pillars[at.pillar]!.priorities[at.priority!]!.actions[at.action!]!.indicators[at.indicator] : undefined;
      if (!indicator) return new Map([['frequency', 'quarterly']]);
      return new Map([
        ['name', indicator.name],
        ['code', indicator.id],
        ['unit', indicator.unit],
        ['baseline', String(indicator.baseline)],
        ['target', String(indicator.target)],
        ['frequency', indicator.frequency],
      ]);
    }
    default: {
      const unknown: never = kind;
      throw new Error(`unknown item ${String(unknown)}`);
    }
  }
};

/** An organisation of the plan: a verified one by its id (and name), or one not registered by its name. */
const organizationOf = (id: string, organizations: readonly KnownOrganization[]) => {
  const found = organizations.find((o) => o.organizationId === id);
  return found ? { name: found.name, organizationId: found.organizationId } : undefined;
};

/**
 * The plan with one item added (`at` the parent, `adding`) or changed (`at` the item), and the
 * API path of that item: the version sent back whole. Values are passed as typed: the service
 * refuses what is not valid and names the path.
 */
export const withItem = (
  plan: PlanContent,
  kind: ItemKind,
  at: ItemAt | undefined,
  adding: boolean,
  answers: Answers,
  organizations: readonly KnownOrganization[],
): { plan: PlanContent; path: string } => {
  const next = structuredClone(plan);
  const a = (field: string) => text(answers, field);
  switch (kind) {
    case 'details':
      next.title = a('title');
      next.taxonomy = a('taxonomy') as PlanContent['taxonomy'];
      next.timeframe = { from: a('from').trim(), to: a('to').trim() };
      return { plan: next, path: '' };
    case 'countyPillar': {
      const content = { name: a('name'), ...(a('mapsTo') !== '' ? { mapsTo: a('mapsTo') } : {}) };
      if (adding) {
        next.countyPillars.push({ id: `county-${idFor(plan, a('name')).slice(0, 40).replace(/-+$/, '')}`, ...content });
        return { plan: next, path: `countyPillars.${next.countyPillars.length - 1}` };
      }
      const { id } = next.countyPillars[at!.countyPillar!]!;
      next.countyPillars[at!.countyPillar!] = { id, ...content };
      return { plan: next, path: pathOf(at!) };
    }
    case 'pillar': {
      if (adding) {
        next.pillars.push({ pillarId: a('pillarId'), priorities: [] });
        return { plan: next, path: `pillars.${next.pillars.length - 1}` };
      }
      next.pillars[at!.pillar]!.pillarId = a('pillarId');
      return { plan: next, path: pathOf(at!) };
    }
    case 'priority': {
      const pillar = next.pillars[at!.pillar]!;
      if (adding) {
        pillar.priorities.push({ id: idFor(plan, a('title')), title: a('title'), actions: [] });
        return { plan: next, path: pathOf({ pillar: at!.pillar, priority: pillar.priorities.length - 1 }) };
      }
      pillar.priorities[at!.priority!]!.title = a('title');
      return { plan: next, path: pathOf(at!) };
    }
    case 'action': {
      const priority = next.pillars[at!.pillar]!.priorities[at!.priority!]!;
      const lead = organizationOf(a('lead'), organizations) ?? (a('leadName').trim() !== '' ? { name: a('leadName').trim() } : undefined);
      const partners = [
        ...list(answers, 'partners').flatMap((id) => organizationOf(id, organizations) ?? []),
        ...a('otherPartners')
          .split(/\r?\n/)
          .map((name) => name.trim())
          .filter((name) => name !== '')
          .map((name) => ({ name })),
      ];
      const content = {
        title: a('title'),
        ...(a('description').trim() !== '' ? { description: a('description') } : {}),
        lead,
        partners,
        timeframe: { from: a('from').trim(), to: a('to').trim() },
        budgetKes: numberOf(a('budgetKes')),
        sensitive: a('sensitive') === 'yes',
      } as unknown as Omit<PlanContent['pillars'][number]['priorities'][number]['actions'][number], 'id' | 'indicators'>;
      if (adding) {
        priority.actions.push({ id: idFor(plan, a('title')), ...content, indicators: [] });
        return { plan: next, path: pathOf({ ...at!, action: priority.actions.length - 1 }) };
      }
      const { id, indicators } = priority.actions[at!.action!]!;
      priority.actions[at!.action!] = { id, ...content, indicators };
      return { plan: next, path: pathOf(at!) };
    }
    case 'indicator': {
      const action = next.pillars[at!.pillar]!.priorities[at!.priority!]!.actions[at!.action!]!;
      const code = a('code').trim();
      const content = {
        name: a('name'),
        unit: a('unit'),
        baseline: numberOf(a('baseline')),
        target: numberOf(a('target')),
        frequency: a('frequency'),
      } as unknown as Omit<PlanContent['pillars'][number]['priorities'][number]['actions'][number]['indicators'][number], 'id'>;
      if (adding) {
        action.indicators.push({ id: code !== '' ? code : idFor(plan, a('name')), ...content });
        return { plan: next, path: pathOf({ ...at!, indicator: action.indicators.length - 1 }) };
      }
      const current = action.indicators[at!.indicator!]!;
      action.indicators[at!.indicator!] = { ...current, ...content, id: code !== '' ? code : current.id };
      return { plan: next, path: pathOf(at!) };
    }
    default: {
      const unknown: never = kind;
      throw new Error(`unknown item ${String(unknown)}`);
    }
  }
};

/** The plan without one item (and what it holds). */
export const withoutItem = (plan: PlanContent, kind: Exclude<ItemKind, 'details'>, at: ItemAt): PlanContent => {
  const next = structuredClone(plan);
  if (kind === 'countyPillar') {
    next.countyPillars.splice(at.countyPillar!, 1);
    return next;
  }
  const pillar = next.pillars[at.pillar]!;
  if (kind === 'pillar') next.pillars.splice(at.pillar, 1);
  else if (kind === 'priority') pillar.priorities.splice(at.priority!, 1);
  else if (kind === 'action') pillar.priorities[at.priority!]!.actions.splice(at.action!, 1);
  else pillar.priorities[at.priority!]!.actions[at.action!]!.indicators.splice(at.indicator!, 1);
  return next;
};

/** The service's error paths under an item, as the form's fields (anything else at the form's first field). */
const FIELD_PATHS: Record<ItemKind, readonly (readonly [string, string])[]> = {
  details: [
    ['title', 'title'],
    ['taxonomy', 'taxonomy'],
    // A pillar that is not of the chosen taxonomy: the taxonomy is what the form changed.
    ['pillars', 'taxonomy'],
    ['countyPillars', 'taxonomy'],
    ['timeframe', 'to'],
    ['timeframe.from', 'from'],
    ['timeframe.to', 'to'],
  ],
  countyPillar: [
    ['', 'name'],
    ['id', 'name'],
    ['name', 'name'],
    ['mapsTo', 'mapsTo'],
  ],
  pillar: [
    ['', 'pillarId'],
    ['pillarId', 'pillarId'],
  ],
  priority: [
    ['', 'title'],
    ['id', 'title'],
    ['title', 'title'],
  ],
  action: [
    ['', 'title'],
    ['id', 'title'],
    ['title', 'title'],
    ['description', 'description'],
    ['lead', 'lead'],
    ['partners', 'otherPartners'],
    ['timeframe', 'from'],
    ['timeframe.from', 'from'],
    ['timeframe.to', 'to'],
    ['budgetKes', 'budgetKes'],
    ['sensitive', 'sensitive'],
  ],
  indicator: [
    ['', 'name'],
    ['id', 'code'],
    ['name', 'name'],
    ['unit', 'unit'],
    ['baseline', 'baseline'],
    ['target', 'target'],
    ['range', 'target'],
    ['frequency', 'frequency'],
  ],
};

/** A refusal of the version as messages at the fields of the item's form, in the form's order. */
export const itemErrors = (problem: ServiceProblem, kind: ItemKind, path: string): FieldError[] => {
  const order = FORM_FIELDS[kind];
  const paths = new Map<string, string>();
  // In the form's order, so the summary lists problems as the form asks its questions.
  for (const field of order)
    for (const [sub, name] of FIELD_PATHS[kind]) if (name === field) paths.set([path, sub].filter(Boolean).join('.'), name);
  return fieldErrorsOf(problem, 'planDraft', paths, order[0]!).map((e) => ({ ...e, key: `planDraft.errors.${kind}.${e.field}` }));
};

/** A pillar's name: the county's own by its name, the NSCVE 2016 ones by our message, the 2024 ones by the taxonomy's (English) name until translated. */
export const pillarName = (plan: PlanContent, pillarId: string, t: (key: string) => string): string => {
  const own = plan.countyPillars.find((p) => p.id === pillarId);
  if (own) return own.name;
  if ((PILLAR_IDS as readonly string[]).includes(pillarId)) return t(`pillar.${pillarId}`);
  return taxonomyOf(plan.taxonomy)?.pillars.find((p) => p.id === pillarId)?.name ?? pillarId;
};

/** The pillars a plan can add: its taxonomy's and the county's own, less those it already has (but the one being changed). */
export const pillarChoices = (plan: PlanContent, current?: string): string[] => {
  const taken = new Set(plan.pillars.map((p) => p.pillarId).filter((id) => id !== current));
  return [...(taxonomyOf(plan.taxonomy)?.pillars.map((p) => p.id) ?? []), ...plan.countyPillars.map((p) => p.id)].filter((id) => !taken.has(id));
};

/** A new plan's content before its first pillar: the details only. */
export const newPlan = (answers: Answers): PlanContent =>
  ({ title: text(answers, 'title'), taxonomy: text(answers, 'taxonomy'), countyPillars: [], timeframe: { from: text(answers, 'from').trim(), to: text(answers, 'to').trim() }, pillars: [] }) as unknown as PlanContent;

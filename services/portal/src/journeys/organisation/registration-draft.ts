import type { FieldError } from '../../forms/problem-fields';

/**
 * An organisation's registration as the person fills it in, one page at a time. It lives in
 * their portal session (never in a service) until they submit it from "check your answers":
 * the registration service records only a complete profile, and decides whether it is valid.
 */
export interface RegistrationDraft {
  /** The form's answers by field name, as typed (the service checks them at submission). */
  answers: DraftAnswers;
  /** A refusal at submission, shown once on the step it concerns. */
  refusal?: { step: StepName; errors: FieldError[] };
}

export interface DraftAnswers {
  name?: string;
  type?: string;
  authority?: string;
  number?: string;
  registeredOn?: string;
  country?: string;
  mandate?: string;
  website?: string;
  counties?: string[];
  pillars?: string[];
  contactName?: string;
  contactRole?: string;
  contactEmail?: string;
  contactPhone?: string;
}

export type FieldName = keyof DraftAnswers;

/** A page of the form: the answers it asks for, and which of them cannot be left empty. */
export interface Step {
  name: StepName;
  fields: readonly FieldName[];
  /** Checked here so nobody is sent back three pages later for an empty answer; the rest the service checks. */
  required: readonly FieldName[];
  /** Answers that are lists (checkboxes): a repeated form field. */
  lists?: readonly FieldName[];
}

export const STEPS = [
  { name: 'name', fields: ['name', 'type'], required: ['name', 'type'] },
  { name: 'registration', fields: ['authority', 'number', 'registeredOn', 'country'], required: ['authority', 'number', 'registeredOn', 'country'] },
  { name: 'mandate', fields: ['mandate', 'website'], required: ['mandate'] },
  { name: 'counties', fields: ['counties'], required: ['counties'], lists: ['counties'] },
  { name: 'pillars', fields: ['pillars'], required: ['pillars'], lists: ['pillars'] },
  { name: 'contact', fields: ['contactName', 'contactRole', 'contactEmail', 'contactPhone'], required: ['contactName', 'contactEmail'] },
] as const satisfies readonly Step[];

export type StepName = 'name' | 'registration' | 'mandate' | 'counties' | 'pillars' | 'contact';

export const stepNamed = (name: string): Step | undefined => STEPS.find((step) => step.name === name);

export const nextStep = (step: Step): Step | undefined => STEPS[STEPS.findIndex((s) => s.name === step.name) + 1];

const isEmpty = (value: string | string[] | undefined): boolean => value === undefined || value.length === 0;

/** The first step with a required answer missing: where "check your answers" sends an unfinished draft. */
export const firstUnfinishedStep = (answers: DraftAnswers): Step | undefined =>
  STEPS.find((step) => step.required.some((field) => isEmpty(answers[field])));

/** A step's answers from its posted form: trimmed text, lists as lists (one checkbox sends a string). */
export const answersFromForm = (step: Step, body: Record<string, unknown>): DraftAnswers => {
  const answers: Record<string, string | string[]> = Object.create(null);
  for (const field of step.fields) {
    const value = body[field];
    if (step.lists?.includes(field)) {
      const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
      answers[field] = values.filter((v): v is string => typeof v === 'string' && v !== '');
    } else {
      answers[field] = typeof value === 'string' ? value.trim() : '';
    }
  }
  return answers as DraftAnswers;
};

/** Required answers left empty on this step, as errors with our own message per field. */
export const missingAnswers = (step: Step, answers: DraftAnswers, namespace: string): FieldError[] =>
  step.required.filter((field) => isEmpty(answers[field])).map((field) => ({ field, key: `${namespace}.errors.${field}` }));

const optional = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/** The registration service's request body (`OrganizationProfile`) from a finished draft. */
export const profileOf = (answers: DraftAnswers) => ({
  name: answers.name,
  type: answers.type,
  registration: { authority: answers.authority, number: answers.number, registeredOn: answers.registeredOn, country: answers.country?.toUpperCase() },
  mandate: answers.mandate,
  ...(optional(answers.website) ? { website: answers.website } : {}),
  counties: answers.counties ?? [],
  pillars: answers.pillars ?? [],
  contacts: [
    {
      name: answers.contactName,
      ...(optional(answers.contactRole) ? { role: answers.contactRole } : {}),
      email: answers.contactEmail,
      ...(optional(answers.contactPhone) ? { phone: answers.contactPhone } : {}),
    },
  ],
});

/** The service's error paths (`registration.number`, `contacts.0.email`) → our form fields. */
export const PROFILE_FIELDS: ReadonlyMap<string, FieldName> = new Map<string, FieldName>([
  ['name', 'name'],
  ['type', 'type'],
  ['registration', 'number'],
  ['registration.authority', 'authority'],
  ['registration.number', 'number'],
  ['registration.registeredOn', 'registeredOn'],
  ['registration.country', 'country'],
  ['mandate', 'mandate'],
  ['website', 'website'],
  ['counties', 'counties'],
  ['pillars', 'pillars'],
  ['contacts', 'contactName'],
  ['contacts.0.name', 'contactName'],
  ['contacts.0.role', 'contactRole'],
  ['contacts.0.email', 'contactEmail'],
  ['contacts.0.phone', 'contactPhone'],
]);

/** The step that asks for a field. */
export const stepOfField = (field: string): Step | undefined => STEPS.find((step) => (step.fields as readonly string[]).includes(field));

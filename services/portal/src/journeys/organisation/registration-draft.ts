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
  /**
   * Set when the draft changes a registered organisation's profile (while in draft or when the
   * NCTC asked for information): "check your answers" then saves the changes instead of registering.
   */
  amending?: { organisationId: string; otherContacts: ContactAnswer[] };
}

/** A contact person as the service takes them; only the first is asked for on the contact page. */
export interface ContactAnswer {
  name: string;
  role?: string;
  email: string;
  phone?: string;
}

/** The profile as the registration service reads it back (a contact whose data was erased reads `{ erased: true }`). */
export interface RecordedProfile {
  name: string;
  type: string;
  registration: { authority: string; number: string; registeredOn: string; country: string };
  mandate: string;
  website?: string;
  counties: string[];
  pillars: string[];
  contacts: (ContactAnswer | { erased: true })[];
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

const isContact = (contact: ContactAnswer | { erased: true }): contact is ContactAnswer => !('erased' in contact);

/**
 * A registered profile as a draft to change. The contact page asks for the first contact
 * person; the others are kept as they are, except those erased, whom nobody can send again.
 */
export const draftOfProfile = (organisationId: string, profile: RecordedProfile): RegistrationDraft => {
  const [first, ...others] = profile.contacts;
  const contact = first && isContact(first) ? first : undefined;
  return {
    answers: {
      name: profile.name,
      type: profile.type,
      authority: profile.registration.authority,
      number: profile.registration.number,
      registeredOn: profile.registration.registeredOn,
      country: profile.registration.country,
      mandate: profile.mandate,
      website: profile.website ?? '',
      counties: profile.counties,
      pillars: profile.pillars,
      contactName: contact?.name ?? '',
      contactRole: contact?.role ?? '',
      contactEmail: contact?.email ?? '',
      contactPhone: contact?.phone ?? '',
    },
    amending: { organisationId, otherContacts: others.filter(isContact) },
  };
};

/** The registration service's request body (`OrganizationProfile`) from a finished draft. */
export const profileOf = (answers: DraftAnswers, otherContacts: readonly ContactAnswer[] = []) => ({
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
    ...otherContacts,
  ],
});

/** The service's error paths (`registration.number`, `contacts.0.email`) → our form fields. */
export const PROFILE_FIELDS: ReadonlyMap<string, FieldName> = new Map<string, FieldName>([
  ['name', 'name'],
  ['type', 'type'],
  ['registration.authority', 'authority'],
  ['registration', 'number'],
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

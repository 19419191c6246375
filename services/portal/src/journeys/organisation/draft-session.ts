import type { Response } from 'express';
import type { Session } from '../../sign-in/session-store';
import type { JourneyTools } from '../journey';
import type { RegistrationDraft } from './registration-draft';

/** The draft's place in the person's session (`Session.drafts`), under this journey's name. */
const DRAFT = 'organisationRegistration';

export const draftOf = (res: Response): RegistrationDraft => {
  const session = res.locals.session as Session;
  const stored = session.drafts?.[DRAFT] as RegistrationDraft | undefined;
  return stored ?? { answers: {} };
};

/** Keeps the draft in the session (through the session store, so any replica sees it); `undefined` ends it. */
export const keepDraft = async (tools: JourneyTools, res: Response, draft: RegistrationDraft | undefined): Promise<void> => {
  const session = res.locals.session as Session;
  const drafts: Record<string, unknown> = { ...session.drafts };
  if (draft) drafts[DRAFT] = draft;
  else delete drafts[DRAFT];
  session.drafts = drafts;
  await tools.saveSession(res);
};

import type { Response } from 'express';
import { ServiceRefusedError } from '../../person-api';
import type { SignedInPerson } from '../../sign-in/session-store';

/**
 * The organisation the person's token names: it only builds the paths to ask the service for;
 * the service decides, on each request, whether the person may act for it.
 */
export const organizationOf = (res: Response): string => {
  const organizationId = (res.locals.user as SignedInPerson | undefined)?.organizationId;
  if (!organizationId) throw new ServiceRefusedError({ type: 'about:blank', title: 'No organisation', status: 403 });
  return organizationId;
};

import type { Request } from 'express';
import { z } from 'zod';
import { ResourceId, type ResourceRead, type PublishedResourceRead } from '@csm/contracts';
import { HttpProblem, MinPosition, problemType } from '@csm/http';
import type { LibraryItemView } from '../projections/library-items.projection';

/**
 * Who may do what in the library. Editors are the NCTC (`nctc-admin`: the realm's existing role,
 * so no new account is needed); anyone verified submits: a partner of a verified organisation,
 * a county officer, NCTC staff.
 */
export const EDITOR = { role: 'nctc-admin' } as const;
export const AUDITOR = { role: 'auditor' } as const;
export const PARTNER = { role: 'partner' } as const;
export const OFFICER = { role: 'county-officer' } as const;
export const SUBMITTERS = [PARTNER, OFFICER, EDITOR] as const;

export const ReadQuery = z.object({ minPosition: MinPosition });
export const HIDDEN = { _applied: 0 } as const;

export const notFound = (title: string) => new HttpProblem({ type: problemType('not-found'), title, status: 404 });
export const forbidden = (title: string) => new HttpProblem({ type: problemType('forbidden'), title, status: 403 });

export const resourceIdOf = (req: Request): string => {
  const parsed = ResourceId.safeParse(req.params.resourceId);
  if (!parsed.success) throw notFound('No such library item');
  return parsed.data;
};

/** The submitter's organisation's people (partners), or the submitter in person. */
export const ownsItem = (req: Request, view: LibraryItemView): boolean => {
  const principal = req.principal;
  if (!principal) return false;
  const owner = view.submittedBy;
  return owner.organizationId !== undefined ? principal.organizationId === owner.organizationId && principal.roles.includes('partner') : principal.subject === owner.subject;
};

export const seesEditorialState = (req: Request, view: LibraryItemView): boolean => {
  const roles = req.principal?.roles ?? [];
  return roles.includes('nctc-admin') || roles.includes('auditor') || ownsItem(req, view);
};

export const editorialRead = (view: LibraryItemView): ResourceRead => ({
  resourceId: view.resourceId,
  status: view.status,
  submittedBy: view.submittedBy,
  ...(view.published ? { published: view.published } : {}),
  ...(view.pending ? { pending: view.pending } : {}),
  ...(view.lastDecision ? { lastDecision: view.lastDecision } : {}),
  updatedAt: view.updatedAt,
  revision: view.streamRevision,
});

export const publishedRead = (view: LibraryItemView): PublishedResourceRead => {
  const { submittedAt: _submitted, publishedAt, ...content } = view.published!;
  return { ...content, resourceId: view.resourceId, firstPublishedAt: view.firstPublishedAt!, publishedAt: publishedAt! };
};

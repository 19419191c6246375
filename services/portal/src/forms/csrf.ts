import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Render } from '../render';
import type { Session } from '../sign-in/session-store';

/** The hidden field every form of the portal carries (`views/partials/form-fields.eta`). */
export const CSRF_FIELD = 'csrf';
/** The hidden field that makes a form's submission one command, however often it is sent. */
export const IDEMPOTENCY_FIELD = 'submission';

/** The largest form body the portal reads; a larger one gets the "form too large" page (413). */
export const FORM_LIMIT = '256kb';

/** A fresh key for one rendering of a form: a double click or a resubmitted page sends it twice, the service acts once. */
export const newSubmissionKey = (): string => randomBytes(18).toString('base64url');

/**
 * Every POST the portal receives: the body parsed (urlencoded; repeated fields become arrays),
 * then the synchronizer token compared with the session's in constant time. A post without the
 * session's token — another site's form, a page left open past its session — is refused with
 * a page that says what to do, and reaches no route.
 */
export const checkedForms = (render: Render): Router => {
  const router = Router();
  const verify: RequestHandler = (req, res, next) => {
    const session = res.locals.session as Session | undefined;
    const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    const sent = Buffer.from(typeof field === 'string' ? field : '');
    const expected = Buffer.from(session?.csrfToken ?? '');
    if (expected.length === 0 || sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      return render(req, res, 'forbidden', {}, 403);
    }
    return next();
  };
  const parse = express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 500 });
  // A body the parser refuses (too large, an unknown charset or encoding, cut short) is the
  // sender's problem, not ours: a page saying what to do, with the parser's 4xx status, not a 500.
  const refused = (req: Request, res: Response, next: (error: unknown) => void, error: unknown) => {
    const status = (error as { status?: unknown }).status;
    if (status === 413) return render(req, res, 'session/form-too-large', {}, 413);
    if (typeof status === 'number' && status >= 400 && status < 500) return render(req, res, 'session/form-unreadable', {}, status);
    return next(error);
  };
  router.use((req, res, next) => {
    if (req.method !== 'POST') return next();
    return parse(req, res, (error?: unknown) => (error ? refused(req, res, next, error) : verify(req, res, next)));
  });
  return router;
};

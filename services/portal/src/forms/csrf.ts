import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router, type RequestHandler } from 'express';
import type { Render } from '../render';
import type { Session } from '../sign-in/session-store';

/** The hidden field every form of the portal carries (`views/partials/form-fields.eta`). */
export const CSRF_FIELD = 'csrf';
/** The hidden field that makes a form's submission one command, however often it is sent. */
export const IDEMPOTENCY_FIELD = 'submission';

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
  const parse = express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 500 });
  router.use((req, res, next) => (req.method === 'POST' ? parse(req, res, (error?: unknown) => (error ? next(error) : verify(req, res, next))) : next()));
  return router;
};

import type { Response } from 'express';

/** RFC 9457 problem details. `type` is stable; clients branch on it, never on `title`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Field-level errors from zod: where and what. */
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://csm.go.ke/problems/';

export const problemType = (code: string): string => `${PROBLEM_BASE}${code}`;

export const sendProblem = (res: Response, problem: Problem): void => {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
};

/** Thrown by request validation; the error middleware turns it into a 400 with field errors. */
export class ValidationError extends Error {
  constructor(
    readonly where: 'body' | 'query' | 'params' | 'headers',
    readonly errors: { path: string; message: string }[],
  ) {
    super(`Invalid ${where}`);
    this.name = 'ValidationError';
  }
}

/** An HTTP-level refusal raised outside the domain (not found, precondition, media type). */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
    this.name = 'HttpProblem';
  }
}

/** The organisation the caller acts for (token `org_id`), or a 403 saying how to get one linked. */
export const callerOrganization = (principal: { organizationId?: string } | undefined): string => {
  if (!principal?.organizationId) {
    throw new HttpProblem({
      type: problemType('no-organization'),
      title: 'Your account is not linked to an organisation (org_id); ask the CSM secretariat to link it',
      status: 403,
    });
  }
  return principal.organizationId;
};

import type { Request } from 'express';
import type { ServiceProblem } from '../service-client';

/** One text field of a posted form: the first value when the field came twice, '' when absent. */
export const formText = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
};

/** Every value of a repeated field (checkboxes, repeated rows), empty ones kept for positions. */
export const formList = (req: Request, name: string): string[] => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string');
};

/** What a service said when it refused a decision (not the answers): its title and detail, as it wrote them. */
export const refusalOf = (problem: ServiceProblem): string => (problem.detail && problem.detail !== problem.title ? `${problem.title}: ${problem.detail}` : problem.title);

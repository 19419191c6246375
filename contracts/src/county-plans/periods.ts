import { z } from 'zod';

/**
 * Reporting periods are calendar quarters, `2026-Q1` (January to March). A report is due 30
 * days after its quarter ends (decided here: the issue names no due date); one submitted after
 * that day, or not submitted by then, is late.
 */
export const Period = z.string().regex(/^(20\d{2})-Q([1-4])$/, 'a calendar quarter: YYYY-Qn, e.g. 2026-Q1');
export type Period = z.infer<typeof Period>;

export const REPORT_DUE_DAYS_AFTER_PERIOD = 30;

const parts = (period: string): { year: number; quarter: number } => {
  const match = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!match) throw new Error(`Not a period: ${period}`);
  return { year: Number(match[1]), quarter: Number(match[2]) };
};

/** Quarters since year 0: periods compare and count as numbers. */
export const periodIndex = (period: string): number => {
  const { year, quarter } = parts(period);
  return year * 4 + quarter - 1;
};

export const periodAt = (index: number): string => `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;

/** First day of the quarter, `YYYY-MM-DD`. */
export const periodStart = (period: string): string => {
  const { year, quarter } = parts(period);
  return new Date(Date.UTC(year, (quarter - 1) * 3, 1)).toISOString().slice(0, 10);
};

/** Last day of the quarter, `YYYY-MM-DD`. */
export const periodEnd = (period: string): string => {
  const { year, quarter } = parts(period);
  return new Date(Date.UTC(year, quarter * 3, 0)).toISOString().slice(0, 10);
};

/** The last day a report for `period` is on time, `YYYY-MM-DD`. */
export const reportDueOn = (period: string): string => {
  const end = new Date(`${periodEnd(period)}T00:00:00.000Z`);
  return new Date(end.getTime() + REPORT_DUE_DAYS_AFTER_PERIOD * 86_400_000).toISOString().slice(0, 10);
};

/** The quarter an instant falls in. */
export const periodOf = (isoInstant: string): string => {
  const date = new Date(isoInstant);
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
};

/** Every quarter from `from` to `to`, both included. */
export const periodsBetween = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let i = periodIndex(from); i <= periodIndex(to); i++) out.push(periodAt(i));
  return out;
};

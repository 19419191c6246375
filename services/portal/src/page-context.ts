import type { Request, Response } from 'express';
import { LOCALES, negotiateLanguage, translator, type Language, type Translate } from './i18n/messages';

export const LANGUAGE_COOKIE = 'csm_lang';

/** One cookie's value from the request, without a parser for the rest (we read only our own). */
export const cookieValue = (req: Request, name: string): string | undefined => {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return decodeURIComponent(pair.slice(separator + 1).trim());
  }
  return undefined;
};

/** What every template receives besides its own data: the language, `t`, formatters, where we are. */
export interface PageContext {
  lang: Language;
  otherLang: Language;
  t: Translate;
  /** The path and query of this page, for the language switch to come back to. */
  here: string;
  formatDate: (iso: string) => string;
  formatMoney: (amount: number, currency: string) => string;
  user?: { name: string };
  /** Whether the header offers "Sign in" (the portal was given an issuer). */
  signInAvailable: boolean;
  /** The session's CSRF token, for the hidden field of every form a signed-in person posts. */
  csrfToken?: string;
}

export const pageContext = (req: Request, res: Response): PageContext => {
  const lang = negotiateLanguage(cookieValue(req, LANGUAGE_COOKIE), req.headers['accept-language']);
  const locale = LOCALES[lang];
  const user = res.locals.user as { name: string } | undefined;
  return {
    lang,
    otherLang: lang === 'en' ? 'sw' : 'en',
    t: translator(lang),
    here: req.originalUrl,
    formatDate: (iso) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Africa/Nairobi' }).format(new Date(iso)),
    formatMoney: (amount, currency) => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount),
    signInAvailable: res.locals.signInAvailable === true,
    ...(typeof res.locals.csrfToken === 'string' ? { csrfToken: res.locals.csrfToken } : {}),
    ...(user ? { user } : {}),
  };
};

/** A local path to come back to; anything else (another host, `//evil`) goes home. */
export const safeReturnPath = (value: unknown): string =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';

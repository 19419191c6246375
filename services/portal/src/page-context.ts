import type { Request, Response } from 'express';
import type { FieldError } from './forms/problem-fields';
import { newSubmissionKey } from './forms/csrf';
import { hasMessage, LOCALES, negotiateLanguage, translator, type Language, type Translate } from './i18n/messages';
import type { NavigationLink } from './journeys/journey';
import type { SignedInPerson } from './sign-in/session-store';

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
  user?: SignedInPerson;
  /** The header links for this person's roles. */
  navigation: NavigationLink[];
  /** Whether the header offers "Sign in" (the portal was given an issuer). */
  signInAvailable: boolean;
  /** The session's CSRF token, for the hidden field of every form a signed-in person posts. */
  csrfToken?: string;
  /** A fresh Idempotency-Key for a form rendered now (hidden field `submission`). */
  submissionKey: () => string;
  /** A field error in the page's language: our message when we have one, else ours plus the service's words. */
  fieldMessage: (error: FieldError) => string;
}

export const pageContext = (req: Request, res: Response): PageContext => {
  const lang = negotiateLanguage(cookieValue(req, LANGUAGE_COOKIE), req.headers['accept-language']);
  const locale = LOCALES[lang];
  const user = res.locals.user as SignedInPerson | undefined;
  const t = translator(lang);
  const links = (res.locals.navigation as NavigationLink[] | undefined) ?? [];
  return {
    lang,
    otherLang: lang === 'en' ? 'sw' : 'en',
    t,
    here: req.originalUrl,
    formatDate: (iso) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Africa/Nairobi' }).format(new Date(iso)),
    formatMoney: (amount, currency) => new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount),
    signInAvailable: res.locals.signInAvailable === true,
    ...(typeof res.locals.csrfToken === 'string' ? { csrfToken: res.locals.csrfToken } : {}),
    ...(user ? { user } : {}),
    navigation: user ? links.filter((link) => link.roles.length === 0 || link.roles.some((role) => user.roles.includes(role))) : [],
    submissionKey: newSubmissionKey,
    fieldMessage: (error) => {
      const message = hasMessage(lang, error.key) ? t(error.key) : t('errors.invalidAnswer', { detail: error.detail ?? '' });
      return error.subjectKey ? `${t(error.subjectKey)}: ${message}` : message;
    },
  };
};

/** A local path to come back to; anything else (another host, `//evil`) goes home. */
export const safeReturnPath = (value: unknown): string =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';

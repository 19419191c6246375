import type { Response } from 'express';
import { LOGIN_LOCALES, loginMessages, type LoginLocale, type LoginMessageKey } from './login-messages';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value on the page came from the query string, so every value is escaped. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/**
 * The embedded issuer's sign-in form, in the person's language. It posts back to the URL it was
 * served from, carrying the authorization request in hidden fields so the POST can be checked
 * exactly as the GET was. The language switch is two plain links to the same authorization
 * request with `ui_locales` set, so it works without JavaScript and keeps the request intact.
 */
export const renderLoginPage = (
  authorizationRequest: Record<string, string>,
  locale: LoginLocale,
  errorKey?: LoginMessageKey,
): string => {
  const t = loginMessages(locale);
  const hidden = Object.entries({ ...authorizationRequest, ui_locales: locale })
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const switchLinks = LOGIN_LOCALES.map((other) => {
    const href = `?${new URLSearchParams({ ...authorizationRequest, ui_locales: other })}`;
    const current = other === locale ? ' aria-current="true"' : '';
    // Each language's name is written in that language, and marked so, for screen readers.
    return `<a href="${escapeHtml(href)}" lang="${other}" hreflang="${other}"${current}>${escapeHtml(loginMessages(other)[`locale_${other}`])}</a>`;
  }).join(' | ');
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t.loginAccountTitle)} — CSM</title></head>
<body>
<nav aria-label="${escapeHtml(t.languages)}">${switchLinks}</nav>
<main>
<h1>${escapeHtml(t.loginAccountTitle)}</h1>
${errorKey ? `<p role="alert">${escapeHtml(t[errorKey])}</p>` : ''}
<form method="post">
${hidden}
<label for="username">${escapeHtml(t.username)}</label>
<input id="username" name="username" autocomplete="username" required>
<label for="password">${escapeHtml(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${escapeHtml(t.doLogIn)}</button>
</form>
</main></body></html>`;
};

/** After a logout that names no page to return to: the person is told they are signed out. */
export const renderSignedOutPage = (locale: LoginLocale): string => {
  const t = loginMessages(locale);
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t.successLogout)} — CSM</title></head>
<body><main><h1>${escapeHtml(t.successLogout)}</h1></main></body></html>`;
};

export const sendLoginPage = (res: Response, html: string, status = 200): void => {
  res
    .status(status)
    .set({
      // No `form-action 'self'`: browsers apply it to the redirect that follows the POST, which
      // goes to the portal's origin, and would block the very login it protects.
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    .type('html')
    .send(html);
};

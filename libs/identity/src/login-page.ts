import type { Response } from 'express';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value on the page came from the query string, so every value is escaped. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/**
 * The embedded issuer's sign-in form. It posts back to the URL it was served from, carrying the
 * authorization request in hidden fields so the POST can be checked exactly as the GET was.
 */
export const renderLoginPage = (authorizationRequest: Record<string, string>, message?: string): string => {
  const hidden = Object.entries(authorizationRequest)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to CSM</title></head>
<body><main>
<h1>Sign in to the Citizen Support Mechanism</h1>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post">
${hidden}
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
</main></body></html>`;
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

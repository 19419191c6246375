import { keycloakRealmExport } from '../src/keycloak-realm';
import { LOGIN_LOCALES, LOGIN_MESSAGES, localeFromUiLocales } from '../src/login-messages';

describe('sign-in texts in English and Kiswahili', () => {
  it.each(LOGIN_LOCALES.flatMap((a) => LOGIN_LOCALES.filter((b) => b !== a).map((b) => [a, b] as const)))(
    'has every %s key in %s too',
    (from, to) => {
      const missing = Object.keys(LOGIN_MESSAGES[from]).filter((key) => !(key in LOGIN_MESSAGES[to]));
      expect(missing).toEqual([]);
    },
  );

  it('has no empty text in any language', () => {
    for (const locale of LOGIN_LOCALES) {
      const empty = Object.entries(LOGIN_MESSAGES[locale]).filter(([, text]) => text.trim() === '');
      expect(empty).toEqual([]);
    }
  });

  it("covers the keys of Keycloak's username/password form", () => {
    for (const key of ['loginAccountTitle', 'usernameOrEmail', 'username', 'password', 'doLogIn', 'invalidUserMessage', 'rememberMe', 'doForgotPassword', 'showPassword', 'hidePassword']) {
      expect(LOGIN_MESSAGES.sw[key]).toEqual(expect.any(String));
    }
  });

  it('is what the Keycloak realm export carries as its Kiswahili localization texts', () => {
    const realm = keycloakRealmExport();
    expect(realm).toMatchObject({ internationalizationEnabled: true, supportedLocales: ['en', 'sw'], defaultLocale: 'en' });
    expect(realm.localizationTexts).toEqual({ sw: LOGIN_MESSAGES.sw });
  });

  it.each([
    ['sw', 'sw'],
    ['sw-KE en', 'sw'],
    ['fr sw', 'sw'],
    ['en sw', 'en'],
    ['fr', undefined],
    [undefined, undefined],
  ])('reads ui_locales=%p as %p', (uiLocales, locale) => {
    expect(localeFromUiLocales(uiLocales)).toBe(locale);
  });
});

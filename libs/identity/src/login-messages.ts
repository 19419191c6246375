/**
 * The sign-in texts in English and Kiswahili, one set for both identity providers: the embedded
 * issuer renders its form from it, and the Keycloak realm export carries the Kiswahili half as the
 * realm's localization texts (Keycloak's themes ship no `messages_sw`). The keys are Keycloak's own
 * login-theme keys, so Keycloak's username/password form picks them up as they are; the English
 * values are the ones Keycloak's base theme ships, so both providers read the same.
 */
export const LOGIN_LOCALES = ['en', 'sw'] as const;
export type LoginLocale = (typeof LOGIN_LOCALES)[number];
export const DEFAULT_LOGIN_LOCALE: LoginLocale = 'en';

const en = {
  loginAccountTitle: 'Sign in to your account',
  loginTitle: 'Sign in to {0}',
  username: 'Username',
  usernameOrEmail: 'Username or email',
  email: 'Email',
  password: 'Password',
  doLogIn: 'Sign In',
  rememberMe: 'Remember me',
  doForgotPassword: 'Forgot Password?',
  noAccount: 'New user?',
  doRegister: 'Register',
  showPassword: 'Show password',
  hidePassword: 'Hide password',
  invalidUserMessage: 'Invalid username or password.',
  invalidUsernameMessage: 'Invalid username.',
  missingUsernameMessage: 'Please specify username.',
  missingPasswordMessage: 'Please specify password.',
  accountDisabledMessage: 'Account is disabled, contact your administrator.',
  accountTemporarilyDisabledMessage: 'Account is temporarily disabled; contact your administrator or retry later.',
  loginTimeout: 'Your login attempt timed out. Login will start from the beginning.',
  restartLoginTooltip: 'Restart login',
  doTryAgain: 'Try again',
  languages: 'Languages',
  locale_en: 'English',
  locale_sw: 'Kiswahili',
  successLogout: 'You are logged out',
} as const;

export type LoginMessageKey = keyof typeof en;

const sw: Record<LoginMessageKey, string> = {
  loginAccountTitle: 'Ingia kwenye akaunti yako',
  loginTitle: 'Ingia kwenye {0}',
  username: 'Jina la mtumiaji',
  usernameOrEmail: 'Jina la mtumiaji au barua pepe',
  email: 'Barua pepe',
  password: 'Nenosiri',
  doLogIn: 'Ingia',
  rememberMe: 'Nikumbuke',
  doForgotPassword: 'Umesahau nenosiri?',
  noAccount: 'Mtumiaji mpya?',
  doRegister: 'Jisajili',
  showPassword: 'Onyesha nenosiri',
  hidePassword: 'Ficha nenosiri',
  invalidUserMessage: 'Jina la mtumiaji au nenosiri si sahihi.',
  invalidUsernameMessage: 'Jina la mtumiaji si sahihi.',
  missingUsernameMessage: 'Tafadhali weka jina la mtumiaji.',
  missingPasswordMessage: 'Tafadhali weka nenosiri.',
  accountDisabledMessage: 'Akaunti imezimwa, wasiliana na msimamizi wako.',
  accountTemporarilyDisabledMessage: 'Akaunti imezimwa kwa muda; wasiliana na msimamizi wako au ujaribu tena baadaye.',
  loginTimeout: 'Muda wa kuingia umekwisha. Kuingia kutaanza upya.',
  restartLoginTooltip: 'Anza kuingia upya',
  doTryAgain: 'Jaribu tena',
  languages: 'Lugha',
  locale_en: 'English',
  locale_sw: 'Kiswahili',
  successLogout: 'Umetoka kwenye akaunti yako',
};

/** Typed as plain string maps so a key missing from either language is found by a test, not only by the compiler. */
export const LOGIN_MESSAGES: Readonly<Record<LoginLocale, Readonly<Record<string, string>>>> = { en, sw };

export const isLoginLocale = (value: string): value is LoginLocale => (LOGIN_LOCALES as readonly string[]).includes(value);

/**
 * OIDC `ui_locales`: a space-separated list of language tags in order of preference. The first one
 * we have (by its primary subtag, so `sw-KE` is Kiswahili) wins; none → undefined, and the caller
 * falls back to Accept-Language.
 */
export const localeFromUiLocales = (uiLocales: string | undefined): LoginLocale | undefined => {
  for (const tag of (uiLocales ?? '').split(' ')) {
    const primary = tag.split('-')[0]!.toLowerCase();
    if (isLoginLocale(primary)) return primary;
  }
  return undefined;
};

export const loginMessages = (locale: LoginLocale): Readonly<Record<LoginMessageKey, string>> => LOGIN_MESSAGES[locale] as Record<LoginMessageKey, string>;

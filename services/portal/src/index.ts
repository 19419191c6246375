export { createPortalApp, type PortalOptions } from './portal-app';
export { CONTENT_SECURITY_POLICY } from './security-headers';
export { LANGUAGES, keysOf, messagesOf, negotiateLanguage, translator, type Language } from './i18n/messages';
export { InMemorySessionStore, type Session, type SessionStore } from './sign-in/session-store';
export { loadCountyShapes, countyShapesFrom, type CountyShapes } from './journeys/county-plans/county-map';

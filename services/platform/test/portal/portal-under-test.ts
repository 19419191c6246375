import { passwordToken } from '../../src';
import { startSeededPlatform } from './seeded-platform';

/**
 * A running portal with the services behind it, as a browser journey sees it. The journeys are
 * written against this, so the same journey runs on the embedded platform and on the
 * production path (services on Kafka, the read-model database and real Keycloak).
 */
export interface PortalUnderTest {
  /** Which platform: part of test names and screenshot names. */
  name: 'embedded' | 'keycloak';
  portal: string;
  issuer: string;
  registration: string;
  proposals: string;
  /** A token of a demo user, to arrange what a journey starts from through the public API. */
  token: (username: string) => Promise<string>;
  /**
   * Moves the services' clock this many days ahead of real time, for journeys that cross a
   * deadline (closing a call, screening after the full proposal deadline). Absent where the
   * platform's clock cannot be moved: such journeys say so and skip those steps.
   */
  moveClock?: (days: number) => void;
  stop: () => Promise<void>;
}

/** `npm start`'s platform with its demo data, on free ports. */
export const embeddedPortal = async (): Promise<PortalUnderTest> => {
  let offsetMs = 0;
  const { platform, stop } = await startSeededPlatform({ clock: () => new Date(Date.now() + offsetMs) });
  return {
    name: 'embedded',
    portal: platform.urls.portal,
    issuer: platform.urls.issuer,
    registration: platform.urls.registration,
    proposals: platform.urls.proposals,
    token: (username) => passwordToken(platform.urls.issuer, username),
    moveClock: (days) => {
      offsetMs = days * 86_400_000;
    },
    stop,
  };
};

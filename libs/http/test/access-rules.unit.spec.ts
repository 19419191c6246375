import { isAllowed } from '../src/routes';

const officer = (countyCode?: string) => ({ subject: 's', username: 'county', roles: ['county-officer'], ...(countyCode ? { countyCode } : {}) });
const OWN_COUNTY = [{ role: 'county-officer', ownCounty: 'code' }] as const;

describe('access rules', () => {
  it('grants an own-county rule only to a token whose county_code is the path’s county', () => {
    expect(isAllowed(OWN_COUNTY, officer('001'), { code: '001' })).toBe('ok');
    expect(isAllowed(OWN_COUNTY, officer('001'), { code: '002' })).toBe(403);
    expect(isAllowed(OWN_COUNTY, officer(), { code: '001' })).toBe(403);
    expect(isAllowed(OWN_COUNTY, undefined, { code: '001' })).toBe(401);
  });

  it('still needs the role', () => expect(isAllowed(OWN_COUNTY, { ...officer('001'), roles: ['partner'] }, { code: '001' })).toBe(403));
});

import { itWithXmllint, validateIati } from '@csm/testkit';
import { iatiActivitiesXml } from '../src/open-data/iati';
import type { Award } from '../src/http/awards';

const award = (overrides: Partial<Award> = {}): Award => ({
  proposalId: 'coastal-youth-2027.amani-youth',
  callId: 'coastal-youth-2027',
  callTitle: 'Youth resilience in coastal counties',
  organizationId: 'amani-youth',
  organizationName: 'Amani Youth & Partners <Likoni>',
  title: 'Mentors for Likoni',
  summary: 'Peer mentorship and vocational training for 300 young people at risk in Likoni.',
  counties: ['001', '002'],
  pillars: ['psychosocial', 'education', 'security'],
  amount: 3_500_000,
  currency: 'KES',
  status: 'accepted',
  submittedAt: '2027-01-10T09:00:00.000Z',
  approvedAt: '2027-03-01T09:00:00.000Z',
  acceptedAt: '2027-03-05T09:00:00.000Z',
  durationMonths: 18,
  planActions: [{ countyCode: '001', actionId: 'mentorship-likoni' }],
  sensitive: false,
  ...overrides,
});
const options = { reportingOrgRef: 'XX-NCTC-PLACEHOLDER', reportingOrgName: 'National Counter Terrorism Centre (Kenya)', generatedAt: '2027-04-01T00:00:00.000Z' };

describe('IATI 2.03 activities of awarded partnerships', () => {
  const xml = iatiActivitiesXml([award(), award({ proposalId: 'coastal-youth-2027.pwani-peace', status: 'approved', acceptedAt: undefined, pillars: ['psychosocial'], counties: ['001'] })], options);

  it('states each award as an activity with the codes the README documents', () => {
    expect(xml).toContain('<iati-activities version="2.03" generated-datetime="2027-04-01T00:00:00.000Z">');
    expect(xml).toContain('<iati-identifier>XX-NCTC-PLACEHOLDER-coastal-youth-2027.amani-youth</iati-identifier>');
    expect(xml).toContain('<reporting-org ref="XX-NCTC-PLACEHOLDER" type="10">');
    // Escaped by the library, never concatenated.
    expect(xml).toContain('<narrative>Amani Youth &amp; Partners &lt;Likoni&gt;</narrative>');
    expect(xml).toContain('<activity-status code="2"/>');
    expect(xml).toContain('<activity-status code="1"/>');
    expect(xml).toContain('<activity-date type="2" iso-date="2027-03-05"/>');
    expect(xml).toContain('<activity-date type="3" iso-date="2028-09-05"/>');
    expect(xml).toContain('<recipient-country code="KE" percentage="100"/>');
    expect(xml).toContain('<administrative vocabulary="99" level="1" code="001"/>');
    expect(xml).toContain('<narrative>Mombasa County</narrative>');
    expect(xml).toContain('<sector vocabulary="99" code="psychosocial" percentage="33.33">');
    expect(xml).toContain('<sector vocabulary="99" code="security" percentage="33.34">');
    expect(xml).toContain('<sector vocabulary="99" code="psychosocial" percentage="100.00">');
    expect(xml).toContain('<transaction-type code="2"/>');
    expect(xml).toContain('<value currency="KES" value-date="2027-03-01">3500000</value>');
  });

  it('refuses to write a sensitive award', () => {
    expect(() => iatiActivitiesXml([award({ sensitive: true })], options)).toThrow('a sensitive award is never published');
  });

  itWithXmllint('is valid against the official IATI 2.03 activities schema', () => {
    const result = validateIati(xml);
    expect(result.output).toContain('validates');
    expect(result.valid).toBe(true);
  });

  itWithXmllint('fails the schema when broken, so the validation is real', () => {
    // No reporting-org (required), and an activity-status without its code.
    const broken = xml.replace(/<reporting-org[\s\S]*?<\/reporting-org>/, '').replace('<activity-status code="2"/>', '<activity-status/>');
    const result = validateIati(broken);
    expect(result.valid).toBe(false);
    expect(result.output).toMatch(/reporting-org|activity-status/);
    expect(validateIati(xml.replace('version="2.03"', '')).valid).toBe(false);
  });
});

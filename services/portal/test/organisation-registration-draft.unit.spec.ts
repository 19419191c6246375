import { OrganizationProfile } from '@csm/contracts';
import { fieldErrorsOf } from '../src/forms/problem-fields';
import {
  answersFromForm,
  draftOfProfile,
  firstUnfinishedStep,
  missingAnswers,
  profileOf,
  PROFILE_FIELDS,
  stepNamed,
  stepOfField,
  type DraftAnswers,
} from '../src/journeys/organisation/registration-draft';

const finished: DraftAnswers = {
  name: 'Garissa Women for Peace',
  type: 'community-based',
  authority: 'ngo-board',
  number: 'OP.218/051/19-0042/11871',
  registeredOn: '2019-03-14',
  country: 'ke',
  mandate: 'We keep young people in Garissa away from violent extremist recruitment.',
  website: '',
  counties: ['007'],
  pillars: ['psychosocial'],
  contactName: 'Amina Hassan',
  contactRole: '',
  contactEmail: 'amina@garissa.example',
  contactPhone: '',
};

describe('the organisation registration draft', () => {
  it('builds the body the registration service accepts, leaving out optional answers left empty', () => {
    const profile = profileOf(finished);
    expect(OrganizationProfile.safeParse(profile).success).toBe(true);
    expect(profile).toEqual({
      name: 'Garissa Women for Peace',
      type: 'community-based',
      registration: { authority: 'ngo-board', number: 'OP.218/051/19-0042/11871', registeredOn: '2019-03-14', country: 'KE' },
      mandate: 'We keep young people in Garissa away from violent extremist recruitment.',
      counties: ['007'],
      pillars: ['psychosocial'],
      contacts: [{ name: 'Amina Hassan', email: 'amina@garissa.example' }],
    });
  });

  it('sends an unfinished draft to the first step with a required answer missing', () => {
    expect(firstUnfinishedStep(finished)).toBeUndefined();
    expect(firstUnfinishedStep({ ...finished, counties: [] })?.name).toBe('counties');
    expect(firstUnfinishedStep({})?.name).toBe('name');
  });

  it('reads one checkbox as a list of one and trims text answers', () => {
    const counties = stepNamed('counties')!;
    expect(answersFromForm(counties, { counties: '007' })).toEqual({ counties: ['007'] });
    expect(answersFromForm(counties, { counties: ['007', '008'] })).toEqual({ counties: ['007', '008'] });
    expect(answersFromForm(counties, {})).toEqual({ counties: [] });
    expect(answersFromForm(stepNamed('name')!, { name: '  Garissa  ', type: ['a', 'b'] })).toEqual({ name: 'Garissa', type: '' });
    expect(missingAnswers(counties, { counties: [] }, 'myOrganisation')).toEqual([{ field: 'counties', key: 'myOrganisation.errors.counties' }]);
  });

  it('maps every error the service can give about a profile to a field of a step', () => {
    const invalid = OrganizationProfile.safeParse({ ...profileOf(finished), website: 'nope', contacts: [{ name: 'A', email: 'x' }], registration: { authority: 'x' } });
    expect(invalid.success).toBe(false);
    const problem = { type: 'https://csm.go.ke/problems/validation', title: 'Invalid', status: 400, errors: invalid.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
    const errors = fieldErrorsOf(problem, 'myOrganisation', PROFILE_FIELDS, 'submission');
    expect(errors.map((e) => [e.field, stepOfField(e.field)?.name])).toEqual([
      ['authority', 'registration'],
      ['number', 'registration'],
      ['registeredOn', 'registration'],
      ['country', 'registration'],
      ['website', 'mandate'],
      ['contactName', 'contact'],
      ['contactEmail', 'contact'],
    ]);
  });

  it('opens a recorded profile to change, keeping contacts the pages do not ask for and leaving out erased ones', () => {
    const profile = { ...profileOf(finished), contacts: [{ erased: true as const }, { name: 'Halima Abdi', email: 'halima@garissa.example' }, { erased: true as const }] };
    const draft = draftOfProfile('garissa-women-peace', profile as never);
    expect(draft.amending).toEqual({ organisationId: 'garissa-women-peace', otherContacts: [{ name: 'Halima Abdi', email: 'halima@garissa.example' }] });
    expect(firstUnfinishedStep(draft.answers)?.name).toBe('contact');
    const changed = { ...draft.answers, contactName: 'Amina Hassan', contactEmail: 'amina@garissa.example' };
    expect(profileOf(changed, draft.amending!.otherContacts).contacts).toEqual([
      { name: 'Amina Hassan', email: 'amina@garissa.example' },
      { name: 'Halima Abdi', email: 'halima@garissa.example' },
    ]);
  });
});

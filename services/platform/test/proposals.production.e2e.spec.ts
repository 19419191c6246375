import { aCallDetails, anOrganizationProfile, describeWithServices, runProposalPath } from '@csm/testkit';
import { startOnTheBus, type OnTheBus } from '@csm/testkit/bus';
import { startProposalsOnTheBus, startRegistrationOnTheBus } from './support/services-on-the-bus';

jest.setTimeout(120_000);


/**
 * Proposals in production shape next to registration: each service relays its own streams to
 * its topic; proposals learns "verified" from the registration topic through its consumer
 * group; read models in a MongoDB-wire server; tokens from Keycloak.
 */
describeWithServices(['kafka', 'mongodb', 'keycloak'], 'proposals on Kafka, MongoDB wire and Keycloak', ({ kafka, mongodb, keycloak }) => {
  let bus: OnTheBus;
  const urls: Record<'registration' | 'proposals', string> = { registration: '', proposals: '' };
  /** The proposals service's clock runs this far ahead of real time (deadlines crossed without waiting). */
  let clockOffsetMs = 0;
  const tokens = new Map<string, string>();

  const token = async (username: string) => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const response = await fetch(`${keycloak}/realms/csm/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'csm-portal', username, password: 'demo-password' }),
    });
    const accessToken = ((await response.json()) as { access_token: string }).access_token;
    tokens.set(username, accessToken); // Keycloak's access tokens outlive this test (5 minutes)
    return accessToken;
  };
  const call = async (service: 'registration' | 'proposals', method: string, path: string, user?: string, body?: unknown) => {
    const response = await fetch(`${urls[service]}${path}`, {
      method,
      headers: { ...(user ? { authorization: `Bearer ${await token(user)}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // CSV and HTML stay text
    }
    return { status: response.status, headers: response.headers, body: parsed as any };
  };

  beforeAll(async () => {
    // Both services share the log, the subject-id secret and the brokers, as in production.
    bus = await startOnTheBus({ kafka, mongodb, issuer: `${keycloak}/realms/csm`, prefix: 'pe2e', clientId: 'proposals-e2e' });
    const registration = await startRegistrationOnTheBus(bus);
    const proposals = await startProposalsOnTheBus(bus, () => new Date(Date.now() + clockOffsetMs));
    urls.registration = registration.url;
    urls.proposals = proposals.url;
  });

  afterAll(() => bus?.stop());

  it('lets a verified organisation ask about and apply to a call, learning "verified" from the registration topic', async () => {
    expect((await call('registration', 'POST', '/organizations', 'partner', anOrganizationProfile())).status).toBe(201);
    await call('registration', 'POST', '/organizations/amani-youth/submit', 'partner', {});
    const verified = await call('registration', 'POST', '/organizations/amani-youth/verify', 'admin', {});
    expect(verified.status).toBe(202);

    const timeline = {
      clarificationDeadline: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      submissionDeadline: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      resultsDate: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10),
    };
    expect((await call('proposals', 'POST', '/calls', 'admin', { callId: 'coastal-e2e', details: aCallDetails({ timeline }) })).status).toBe(201);
    const published = await call('proposals', 'POST', '/calls/coastal-e2e/publish', 'admin', {});
    expect(published.status).toBe(202);
    // Read-your-writes across both topics: the verification and the publication are projected.
    expect((await call('proposals', 'GET', `/calls/coastal-e2e?minPosition=${published.body.position}`)).body.status).toBe('published');

    const asked = await call('proposals', 'POST', '/calls/coastal-e2e/clarifications', 'partner', { question: 'Can two CBOs apply jointly with one lead?' });
    expect(asked.status).toBe(202);
    const unregistered = await call('proposals', 'POST', '/calls/coastal-e2e/clarifications', 'partner2', { question: 'May an unregistered group apply?' });
    expect(unregistered.status).toBe(403);

    const note = { title: 'Mentors for Likoni', summary: 'Peer mentorship and vocational training for 300 young people at risk of recruitment in Likoni.', counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 2_000_000 }, durationMonths: 12 };
    const submitted = await call('proposals', 'POST', '/calls/coastal-e2e/concept-notes', 'partner', note);
    expect(submitted.status).toBe(201);
    const own = await call('proposals', 'GET', `/calls/coastal-e2e/concept-notes/amani-youth?minPosition=${submitted.body.position}`, 'partner');
    expect(own.body).toMatchObject({ status: 'submitted', conceptNote: { title: 'Mentors for Likoni' } });
    expect((await call('proposals', 'GET', '/calls/coastal-e2e/concept-notes/amani-youth', 'partner2')).status).toBe(403);
  });

  it('runs the whole proposals path on the production composition', async () => {
    await runProposalPath({
      callId: 'path-production',
      memberIdOf: (username) => bus.subjectIds.forUsername(username),
      moveClock: (days) => {
        clockOffsetMs = days * 86_400_000;
      },
      request: (service, user, method, path, body) => call(service, method, path, user, body),
    });
  });

  it('relays unsolicited solutions and their conversion into a direct partnership', async () => {
    clockOffsetMs = 0; // the path above left the clock weeks ahead
    const solution = { title: 'Families first', description: 'Support circles for families of young people drawn into violent extremist groups.', counties: ['001'], pillars: ['psychosocial'], estimatedBudget: { currency: 'KES', amount: 2_000_000 } };
    const presented = await call('proposals', 'POST', '/solutions', 'partner', { solutionId: 'families-first', solution });
    expect(presented.status).toBe(201);
    // The NCTC converts what it has seen in its list (the read model), as a person would.
    const queue = await call('proposals', 'GET', `/solutions?minPosition=${presented.body.position}`, 'admin');
    expect(queue.body.items).toEqual([expect.objectContaining({ organizationId: 'amani-youth', status: 'presented' })]);
    const converted = await call('proposals', 'POST', '/solutions/amani-youth/families-first/convert', 'admin', {
      justification: 'No open call covers family support; the approach fills a gap in the County Action Plan.',
      fullProposalDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      reviewers: ['reviewer', 'reviewer2'],
    });
    expect(converted.status).toBe(201);
    const listed = await call('proposals', 'GET', `/solutions?minPosition=${converted.body.position}`, 'partner');
    expect(listed.body.items).toEqual([expect.objectContaining({ solutionId: 'families-first', status: 'converted' })]);
    const proposal = await call('proposals', 'GET', `/proposals/direct-families-first/amani-youth?minPosition=${converted.body.position}`, 'partner');
    expect(proposal.body).toMatchObject({ status: 'shortlisted', direct: { solutionId: 'families-first' } });
  });
});

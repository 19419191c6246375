import { Router } from 'express';
import { countyName } from '@csm/contracts';
import type { Journey, JourneyTools } from '../journey';
import { applicationRoutes } from './application.routes';
import { conceptNoteRoutes } from './concept-note.routes';
import { fullProposalRoutes } from './full-proposal.routes';
import { solutionRoutes } from './solution.routes';

/** What every page of this journey may call besides the page context: county names by code. */
const VIEW_HELPERS = { countyName: (code: string) => countyName(code) ?? code };

/**
 * A partner's work with the proposals service: present a solution, ask a question on a call,
 * send a concept note then a full proposal, follow each application's status and feedback,
 * answer an offer, appeal. Every page is the proposals API called as the person.
 */
export const applicationsJourney: Journey = {
  routes: (given) => {
    const tools: JourneyTools = { ...given, render: (req, res, view, data, status) => given.render(req, res, view, { ...VIEW_HELPERS, ...data }, status) };
    return Router().use(solutionRoutes(tools), conceptNoteRoutes(tools), fullProposalRoutes(tools), applicationRoutes(tools));
  },
  navigation: [{ href: '/applications', key: 'applications.nav', roles: ['partner'] }],
};

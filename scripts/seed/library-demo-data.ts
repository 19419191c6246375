import { callApi } from '@csm/platform';

type Step = [string, () => Promise<string | undefined>];
type Must = (what: string, call: Promise<{ status: number; body: unknown }>) => Promise<string | undefined>;

const common = { counties: [] as string[], licence: 'CC BY 4.0' };

/** The demo library: items in English and Kiswahili, each submitted by whom it would be and published by the NCTC (`admin`), one left waiting for review. */
const ITEMS: { id: string; by: 'partner' | 'partner3' | 'county' | 'admin'; publish: boolean; item: Record<string, unknown> }[] = [
  {
    id: 'talking-with-a-young-person',
    by: 'partner',
    publish: true,
    item: {
      ...common,
      type: 'guide',
      title: 'Talking with a young person who is being drawn in',
      summary: 'How parents, relatives and teachers can listen, keep the door open and find help early.',
      body: 'Listen first, without judging. Ask open questions about new friends, online groups and what worries them. Notice changes in behaviour — withdrawing from family, sudden anger, new secrecy — never religion, ethnicity or appearance. Keep talking; do not cut them off. Where to get help: the county CVE coordinator, a counsellor, a trusted religious leader. If someone is in danger now, call 999 or 112; for a child, 116.',
      language: 'en',
      pillars: ['psychosocial', 'education'],
      counties: ['001', '002'],
      audiences: ['families', 'teachers'],
      source: 'Amani Youth Initiative',
    },
  },
  {
    id: 'kuzungumza-na-kijana',
    by: 'county',
    publish: true,
    item: {
      ...common,
      type: 'guide',
      title: 'Kuzungumza na kijana anayevutwa katika itikadi kali',
      summary: 'Jinsi mzazi, jamaa na mwalimu wanavyoweza kusikiliza na kupata msaada mapema.',
      body: 'Sikiliza kwanza bila kuhukumu. Uliza maswali kuhusu marafiki wapya na vikundi vya mtandaoni. Angalia mabadiliko ya tabia — si dini, kabila wala sura. Endelea kuzungumza naye. Msaada: mratibu wa CVE wa kaunti, mshauri nasaha, kiongozi wa dini unayemwamini. Mtu akiwa hatarini sasa, piga 999 au 112; kwa mtoto, 116.',
      language: 'sw',
      pillars: ['psychosocial'],
      counties: ['001'],
      audiences: ['families', 'teachers'],
      source: 'Mombasa County Government',
    },
  },
  {
    id: 'mafunzo-kwa-viongozi-wa-dini',
    by: 'admin',
    publish: true,
    item: {
      ...common,
      type: 'training',
      title: 'Mafunzo kwa viongozi wa dini: kusikiliza vijana',
      summary: 'Vipindi vinne vya mafunzo kwa viongozi wa dini wanaosaidia vijana na familia zao.',
      body: 'Kipindi cha kwanza: kusikiliza. Kipindi cha pili: kujibu maswali magumu. Kipindi cha tatu: kufanya kazi na familia. Kipindi cha nne: kupeleka mtu kwa msaada.',
      language: 'sw',
      pillars: ['faith-based-ideological', 'training-capacity-building'],
      audiences: ['religious-leaders'],
      source: 'National Counter Terrorism Centre (NCTC)',
    },
  },
  {
    id: 'interfaith-dialogue-lessons',
    by: 'partner3',
    publish: true,
    item: {
      ...common,
      type: 'research',
      title: 'What interfaith youth forums taught us in Kisumu',
      summary: 'Lessons from two years of monthly forums where young people and religious leaders met together.',
      body: 'Young people came back when the forums answered their own questions. Religious leaders of different faiths speaking together were trusted more than any one of them alone.',
      language: 'en',
      pillars: ['faith-based-ideological'],
      counties: ['042'],
      audiences: ['practitioners', 'religious-leaders', 'youth'],
      source: 'Kisumu Interfaith Dialogue',
    },
  },
  {
    id: 'gcerf',
    by: 'admin',
    publish: true,
    item: {
      ...common,
      type: 'link',
      title: 'Global Community Engagement and Resilience Fund (GCERF)',
      summary: 'The global fund supporting community-level initiatives that prevent violent extremism, with its country support mechanisms.',
      link: 'https://www.gcerf.org/',
      language: 'en',
      pillars: ['training-capacity-building'],
      audiences: ['practitioners', 'county-officials'],
      source: 'GCERF',
      licence: 'All rights reserved (link only)',
    },
  },
  {
    id: 'classroom-conversations',
    by: 'partner',
    publish: false,
    item: {
      ...common,
      type: 'tool',
      title: 'Classroom conversations on online propaganda',
      summary: 'Six short lessons that help teachers discuss what pupils see online.',
      body: 'Each lesson starts from a real post and asks: who made it, what does it want from me, who is left out?',
      language: 'en',
      pillars: ['education', 'media-online'],
      audiences: ['teachers', 'youth'],
      source: 'Amani Youth Initiative',
    },
  },
];

/** The library's demo items through the resources API with the demo users' real tokens (after the organisations are verified). */
export const librarySeedSteps = (resources: string, token: (username: string) => Promise<string>, must: Must): Step[] =>
  ITEMS.flatMap(({ id, by, publish, item }): Step[] => [
    [`Library: "${item.title as string}" submitted`, async () => must(`submit ${id}`, callApi(resources, 'POST', `/resources/${id}`, { token: await token(by), body: item }))],
    ...(publish ? [[`Library: NCTC publishes "${id}"`, async () => must(`publish ${id}`, callApi(resources, 'POST', `/resources/${id}/publish`, { token: await token('admin'), body: {} }))] as Step] : []),
  ]);

/**
 * The three decisions every joint procurement starts with: what form it takes, how it
 * is led and governed, and how it goes to market. Boroughs add more as they need.
 */
import type { DecisionTopic } from './doc-layout.js';

export interface DecisionTemplate {
  topic: DecisionTopic;
  title: string;
  question: string;
  options: { title: string; pros: string; cons: string }[];
}

export const startingDecisions: readonly DecisionTemplate[] = [
  {
    topic: 'form',
    title: 'Form of joint procurement',
    question: 'How will the boroughs buy together?',
    options: [
      {
        title: 'Coordinated: a common specification, each borough runs its own procedure',
        pros: 'Each borough keeps its own timetable, contract and governance.\nShared work on the specification still saves effort.',
        cons: 'Several procedures to run, so less saving on procurement effort.\nSuppliers may price each borough separately.',
      },
      {
        title: 'One procedure run jointly by all the boroughs',
        pros: 'One tender for suppliers to answer, with the combined volume.\nDecisions taken together.',
        cons: 'Needs agreement on every step, which can slow things down.\nAll boroughs move at the pace of the slowest.',
      },
      {
        title: 'One lead borough runs the procedure on behalf of all',
        pros: 'Clear leadership and fastest decisions.\nLower cost for the other boroughs.',
        cons: 'The lead borough carries most of the work and risk.\nOthers have less say over the detail.',
      },
    ],
  },
  {
    topic: 'governance',
    title: 'Leadership and governance',
    question: 'Which borough leads, how are decisions taken, what agreement binds the partners, and how are costs and savings shared?',
    options: [
      {
        title: 'Memorandum of understanding, decisions by consensus of borough leads',
        pros: 'Quick to agree and light to run.',
        cons: 'Not legally binding, so a borough can withdraw late.',
      },
      {
        title: 'Inter-authority agreement, decisions by a joint board',
        pros: 'Legally binding commitments, with clear cost and savings shares.',
        cons: 'Takes longer to draft and approve in each borough.',
      },
    ],
  },
  {
    topic: 'route',
    title: 'Route to market and contract structure',
    question: 'How will the boroughs go to market, and what contracts will result?',
    options: [
      {
        title: 'Open procedure, one joint contract',
        pros: 'Simple and transparent; one contract to manage.',
        cons: 'Every borough must accept the same terms.',
      },
      {
        title: 'Competitive flexible procedure, separate contracts per borough',
        pros: 'Room to negotiate; each borough signs its own contract.',
        cons: 'Longer procedure; more contracts to manage.',
      },
      {
        title: 'Call-off from an existing framework',
        pros: 'Fastest route; suppliers already assessed.',
        cons: 'Limited to the framework’s suppliers and terms.',
      },
      {
        title: 'A framework of our own, with call-offs by each borough',
        pros: 'Each borough calls off when ready; others in London could join later.',
        cons: 'More work to set up and manage the framework.',
      },
      {
        title: 'A dynamic market',
        pros: 'New suppliers can join over time.',
        cons: 'Suited to repeat purchases more than one system.',
      },
    ],
  },
];

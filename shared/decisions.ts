/**
 * Decisions as formal acts, for the server and the browser alike: a borough's position
 * is about the option proposed (or an abstention), an agreement follows from every
 * borough supporting the same proposal, and only a borough lead marks a decision
 * superseded or reopens it.
 */
import { z } from 'zod';
import type { BoroughSummary } from './api.js';

export const boroughPositions = ['support', 'object', 'abstain'] as const;
export type BoroughPositionValue = (typeof boroughPositions)[number];

export const positionLabel: Record<BoroughPositionValue, string> = {
  support: 'Supports',
  object: 'Objects',
  abstain: 'Abstains',
};

/**
 * A borough's position. Supporting or objecting is about the proposed option, named by
 * the id the person was shown (if the proposal changed meanwhile, the server says so);
 * an objection says why.
 */
export const recordPositionRequest = z
  .object({
    position: z.enum(boroughPositions, { error: 'Choose supports, objects or abstains' }),
    optionId: z.string().min(1).max(64).optional(),
    comment: z.string().trim().max(2000, 'Use 2000 characters or fewer').default(''),
  })
  .strict()
  .refine((value) => value.position !== 'object' || value.comment.length > 0, {
    path: ['comment'],
    message: 'Say why your borough objects',
  })
  .refine((value) => value.position === 'abstain' || value.optionId !== undefined, {
    path: ['optionId'],
    message: 'Say which option your borough’s position is about',
  });
export type RecordPositionRequest = z.input<typeof recordPositionRequest>;

/** What a borough lead may do to a decision's status by hand; agreement follows the positions. */
export const decisionStatusChanges = ['supersede', 'reopen'] as const;
export const setDecisionStatusRequest = z
  .object({
    change: z.enum(decisionStatusChanges),
    note: z.string().trim().max(500, 'Use 500 characters or fewer').default(''),
  })
  .strict()
  .refine((value) => value.change !== 'supersede' || value.note.length > 0, {
    path: ['note'],
    message: 'Say what supersedes it',
  });
export type SetDecisionStatusRequest = z.input<typeof setDecisionStatusRequest>;

export interface BoroughPosition {
  borough: BoroughSummary;
  position: BoroughPositionValue;
  /** The option supported or objected to (null for an abstention), and its title then. */
  optionId: string | null;
  optionTitle: string;
  comment: string;
  recordedBy: { id: string; name: string };
  recordedAt: string;
  /** About the proposal as it stands now; false once the proposal changed or was reworded. */
  current: boolean;
}

export type DecisionStatusValue = 'open' | 'proposed' | 'agreed' | 'superseded';

/** What SQL holds about one decision: its status and each borough's latest position. */
export interface DecisionRecord {
  decisionId: string;
  status: DecisionStatusValue;
  statusNote: string;
  /** Who changed the status; null when it followed the boroughs' positions (no person did). */
  statusChangedBy: { id: string; name: string } | null;
  statusChangedAt: string | null;
  /** The option agreed, while the decision is agreed. */
  agreedOptionId: string | null;
  positions: BoroughPosition[];
}

/** "Supports: One lead borough (Hackney)", "Objects: …", "Abstains". */
export function positionSummary(position: Pick<BoroughPosition, 'position' | 'optionTitle'>): string {
  if (position.position === 'abstain') return positionLabel.abstain;
  return `${positionLabel[position.position]}: ${position.optionTitle || 'an untitled option'}`;
}

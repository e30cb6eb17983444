/**
 * A decision's proposal as the live document holds it: the option put to the boroughs
 * (`chosenOptionId`), its title, and a digest of what it says (title, pros and cons), so a
 * position recorded for it can tell whether the option has changed since.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type * as Y from 'yjs';
import { decisionsOf } from '../../../shared/doc-layout.js';

export interface Proposal {
  optionId: string;
  title: string;
  digest: string;
}

/** What an option says, reduced to a digest: any rewording changes it. */
export function optionDigest(option: Y.Map<unknown>): string {
  const text = (name: string) => (option.get(name) as Y.Text | undefined)?.toString() ?? '';
  return encodeHexLowerCase(sha256(new TextEncoder().encode(JSON.stringify([text('title'), text('pros'), text('cons')]))));
}

/** The decision's proposed option, or null when none is (or it was removed). */
export function proposalOf(decision: Y.Map<unknown>): Proposal | null {
  const optionId = decision.get('chosenOptionId');
  if (typeof optionId !== 'string') return null;
  const option = (decision.get('options') as Y.Array<Y.Map<unknown>> | undefined)?.toArray().find((o) => o.get('id') === optionId);
  if (!option) return null;
  return { optionId, title: (option.get('title') as Y.Text | undefined)?.toString() ?? '', digest: optionDigest(option) };
}

/** Every decision of a document, by id, with its proposal. */
export function proposalsIn(doc: Y.Doc): Map<string, Proposal | null> {
  return new Map(
    decisionsOf(doc)
      .toArray()
      .map((decision) => [decision.get('id') as string, proposalOf(decision)]),
  );
}

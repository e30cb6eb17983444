/**
 * Open suggestions as Word tracked changes, for a borough's legal team reviewing the
 * specification in Word: proposed words as Word insertions, words proposed for removal
 * as Word deletions, each by "Name (Borough)" at the time the suggestion was begun, so
 * that Word's Accept and Reject work on them as on any tracked change.
 */
import { DeletedTextRun, InsertedTextRun, TextRun, type IRunOptions } from 'docx';
import { suggestionOrigin } from '../../../shared/suggestions.js';
import type { SuggestedText } from './content.js';

/** Who a Word revision is by, and when: what Word shows beside a tracked change. */
interface Revision {
  id: number;
  author: string;
  date: string;
}

export class WordRevisions {
  private next: number;

  /**
   * @param authorOf "Name (Borough)" for a suggester's user id.
   * @param firstId The first revision id: past the comments' ids, so no two marks of the
   *   document share one. Ids follow the order of writing, so the same document always
   *   gets the same ids.
   */
  constructor(
    private readonly authorOf: (userId: string) => string,
    firstId: number,
  ) {
    this.next = firstId;
  }

  /** A new revision (Word wants one id per marked run) for the suggestion `suggestionId`. */
  private revision(suggestionId: string): Revision {
    const origin = suggestionOrigin(suggestionId);
    return {
      id: this.next++,
      author: origin ? this.authorOf(origin.userId) : 'Unknown person',
      // Whole seconds, as Word writes them itself.
      date: new Date(origin?.at ?? 0).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  /** A run of text, as a Word insertion or deletion when it is part of a suggestion. */
  run(options: IRunOptions, suggestion: SuggestedText | undefined): TextRun | InsertedTextRun | DeletedTextRun {
    if (!suggestion) return new TextRun(options);
    const revision = this.revision(suggestion.id);
    return suggestion.kind === 'insertion'
      ? new InsertedTextRun({ ...options, ...revision })
      : new DeletedTextRun({ ...options, ...revision });
  }
}

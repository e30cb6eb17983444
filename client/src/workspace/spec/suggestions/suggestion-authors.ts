/** Who wrote a suggestion, by its id, from the procurement's members as they are now. */
import type { Member } from '../../../../../shared/api.js';
import { suggestionOrigin } from '../../../../../shared/suggestions.js';
import type { SuggestionAuthor } from './suggest-changes.js';

export class SuggestionAuthors {
  private byId = new Map<string, SuggestionAuthor>();

  update(members: readonly Member[]): void {
    this.byId = new Map(members.map((m) => [m.userId, { name: m.name, borough: m.borough.name, colour: m.colour }]));
  }

  readonly authorOf = (id: unknown): SuggestionAuthor | null => {
    const userId = suggestionOrigin(id)?.userId;
    return (userId && this.byId.get(userId)) || null;
  };
}

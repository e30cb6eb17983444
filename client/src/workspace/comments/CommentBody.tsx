/** A comment's words as written, line breaks kept, with its mentions in bold. */
import type { Mention } from '../../../../shared/comments.js';
import { splitByMentions } from './mentions.js';

export function CommentBody({ body, mentions }: { body: string; mentions: readonly Mention[] }) {
  return (
    <p className="govuk-body app-comment__body">
      {splitByMentions(body, mentions).map((part, i) => (part.mention ? <strong key={i}>{part.text}</strong> : part.text))}
    </p>
  );
}

/**
 * Each act on record in plain English: "Priya Shah (Hackney) signed off “Draft for the
 * steering group” for Hackney." Built from the entry's own text alone (names as they
 * were then), so the sentence never changes when someone is renamed or moves borough.
 */
import { positionLabel, type BoroughPositionValue } from '../../../shared/decisions.js';
import type { RecordActor } from '../../../shared/record.js';
import { boroughRoleLabel, memberRoleLabel, type BoroughRole, type MemberRole } from '../../../shared/roles.js';

/** An entry as stored, read back. */
export interface StoredAct {
  procurement: string;
  position: number;
  at: string;
  actor: RecordActor | null;
  action: string;
  details: Record<string, unknown>;
}

type Details = Record<string, unknown>;
const text = (value: unknown, otherwise = ''): string => (typeof value === 'string' && value ? value : otherwise);
const quoted = (value: unknown, otherwise: string): string => (text(value) ? `“${text(value)}”` : otherwise);
const number = (value: unknown): string => (typeof value === 'number' ? String(value) : '');
const person = (d: Details) => text(d.userName, 'someone');
const borough = (d: Details) => text(d.boroughName, text(d.boroughId, 'a borough'));
const memberRole = (value: unknown) => memberRoleLabel[value as MemberRole]?.toLowerCase() ?? text(value, 'member');
const boroughRole = (value: unknown) => boroughRoleLabel[value as BoroughRole]?.toLowerCase() ?? text(value, 'borough');

/** What was done, after the name of who did it. */
const phrases: Record<string, (d: Details) => string> = {
  'procurement.created': (d) => `created the procurement ${quoted(d.title, '')}`.trim(),
  'procurement.updated': (d) => `changed the procurement’s details (${Object.keys(d).join(', ') || 'nothing'})`,
  'procurement.who-decides': (d) =>
    d.leadDecides
      ? 'set the specification so that partner boroughs suggest changes and the lead borough accepts or rejects them'
      : 'let partner boroughs change the specification directly',
  'borough.added': (d) => `added ${borough(d)} as ${d.role === 'lead' ? 'the lead borough' : `a ${boroughRole(d.role)}`}`,
  'borough.role-changed': (d) => `made ${borough(d)} a ${boroughRole(d.to)} (it was a ${boroughRole(d.from)})`,
  'borough.removed': (d) => `removed ${borough(d)} from the procurement`,
  'member.added': (d) => `added ${person(d)} as ${memberRole(d.role)}${d.isBoroughLead ? ' and borough lead' : ''}`,
  'member.changed': (d) => {
    const changes = [
      d.role ? `made them ${memberRole(d.role)}` : '',
      d.isBoroughLead === true ? 'made them borough lead' : d.isBoroughLead === false ? 'they are no longer borough lead' : '',
    ].filter(Boolean);
    return `changed ${person(d)}’s membership: ${changes.join('; ') || 'no change'}`;
  },
  'member.removed': (d) =>
    d.why === 'borough-corrected'
      ? `removed ${person(d)}, whose account moved to ${text(d.toName, 'a borough')} that does not take part`
      : `removed ${person(d)} from the procurement`,
  'member.borough-corrected': (d) =>
    `moved ${person(d)}’s membership from ${text(d.fromName, 'one borough')} to ${text(d.toName, 'another')}, as their account was corrected`,
  'invitation.created': (d) => `invited ${text(d.email, 'someone')}${d.role ? ` as ${memberRole(d.role)}` : ''}`,
  'invitation.accepted': () => 'accepted an invitation and joined the procurement',
  'invitation.withdrawn': (d) =>
    d.why === 'issuer-lost-the-right' ? 'withdrew an invitation, because whoever sent it may no longer invite' : 'withdrew an invitation',
  'decision.position': (d) => {
    const said = positionLabel[d.position as BoroughPositionValue] ?? text(d.position, 'A position');
    const option = d.position === 'abstain' ? '' : ` ${quoted(d.optionTitle, 'the proposed option')}`;
    const comment = text(d.comment) ? `, saying “${text(d.comment)}”` : '';
    return `recorded ${borough(d)}’s position on a decision: ${said}${option}${comment}`;
  },
  'decision.status': (d) =>
    d.change === 'supersede'
      ? `marked a decision superseded${text(d.note) ? `: “${text(d.note)}”` : ''}`
      : `reopened a decision${text(d.note) ? `: “${text(d.note)}”` : ''}`,
  'decision.rule': (d) =>
    text(d.note) ? `recorded, by the agreement rule: ${text(d.note)}` : `marked a decision ${text(d.status, 'changed')}`,
  'version.named': (d) => `named version ${number(d.seq)} ${quoted(d.name, '')}`.trim(),
  'specification.signed-off': (d) =>
    `signed off ${quoted(d.versionName, 'a version')} for ${borough(d)}, having seen the record up to entry ${number(d.recordPosition) || '0'}`,
  'specification.signoff-withdrawn': (d) =>
    `withdrew ${borough(d)}’s sign-off of ${quoted(d.versionName, 'a version')}${text(d.reason) ? `, because “${text(d.reason)}”` : ''}`,
  'specification.restored': (d) => `restored the workspace to version ${number(d.restoredTo)}`,
  'suggestion.accepted': (d) =>
    `accepted a suggestion by ${person(d)}${text(d.place) ? ` in ${text(d.place)}` : ''}: ${quoted(text(d.summary).trim(), '')}`,
  'suggestion.rejected': (d) =>
    `rejected a suggestion by ${person(d)}${text(d.place) ? ` in ${text(d.place)}` : ''}: ${quoted(text(d.summary).trim(), '')}`,
  'borough.sso-connected': (d) => `connected ${borough(d)}’s single sign-on (Entra ID tenant ${text(d.tenantId, 'unknown')})`,
  'borough.sso-changed': (d) => `changed ${borough(d)}’s single sign-on (Entra ID tenant ${text(d.tenantId, 'unknown')})`,
  'borough.sso-disconnected': (d) => `disconnected ${borough(d)}’s single sign-on`,
  'comment.thread-started': () => 'started a comment thread',
  'comment.deleted': () => 'deleted a comment',
  'comment.resolved': () => 'resolved a comment thread',
  'comment.reopened': () => 'reopened a comment thread',
};

/** "Priya Shah (Hackney)", or "Jointly" for what the service did by itself. */
export function actorName(actor: RecordActor | null): string {
  if (!actor) return 'Jointly';
  const name = actor.name ?? 'A person no longer known';
  return actor.boroughName ? `${name} (${actor.boroughName})` : name;
}

/** The act as one sentence. */
export function describeAct(act: StoredAct): string {
  const phrase = phrases[act.action]?.(act.details) ?? `recorded “${act.action}”`;
  return `${actorName(act.actor)} ${phrase.replace(/[.:]\s*$/, '')}.`;
}

/**
 * Every reason the live-sync server closes a websocket, in one place, so the server
 * and the browser agree on what a close means.
 *
 * The y-websocket client reconnects after any close except codes 4400–4499, which it
 * treats as final (RFC 6455 leaves 4000–4999 to applications; that sub-range mirrors
 * HTTP 4xx). So: codes a reconnect cannot fix are 44xx; codes that mean "try again"
 * are 45xx or standard codes.
 */
export const CloseCode = {
  /** The server is stopping or restarting; reconnect. */
  goingAway: 1001,
  /** The websocket frame itself was invalid (reported by the websocket library). */
  protocolError: 1002,
  /** A text frame: the protocol is binary only. */
  unsupportedData: 1003,
  /** A message over the size limit. */
  messageTooBig: 1009,
  /** Something failed inside the server. */
  internalError: 1011,

  /** A message that does not decode as the sync protocol. */
  malformedMessage: 4400,
  /** The session ended (signed out, password changed, expired). */
  signedOut: 4401,
  /** Access to this document was removed. */
  accessRemoved: 4403,
  /** The document does not exist or is not yours to see. */
  notFound: 4404,
  /** Content written under a Yjs client id that belongs to someone else. */
  forgedAuthor: 4409,
  /** Out-of-order data whose missing parts never arrived, beyond the bound. */
  tooMuchPending: 4413,
  /** The document reached its size limit: the change was not saved. */
  documentTooLarge: 4414,
  /** A message type this server does not speak. */
  unknownMessageType: 4415,
  /** A document update the document model cannot apply. */
  invalidUpdate: 4422,
  /** A change beyond the writer's own suggestions, from someone who may only suggest. */
  onlySuggestions: 4423,
  /** Presence for another client, or presence too large. */
  awarenessRefused: 4429,

  /** Your rights changed (for example, now read-only); reconnect to pick them up. */
  rightsChanged: 4500,
  /** Your last changes could not be saved; reconnect and they are sent again. */
  notSaved: 4503,
  /** The document could not be opened just now; reconnect later. */
  loadFailed: 4504,
  /** Too many messages too fast; reconnect after a pause. */
  tooFrequent: 4529,
  /** The connection could not keep up with the changes sent to it. */
  tooSlow: 4508,
  /** No answer to the server's keep-alive ping. */
  noPong: 4510,
  /** This person has too many live connections open; close some, then reconnect. */
  tooManyConnections: 4530,
  /** Several of this person's changes were refused just now; reconnect after a pause. */
  refusedForAWhile: 4531,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/**
 * Plain-English reasons, sent in the close frame and shown to people by the client. A
 * close frame carries at most 123 bytes of reason (RFC 6455): longer ones cannot be sent.
 */
export const closeReason: Record<CloseCodeName, string> = {
  goingAway: 'The server is restarting. Reconnecting.',
  protocolError: 'The connection sent an invalid frame.',
  unsupportedData: 'Only binary messages are accepted.',
  messageTooBig: 'A change was too large to save.',
  internalError: 'Something went wrong on the server.',
  malformedMessage: 'A message could not be read.',
  signedOut: 'You have been signed out.',
  accessRemoved: 'You no longer have access to this procurement.',
  notFound: 'This procurement was not found.',
  forgedAuthor: 'A change claimed to be by someone else and was refused.',
  tooMuchPending: 'Changes arrived out of order and could not be completed.',
  documentTooLarge: 'This procurement has reached its size limit, so your last change was not saved. Ask your Jointly administrator.',
  unknownMessageType: 'A message of an unknown kind was refused.',
  invalidUpdate: 'A change could not be applied to the document.',
  onlySuggestions: 'You can only suggest changes to this specification, so a direct change was not saved. Reload the page.',
  awarenessRefused: 'Presence information was refused.',
  rightsChanged: 'Your access changed. Reconnecting.',
  notSaved: 'Your last changes could not be saved yet. Reconnecting to send them again.',
  loadFailed: 'The document could not be opened just now. Trying again.',
  tooFrequent: 'Too many messages too quickly. Reconnecting shortly.',
  tooSlow: 'The connection could not keep up. Reconnecting.',
  noPong: 'The connection stopped responding.',
  tooManyConnections: 'You have too many Jointly tabs or windows open. Close some and this one will reconnect.',
  refusedForAWhile: 'Several of your recent changes were refused. Trying again in a minute.',
};

const nameByCode = new Map<number, CloseCodeName>((Object.keys(CloseCode) as CloseCodeName[]).map((name) => [CloseCode[name], name]));

/** The name of a close code, or undefined for codes this module does not define. */
export function closeCodeName(code: number): CloseCodeName | undefined {
  return nameByCode.get(code);
}

/** True when reconnecting cannot help, matching the y-websocket client's own rule. */
export function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

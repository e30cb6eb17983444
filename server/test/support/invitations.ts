/**
 * Invitation links as a test uses them: the token from a link, its preview, its
 * acceptance by a new person, and "invite a colleague and accept" in one step.
 */
import { expect } from 'vitest';
import { ApiClient, type ApiResponse } from './api.js';

/** The `<id>.<secret>` of an invitation link (it travels in the fragment). */
export function tokenOf(link: string): string {
  const token = new URL(link).hash.slice(1);
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

export function previewInvitation(baseUrl: string, token: string): Promise<ApiResponse> {
  return new ApiClient(baseUrl).post('/api/invitations/preview', { token });
}

export const newPersonPassword = 'a long enough password';

/** Accepts as `guest` (a browser with no session yet); the response is the API's. */
export function acceptInvitation(guest: ApiClient, token: string, name: string, password = newPersonPassword): Promise<ApiResponse> {
  return guest.post('/api/invitations/accept', { token, name, password });
}

export type NewPerson = ApiClient & { id: string };

/** Accepts a created invitation as a new person, signed in; fails the test if refused. */
export async function acceptAsNewPerson(baseUrl: string, link: string, name: string, password = newPersonPassword): Promise<NewPerson> {
  const person = new ApiClient(baseUrl);
  const accepted = await acceptInvitation(person, tokenOf(link), name, password);
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  return Object.assign(person, { id: accepted.body.user.id as string });
}

/** `inviter` invites `email` to a procurement with `role`, and a new person accepts. */
export async function inviteToProcurement(
  inviter: ApiClient,
  procurementId: string,
  email: string,
  role: 'owner' | 'editor' | 'viewer',
  password = newPersonPassword,
): Promise<NewPerson> {
  const invited = await inviter.post(`/api/procurements/${procurementId}/invitations`, { email, role });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  return acceptAsNewPerson(inviter.baseUrl, invited.body.link, `Colleague ${email}`, password);
}

/** A borough admin invites `email` to the service, and a new person accepts. */
export async function inviteToService(admin: ApiClient, email: string, password = newPersonPassword): Promise<NewPerson> {
  const invited = await admin.post('/api/borough/invitations', { email });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  return acceptAsNewPerson(admin.baseUrl, invited.body.link, `Colleague ${email}`, password);
}

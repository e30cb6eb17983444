/**
 * Who takes part in a procurement and what each may do. The server enforces these;
 * the client uses the same rules only to hide controls a person cannot use.
 */
export const boroughRoles = ['lead', 'partner', 'observer'] as const;
export type BoroughRole = (typeof boroughRoles)[number];

export const memberRoles = ['owner', 'editor', 'viewer'] as const;
export type MemberRole = (typeof memberRoles)[number];

export const boroughRoleLabel: Record<BoroughRole, string> = {
  lead: 'Lead borough',
  partner: 'Partner',
  observer: 'Observer',
};

export const memberRoleLabel: Record<MemberRole, string> = {
  owner: 'Owner',
  editor: 'Editor',
  viewer: 'Viewer',
};

/** A person's standing in one procurement. */
export interface Standing {
  role: MemberRole;
  boroughRole: BoroughRole;
  /** Speaks for their borough: records its positions and sign-offs. */
  isBoroughLead: boolean;
}

/** May change the workspace's content. Observer boroughs only ever watch. */
export function canEdit(s: Standing): boolean {
  return s.boroughRole !== 'observer' && (s.role === 'owner' || s.role === 'editor');
}

/** May change the procurement's details, its boroughs and anyone's membership. */
export function isOwner(s: Standing): boolean {
  return s.role === 'owner' && s.boroughRole !== 'observer';
}

/** May add, change and remove members of their own borough, and invite colleagues. */
export function canManageOwnBorough(s: Standing): boolean {
  return isOwner(s) || s.isBoroughLead;
}

/** Why someone cannot edit, in plain English, or null when they can. */
export function readOnlyReason(s: Standing, boroughName: string): string | null {
  if (s.boroughRole === 'observer') {
    return `${boroughName} is observing this procurement, so you can read everything but not change it.`;
  }
  if (s.role === 'viewer') return 'You are a viewer in this procurement, so you can read everything but not change it.';
  return null;
}

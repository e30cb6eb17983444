/**
 * Who takes part in a procurement: the borough roles and the member roles, with their
 * names. What each may do is in policy.ts.
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

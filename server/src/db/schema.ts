import type { Generated } from 'kysely';

/** Table types, one interface per table, assembled into the database schema. */

export interface DocumentUpdatesTable {
  document: string;
  seq: number;
  update_bytes: Uint8Array;
  /** Milliseconds since the epoch, server clock. */
  received_at: number;
  /** The authenticated user whose connection sent the update; null for server-made changes. */
  author_id: string | null;
}

export interface DocumentCheckpointsTable {
  document: string;
  /** The state includes every update with a seq up to and including this one. */
  seq: number;
  state: Uint8Array;
  created_at: number;
  /** 1 when kept for history; 0 for the load checkpoint, replaced as the log grows. */
  retained: number;
  /** The state vector of `state` (null for checkpoints written before it was kept). */
  state_vector: Uint8Array | null;
}

export interface DocumentClientsTable {
  document: string;
  client_id: number;
  user_id: string | null;
  first_seq: number;
}

export interface BoroughsTable {
  id: string;
  name: string;
  official_name: string;
}

export interface UsersTable {
  id: string;
  email: string;
  /** The email lower-cased: unique, so one address is one account whatever its case. */
  email_key: string;
  display_name: string;
  borough_id: string;
  password_hash: string;
  is_borough_admin: number;
  created_at: number;
  password_changed_at: number;
  /** Set when a borough admin removed this person's access; they can no longer sign in. */
  access_removed_at: number | null;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 of the token's secret part; the token itself is never stored. */
  secret_hash: Uint8Array;
  user_id: string;
  created_at: number;
  last_active_at: number;
}

export interface LoginFailuresTable {
  /** `account:<email>` or `address:<ip>`. */
  key: string;
  failed_at: number;
}

export interface ProcurementsTable {
  id: string;
  title: string;
  reference: string;
  summary: string;
  phase: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  /** Partner boroughs suggest and the lead borough decides on the specification (0 or 1). */
  lead_decides: Generated<number>;
}

export interface ProcurementBoroughsTable {
  procurement_id: string;
  borough_id: string;
  role: 'lead' | 'partner' | 'observer';
  added_by: string | null;
  added_at: number;
}

export interface ProcurementMembersTable {
  procurement_id: string;
  user_id: string;
  borough_id: string;
  role: 'owner' | 'editor' | 'viewer';
  is_borough_lead: number;
  added_by: string | null;
  added_at: number;
}

export interface InvitationsTable {
  id: string;
  secret_hash: Uint8Array;
  /** Null for an invitation to the service alone, from a borough admin. */
  procurement_id: string | null;
  borough_id: string;
  email: string;
  /** The role in the procurement; null exactly when `procurement_id` is. */
  role: 'owner' | 'editor' | 'viewer' | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  procurement_id: string | null;
  actor_id: string | null;
  action: string;
  /** JSON. */
  detail: string;
  at: number;
}

export interface RequirementNumbersTable {
  procurement_id: string;
  number: number;
  /** The Yjs item id of the requirement element that carries the number. */
  element_client: number;
  element_clock: number;
  assigned_at: number;
}

export interface DecisionStatusTable {
  id: Generated<number>;
  procurement_id: string;
  decision_id: string;
  status: 'open' | 'proposed' | 'agreed' | 'superseded';
  note: string;
  /** Null: the server, following the agreement rule (not a person). */
  changed_by: string | null;
  changed_at: number;
  /** The option agreed (for an agreement). */
  option_id: string | null;
}

export interface DecisionPositionsTable {
  id: Generated<number>;
  procurement_id: string;
  decision_id: string;
  borough_id: string;
  position: 'support' | 'object' | 'abstain';
  comment: string;
  recorded_by: string;
  recorded_at: number;
  /** The option the position is about (null: an abstention), its title then, and a digest of its content then. */
  option_id: string | null;
  option_title: string;
  option_digest: string;
}

export interface HistoryProgressTable {
  document: string;
  /** The last log position whose history rows are written. */
  last_seq: number;
  /** JSON: the open version's editors and when each person last edited. */
  grouping: string;
}

export interface HistoryVersionsTable {
  document: string;
  version: number;
  first_seq: number;
  last_seq: number;
  started_at: number;
  ended_at: number;
  /** JSON array of user ids (null for changes the server made). */
  authors: string;
  /** JSON array of borough ids of the authors. */
  boroughs: string;
  /** JSON array: 'specification', 'engagement:<entry id>', 'decisions:<entry id>'. */
  areas: string;
  updates: number;
  bytes: number;
  /** Set when this version restored the document to the state at that log position. */
  restore_of: number | null;
  end_state_vector: Uint8Array;
  /** JSON: what the version did to each requirement, paragraph and entry (see history/grouping.ts); null before it was kept. */
  changes: string | null;
}

export interface HistoryInsertionsTable {
  document: string;
  client: number;
  clock_start: number;
  clock_end: number;
  seq: number;
}

export interface HistoryDeletionsTable {
  document: string;
  seq: number;
  client: number;
  clock_start: number;
  clock_end: number;
}

export interface NamedVersionsTable {
  id: string;
  procurement_id: string;
  seq: number;
  name: string;
  note: string;
  specification_hash: string;
  created_by: string;
  created_at: number;
}

export interface SignoffsTable {
  id: Generated<number>;
  procurement_id: string;
  named_version_id: string;
  borough_id: string;
  specification_hash: string;
  signed_by: string;
  signed_at: number;
  withdrawn_at: number | null;
  withdrawn_by: string | null;
  withdrawal_reason: string;
  /** The head of the record of formal acts the borough saw when it signed off. */
  record_position: number | null;
  record_hash: string | null;
}

export interface BoroughEmailDomainsTable {
  /** Lower case, without the @: "camden.gov.uk". One borough's only. */
  domain: string;
  borough_id: string;
  /** Null when set by the admin command on the server. */
  added_by: string | null;
  added_at: number;
}

export interface BoroughCorrectionsTable {
  id: string;
  user_id: string;
  from_borough_id: string;
  to_borough_id: string;
  reason: string;
  /** An admin of the borough the account was in. */
  requested_by: string;
  requested_at: number;
  /** Null while open; approved or declined by the other borough's admin, or withdrawn. */
  outcome: 'approved' | 'declined' | 'withdrawn' | null;
  decided_by: string | null;
  decided_at: number | null;
}

export interface CommentThreadsTable {
  id: string;
  procurement_id: string;
  subject_kind: 'specification' | 'engagement' | 'decision-option';
  /** The engagement activity or decision (null for the specification). */
  entry_id: string | null;
  option_id: string | null;
  quote: string;
  created_by: string;
  /** The starter's borough then. */
  borough_id: string;
  created_at: number;
  resolved_by: string | null;
  resolved_at: number | null;
}

export interface CommentsTable {
  id: string;
  thread_id: string;
  author_id: string;
  /** The author's borough then. */
  borough_id: string;
  body: string;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
}

export interface CommentMentionsTable {
  comment_id: string;
  kind: 'person' | 'borough';
  target_id: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  procurement_id: string;
  kind: 'mention' | 'reply' | 'suggestion-waiting' | 'suggestion-decided';
  thread_id: string | null;
  comment_id: string | null;
  /** For suggestion events: the suggestion, and what the event says (JSON). */
  suggestion_id: string | null;
  detail: string | null;
  actor_id: string;
  created_at: number;
  read_at: number | null;
}

export interface SuggestionDecisionsTable {
  id: Generated<number>;
  procurement_id: string;
  suggestion_id: string;
  kind: 'insertion' | 'deletion' | 'requirement' | 'priority' | 'applies-to' | 'other';
  outcome: 'accepted' | 'rejected';
  summary: string;
  /** The requirement it was in ("REQ-004"), if any. */
  place: string | null;
  /** From the suggestion's id: may name someone no longer a member (no reference). */
  suggested_by: string;
  suggested_at: number;
  decided_by: string | null;
  decided_at: number;
  seq: number;
}

export interface SearchEntriesTable {
  id: Generated<number>;
  procurement_id: string;
  kind: 'requirement' | 'block' | 'engagement' | 'decision' | 'option' | 'comment';
  /** Set for comments only: the thread the comment is in. */
  thread_id: string | null;
  /** Where it opens, as JSON (a `SearchPlace`). */
  place: string;
  /** Where it is, in words. */
  location: string;
  position: number;
  title: string;
  body: string;
  keys: string;
}

export interface SearchProgressTable {
  procurement_id: string;
  indexed_seq: number;
  indexed_at: number;
}

export interface BoroughSsoTable {
  borough_id: string;
  /** The cloud's sign-in address, e.g. https://login.microsoftonline.com (one of the configured ones). */
  authority: string;
  tenant_id: string;
  client_id: string;
  /** The client secret, sealed (see sso/secret-box.ts); never sent to a browser. */
  sealed_secret: string;
  /** 1: the borough's email domains lead here; 0: the rows of sso_domains do. */
  uses_borough_domains: number;
  /** Someone unknown who signs in gets an account in the borough (with no procurement). */
  allows_new_accounts: number;
  /** Nobody of the borough signs in with a password. */
  requires_sso: number;
  updated_by: string | null;
  updated_at: number;
}

export interface SsoDomainsTable {
  /** Lower case, without the @. */
  domain: string;
  borough_id: string;
}

export interface ExternalIdentitiesTable {
  /** The tenant's issuer, exactly as its ID tokens carry it. */
  issuer: string;
  /** Entra's `tid`. */
  tenant_id: string;
  /** Entra's `oid`: the person in their tenant, whatever their email becomes. */
  object_id: string;
  user_id: string;
  linked_at: number;
  last_sign_in_at: number | null;
}

export interface SsoAttemptsTable {
  /** SHA-256 (hex) of the `state` sent to the tenant. */
  state_hash: string;
  borough_id: string;
  purpose: 'sign-in' | 'link';
  /** Who is linking (purpose "link"). */
  user_id: string | null;
  nonce: string;
  code_verifier: string;
  created_at: number;
}

/** One entry of a procurement's record of formal acts (append-only: the database refuses changes). */
export interface RecordEntriesTable {
  procurement_id: string;
  /** 1, 2, 3… within the procurement. */
  position: number;
  /** The exact text hashed: canonical JSON of the act. */
  entry: string;
  /** The hash of the entry before (64 zeros for the first). */
  previous_hash: string;
  /** SHA-256 (hex) of previous_hash followed by entry. */
  hash: string;
}

/** The head of a procurement's record, signed with the deployment's Ed25519 key. */
export interface RecordHeadsTable {
  procurement_id: string;
  position: number;
  hash: string;
  /** Base64 Ed25519 signature over the head's statement (record/signing.ts). */
  signature: string;
  /** Fingerprint of the public key that signed. */
  key_id: string;
  signed_at: number;
}

export interface Schema {
  document_updates: DocumentUpdatesTable;
  document_checkpoints: DocumentCheckpointsTable;
  document_clients: DocumentClientsTable;
  boroughs: BoroughsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  procurements: ProcurementsTable;
  procurement_boroughs: ProcurementBoroughsTable;
  procurement_members: ProcurementMembersTable;
  invitations: InvitationsTable;
  audit_events: AuditEventsTable;
  requirement_numbers: RequirementNumbersTable;
  decision_status: DecisionStatusTable;
  decision_positions: DecisionPositionsTable;
  history_progress: HistoryProgressTable;
  history_versions: HistoryVersionsTable;
  history_insertions: HistoryInsertionsTable;
  history_deletions: HistoryDeletionsTable;
  named_versions: NamedVersionsTable;
  signoffs: SignoffsTable;
  borough_email_domains: BoroughEmailDomainsTable;
  borough_corrections: BoroughCorrectionsTable;
  comment_threads: CommentThreadsTable;
  comments: CommentsTable;
  comment_mentions: CommentMentionsTable;
  notifications: NotificationsTable;
  suggestion_decisions: SuggestionDecisionsTable;
  search_entries: SearchEntriesTable;
  search_progress: SearchProgressTable;
  borough_sso: BoroughSsoTable;
  sso_domains: SsoDomainsTable;
  external_identities: ExternalIdentitiesTable;
  sso_attempts: SsoAttemptsTable;
  record_entries: RecordEntriesTable;
  record_heads: RecordHeadsTable;
}

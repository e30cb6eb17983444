/**
 * Sessions as Lucia's guide describes them: a token `<id>.<secret>` from the CSPRNG
 * (160-bit secret); the database keeps only SHA-256 of the secret, compared in constant
 * time, so neither a leaked table nor a timing probe yields a working token.
 *
 * A session ends after `idleTimeoutMs` without activity (an open workspace tab counts:
 * live connections touch it) or `absoluteLifetimeMs` after sign-in, whichever is first.
 */
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { sha256 } from '@oslojs/crypto/sha2';
import type { Database } from '../db/queries.js';
import { newId, newSecret } from '../ids.js';

export interface SessionPolicy {
  idleTimeoutMs: number;
  absoluteLifetimeMs: number;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  lastActiveAt: number;
  /** When the absolute lifetime runs out. */
  expiresAt: number;
}

/** Activity is written at most this often per session (a tenth of the idle timeout, up to a minute). */
const touchEvery = (policy: SessionPolicy) => Math.min(60_000, policy.idleTimeoutMs / 10);

export type SessionsEndedListener = (sessionIds: readonly string[]) => void;

export class Sessions {
  private readonly endedListeners = new Set<SessionsEndedListener>();

  constructor(
    private readonly db: Database,
    readonly policy: SessionPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session (and its token, never stored) for a user who just proved who they are. */
  async create(userId: string): Promise<{ token: string; session: Session }> {
    const id = newId();
    const secret = newSecret();
    const now = this.now();
    await this.db.run(
      this.db.kysely.insertInto('sessions').values({
        id,
        secret_hash: hashSecret(secret),
        user_id: userId,
        created_at: now,
        last_active_at: now,
      }),
    );
    return { token: `${id}.${secret}`, session: { id, userId, createdAt: now, lastActiveAt: now, expiresAt: this.expiresAt(now) } };
  }

  /** The live session a token stands for, or null. Counts as activity. */
  async validate(token: string | undefined | null): Promise<Session | null> {
    if (!token || token.length > 200) return null;
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const id = token.slice(0, dot);
    const secret = token.slice(dot + 1);
    const row = await this.db.first(this.db.kysely.selectFrom('sessions').selectAll().where('id', '=', id));
    if (!row) return null;
    if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secret_hash))) return null;
    const session: Session = {
      id: row.id,
      userId: row.user_id,
      createdAt: row.created_at,
      lastActiveAt: row.last_active_at,
      expiresAt: this.expiresAt(row.created_at),
    };
    if (!this.isLive(session)) {
      await this.end([session.id]);
      return null;
    }
    await this.touch(session);
    return session;
  }

  /** Still within both the idle and the absolute limit. */
  isLive(session: Pick<Session, 'createdAt' | 'lastActiveAt'>): boolean {
    const now = this.now();
    return now < this.expiresAt(session.createdAt) && now < session.lastActiveAt + this.policy.idleTimeoutMs;
  }

  /** Records activity (a request, or an open workspace tab) without writing every time. */
  async touch(session: Session): Promise<void> {
    const now = this.now();
    if (now - session.lastActiveAt < touchEvery(this.policy)) return;
    await this.db.run(this.db.kysely.updateTable('sessions').set({ last_active_at: now }).where('id', '=', session.id));
    session.lastActiveAt = now;
  }

  /** Marks sessions active by id (for live connections); returns the ids no longer live. */
  async touchLive(sessionIds: readonly string[]): Promise<string[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.db.all(
      this.db.kysely
        .selectFrom('sessions')
        .select(['id', 'user_id', 'created_at', 'last_active_at'])
        .where(this.db.inList('id', [...new Set(sessionIds)])),
    );
    const live = new Set<string>();
    for (const row of rows) {
      const session = { id: row.id, userId: row.user_id, createdAt: row.created_at, lastActiveAt: row.last_active_at, expiresAt: 0 };
      if (!this.isLive(session)) continue;
      live.add(row.id);
      await this.touch(session);
    }
    const ended = sessionIds.filter((id) => !live.has(id));
    if (ended.length > 0) await this.end(ended);
    return ended;
  }

  /** Ends sessions and tells listeners (live connections close at once). */
  async end(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.db.run(this.db.kysely.deleteFrom('sessions').where(this.db.inList('id', sessionIds)));
    for (const listener of this.endedListeners) listener(sessionIds);
  }

  /** Ends every session of a user but `keepId` (after a password change). */
  async endAllForUser(userId: string, keepId?: string): Promise<string[]> {
    let query = this.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', userId);
    if (keepId) query = query.where('id', '!=', keepId);
    const ids = (await this.db.all(query)).map((row) => row.id);
    await this.end(ids);
    return ids;
  }

  onEnded(listener: SessionsEndedListener): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** Deletes sessions past their limits (run now and then). */
  prune(): Promise<number> {
    const now = this.now();
    return this.db.run(
      this.db.kysely
        .deleteFrom('sessions')
        .where((eb) =>
          eb.or([
            eb('created_at', '<=', now - this.policy.absoluteLifetimeMs),
            eb('last_active_at', '<=', now - this.policy.idleTimeoutMs),
          ]),
        ),
    );
  }

  private expiresAt(createdAt: number): number {
    return createdAt + this.policy.absoluteLifetimeMs;
  }
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

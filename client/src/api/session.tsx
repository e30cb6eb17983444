/**
 * Who is signed in, for every page. Pages that need a person wrap themselves in
 * `RequireSignIn`, which sends others to the sign-in page and back afterwards.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Me } from '../../../shared/api.js';
import { forgetLocalCopies } from '../workspace/local-copies.js';
import { api, ApiError } from './client.js';

interface SessionValue {
  me: Me | null;
  loading: boolean;
  refresh: () => Promise<Me | null>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<{ me: Me | null; loaded: boolean }>({ me: null, loaded: false });
  const { me } = session;

  const refresh = useCallback(async () => {
    const current = await api.get<Me>('/api/me').catch((error: unknown) => {
      if (!(error instanceof ApiError) || error.status !== 401) console.error(error);
      return null;
    });
    setSession({ me: current, loaded: true });
    return current;
  }, []);

  const signOut = useCallback(async () => {
    const userId = me?.user.id;
    await api.post('/api/auth/logout').catch(() => undefined);
    // Nothing of this person's documents stays on a shared computer.
    if (userId) await forgetLocalCopies(userId);
    setSession({ me: null, loaded: true });
  }, [me]);

  useEffect(() => {
    // The state is set when the answer arrives, never synchronously here.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
  }, [refresh]);

  const loading = !session.loaded;
  return <SessionContext.Provider value={{ me, loading, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person; pages inside `RequireSignIn` can rely on it. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe outside RequireSignIn');
  return me;
}

export function RequireSignIn({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <p className="govuk-body">Loading…</p>;
  if (!me) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

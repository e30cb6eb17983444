/**
 * The pages and their addresses. Signing in and the list of procurements come with the
 * app; the workspace's code (editor, live sync, history) is fetched when first opened,
 * or earlier, when the browser is idle after signing in.
 */
import { useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { RequireSignIn, SessionProvider, useSession } from '../api/session.js';
import { AcceptInvitationPage } from '../pages/AcceptInvitationPage.js';
import { BoroughPeoplePage } from '../pages/BoroughPeoplePage.js';
import { ChangePasswordPage } from '../pages/ChangePasswordPage.js';
import { ForYouPage } from '../pages/ForYouPage.js';
import { NewProcurementPage } from '../pages/NewProcurementPage.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { ProcurementsPage } from '../pages/ProcurementsPage.js';
import { SearchPage } from '../search/SearchPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { Layout } from '../ui/Layout.js';
import { lazyPage } from '../ui/lazy-page.js';
import { loadSpecificationArea } from '../workspace/areas.js';
import { loadWorkspace } from './early-loads.js';
import { prefetchWhenIdle } from './prefetch.js';

// While its code arrives: the same frame and words as the workspace shows while its data arrives.
const WorkspacePage = lazyPage(loadWorkspace, 'WorkspacePage', ({ children }) => <Layout wide>{children}</Layout>);

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <PrefetchWorkspace />
        <Routes>
          <Route path="/" element={<Navigate to="/procurements" replace />} />
          <Route
            path="/sign-in"
            element={
              <Layout>
                <SignInPage />
              </Layout>
            }
          />
          <Route
            path="/invitations"
            element={
              <Layout>
                <AcceptInvitationPage />
              </Layout>
            }
          />
          <Route
            path="/invitations/:token"
            element={
              <Layout>
                <AcceptInvitationPage />
              </Layout>
            }
          />
          <Route
            path="/procurements"
            element={
              <RequireSignIn>
                <Layout>
                  <ProcurementsPage />
                </Layout>
              </RequireSignIn>
            }
          />
          <Route
            path="/procurements/new"
            element={
              <RequireSignIn>
                <Layout>
                  <NewProcurementPage />
                </Layout>
              </RequireSignIn>
            }
          />
          <Route
            path="/procurements/:procurementId/*"
            element={
              <RequireSignIn>
                <WorkspacePage />
              </RequireSignIn>
            }
          />
          <Route
            path="/for-you"
            element={
              <RequireSignIn>
                <Layout>
                  <ForYouPage />
                </Layout>
              </RequireSignIn>
            }
          />
          <Route
            path="/search"
            element={
              <RequireSignIn>
                <Layout>
                  <SearchPage />
                </Layout>
              </RequireSignIn>
            }
          />
          <Route
            path="/borough/people"
            element={
              <RequireSignIn>
                <Layout>
                  <BoroughPeoplePage />
                </Layout>
              </RequireSignIn>
            }
          />
          <Route
            path="/account/password"
            element={
              <RequireSignIn>
                <Layout>
                  <ChangePasswordPage />
                </Layout>
              </RequireSignIn>
            }
          />
          <Route
            path="*"
            element={
              <Layout>
                <NotFoundPage />
              </Layout>
            }
          />
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}

/** Once someone is signed in, fetches the workspace's code while the browser is idle. */
function PrefetchWorkspace() {
  const signedIn = !!useSession().me;
  useEffect(() => (signedIn ? prefetchWhenIdle([loadWorkspace, loadSpecificationArea]) : undefined), [signedIn]);
  return null;
}

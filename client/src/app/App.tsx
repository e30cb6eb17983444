import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { RequireSignIn, SessionProvider } from '../api/session.js';
import { AcceptInvitationPage } from '../pages/AcceptInvitationPage.js';
import { BoroughPeoplePage } from '../pages/BoroughPeoplePage.js';
import { ChangePasswordPage } from '../pages/ChangePasswordPage.js';
import { ForYouPage } from '../pages/ForYouPage.js';
import { NewProcurementPage } from '../pages/NewProcurementPage.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { ProcurementsPage } from '../pages/ProcurementsPage.js';
import { SignInPage } from '../pages/SignInPage.js';
import { Layout } from '../ui/Layout.js';
import { WorkspacePage } from '../workspace/WorkspacePage.js';

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
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

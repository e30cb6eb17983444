/**
 * The frame of every page: skip link, header with the service name and who is signed
 * in, the main area, and the footer. Moving to another page announces it by moving
 * focus to its heading, as a full page load would.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSession } from '../api/session.js';
import { useUnreadCount } from '../for-you/unread.js';
import { HeaderSearch } from '../search/HeaderSearch.js';

export function Layout({ children, wide }: { children: ReactNode; wide?: boolean }) {
  const { me, signOut } = useSession();
  const unread = useUnreadCount(!!me);
  const navigate = useNavigate();
  const location = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // After client-side navigation, focus the new page's heading (or the main area).
    const heading = document.getElementById('page-heading') ?? document.getElementById('main-content');
    heading?.focus({ preventScroll: false });
  }, [location.pathname]);

  const container = `govuk-width-container${wide ? ' app-width-container--wide' : ''}`;
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header className="app-header" role="banner">
        <div className={`${container} app-header__inner`}>
          <div>
            <Link to="/procurements" className="app-header__service">
              Jointly
            </Link>
            <span className="app-header__tagline">Joint procurement for London boroughs</span>
          </div>
          {me && <HeaderSearch />}
          {me && (
            <nav className="app-header__account" aria-label="Your account">
              <span>
                {me.user.name}, {me.user.borough.name}
              </span>
              <Link to="/procurements">Your procurements</Link>
              <Link to="/for-you" data-testid="for-you-link">
                For you
                {!!unread && (
                  <>
                    {' '}
                    <span className="app-count" aria-hidden="true">
                      {unread}
                    </span>
                    <span className="govuk-visually-hidden"> ({unread} unread)</span>
                  </>
                )}
              </Link>
              {me.isBoroughAdmin && <Link to="/borough/people">People in {me.user.borough.name}</Link>}
              <Link to="/account/password">Change password</Link>
              <button
                type="button"
                className="app-link-button"
                onClick={async () => {
                  await signOut();
                  void navigate('/sign-in?signedOut=1');
                }}
              >
                Sign out
              </button>
            </nav>
          )}
        </div>
      </header>
      <div className={container}>
        <div className="govuk-phase-banner">
          <p className="govuk-phase-banner__content">
            <strong className="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
            <span className="govuk-phase-banner__text">This is a new service. Your feedback helps the boroughs improve it.</span>
          </p>
        </div>
        <main className="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer className="govuk-footer" role="contentinfo">
        <div className={container}>
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <p className="govuk-body-s">
                Jointly is run by the participating London boroughs. Content of each procurement is visible only to the boroughs taking part
                in it.
              </p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

/** Sets the browser tab's title, as GOV.UK pages do: "Page – Jointly". */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Jointly`;
  }, [title]);
}

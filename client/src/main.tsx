// First: form checks that never ask for `eval`, then the page's code and details fetched
// alongside the sign-in check.
import './app/form-checks-without-eval.js';
import './app/start-early-loads.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './styles/main.scss';

// GOV.UK Frontend styles its components for browsers that run its scripts. (Set here,
// not in an inline script: the Content-Security-Policy allows scripts from the app only.)
document.body.classList.add('js-enabled', 'govuk-frontend-supported');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

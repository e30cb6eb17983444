import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { startEarlyLoads } from './app/early-loads.js';
import './styles/main.scss';

// GOV.UK Frontend styles its components for browsers that run its scripts. (Set here,
// not in an inline script: the Content-Security-Policy allows scripts from the app only.)
document.body.classList.add('js-enabled', 'govuk-frontend-supported');

// The page this address opens: its code and details are fetched alongside the sign-in check.
startEarlyLoads(location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

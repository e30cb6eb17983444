/**
 * Imported first of all by main.tsx, so the page's first requests leave as soon as the
 * app's code starts to run, before the rest of it (React's renderer, every page) is
 * evaluated.
 */
import { startEarlyLoads } from './early-loads.js';

startEarlyLoads(location.pathname);

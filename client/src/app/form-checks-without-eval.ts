/**
 * Imported first of all by main.tsx, before any form check is built. The form checks'
 * library compiles each check with `new Function` unless told not to; the page's
 * Content-Security-Policy forbids that, so the browser would report a violation on every
 * page (and the library would fall back anyway).
 */
import { config } from 'zod';

config({ jitless: true });

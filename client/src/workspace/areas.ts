/**
 * The workspace's areas, each loaded when first opened: the specification brings the
 * editor, the history brings comparison and past versions, and none of it is fetched
 * by someone who only reads the decisions.
 */
import { codeLoader, lazyPage } from '../ui/lazy-page.js';

/** The specification's code (the editor and its comments), the area a workspace opens on. */
export const loadSpecificationArea = codeLoader(() => import('./spec/SpecificationPage.js'));

export const SpecificationPage = lazyPage(loadSpecificationArea, 'SpecificationPage');
export const EngagementPage = lazyPage(() => import('./engagement/EngagementPage.js'), 'EngagementPage');
export const DecisionsPage = lazyPage(() => import('./decisions/DecisionsPage.js'), 'DecisionsPage');
export const HistoryPage = lazyPage(() => import('./history/HistoryPage.js'), 'HistoryPage');
export const VersionPage = lazyPage(() => import('./history/VersionPage.js'), 'VersionPage');
export const ComparePage = lazyPage(() => import('./history/ComparePage.js'), 'ComparePage');
export const RecordPage = lazyPage(() => import('./record/RecordPage.js'), 'RecordPage');

/**
 * Downloads of a procurement's documents, for every member (viewers and observers
 * too: exporting changes nothing). Mounted under /api:
 *
 *   GET /procurements/:id/export/specification.docx | .md | .html
 *       ?version=<named id>&borough=<id>&signoffs=include|omit
 *       &comments=include|omit&suggestions=include|omit (Word only: for review)
 *   GET /procurements/:id/export/decisions.docx | decisions.md
 *   GET /procurements/:id/export/engagement.docx | engagement.md
 *   GET /procurements/:id/export/preliminary-engagement.docx | preliminary-engagement.md
 */
import { Hono, type Context } from 'hono';
import { Invalid, NotFound } from '../errors.js';
import { membershipOf, type ScopedEnv } from '../http/procurement-scope.js';
import { requirePermission } from '../procurements/access.js';
import type { Services } from '../services.js';
import { decisionsDocx, engagementDocx, preliminaryEngagementDocx } from './docx-records.js';
import { specificationDocx } from './docx-specification.js';
import { exportFilename } from './format.js';
import { specificationHtml } from './html.js';
import { decisionsMarkdown, engagementMarkdown, preliminaryEngagementMarkdown, specificationMarkdown } from './markdown-documents.js';
import { loadDecisionLog, loadEngagementRecord, loadSpecification, type ExportSources, type SpecificationExport } from './sources.js';

export const contentTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;

type Extension = keyof typeof contentTypes;

interface ExportFile {
  body: string | Buffer;
  filename: string;
  extension: Extension;
}

type Producer = (sources: ExportSources, procurementId: string, query: (name: string) => string | undefined) => Promise<ExportFile>;

const namedVersionPattern = /^[a-z0-9]{10,40}$/;
const boroughPattern = /^[a-z0-9-]{1,64}$/;
/** `signoffs=`, `comments=` and `suggestions=include|omit`: whether internal matter goes in. */
const includeChoices: Record<string, boolean> = { include: true, omit: false };

/**
 * The specification's options from the query, checked before anything is read. Only a
 * Word file carries suggestions, as tracked changes; the other formats read as accepted.
 */
async function specification(
  sources: ExportSources,
  procurementId: string,
  query: (name: string) => string | undefined,
  format: Extension,
): Promise<SpecificationExport> {
  const versionId = query('version') || undefined;
  const boroughId = query('borough') || undefined;
  if (versionId !== undefined && !namedVersionPattern.test(versionId)) throw new NotFound('That named version was not found.');
  if (boroughId !== undefined && !boroughPattern.test(boroughId))
    throw new Invalid('That borough is not taking part in this procurement.', { borough: 'Choose a borough taking part' });
  const signoffs = includeChoice(query, 'signoffs', 'the internal sign-off table');
  const comments = includeChoice(query, 'comments', 'the open comments');
  const suggestions = includeChoice(query, 'suggestions', 'the suggested changes');
  return loadSpecification(sources, procurementId, {
    versionId,
    boroughId,
    signoffs,
    comments,
    suggestions: format === 'docx' && suggestions,
  });
}

/** `name=include|omit` from the query, or undefined when not given. */
function includeChoice(query: (name: string) => string | undefined, name: string, what: string): boolean | undefined {
  const choice = query(name) || undefined;
  if (choice !== undefined && !Object.hasOwn(includeChoices, choice)) {
    throw new Invalid(`Choose whether to include ${what}: ${name}=include or ${name}=omit.`, { [name]: 'Choose include or omit' });
  }
  return choice === undefined ? undefined : includeChoices[choice];
}

/** `JP-2026-014-specification-draft-for-tender-camden.docx`. */
function specificationFilename(input: SpecificationExport, extension: Extension): string {
  const { cover } = input;
  const parts = ['specification', cover.version.kind === 'named' ? cover.version.name : '', cover.variant?.id ?? ''];
  return exportFilename(cover.procurement, parts, extension);
}

const producers: Record<string, Producer> = {
  'specification.docx': async (s, id, q) => {
    const input = await specification(s, id, q, 'docx');
    return { body: await specificationDocx(input), filename: specificationFilename(input, 'docx'), extension: 'docx' };
  },
  'specification.md': async (s, id, q) => {
    const input = await specification(s, id, q, 'md');
    return { body: specificationMarkdown(input), filename: specificationFilename(input, 'md'), extension: 'md' };
  },
  'specification.html': async (s, id, q) => {
    const input = await specification(s, id, q, 'html');
    return { body: specificationHtml(input), filename: specificationFilename(input, 'html'), extension: 'html' };
  },
  'decisions.docx': async (s, id) => {
    const log = await loadDecisionLog(s, id);
    return { body: await decisionsDocx(log), filename: exportFilename(log.procurement, ['decision-log'], 'docx'), extension: 'docx' };
  },
  'decisions.md': async (s, id) => {
    const log = await loadDecisionLog(s, id);
    return { body: decisionsMarkdown(log), filename: exportFilename(log.procurement, ['decision-log'], 'md'), extension: 'md' };
  },
  'engagement.docx': async (s, id) => {
    const record = await loadEngagementRecord(s, id);
    return {
      body: await engagementDocx(record),
      filename: exportFilename(record.procurement, ['engagement-record'], 'docx'),
      extension: 'docx',
    };
  },
  'engagement.md': async (s, id) => {
    const record = await loadEngagementRecord(s, id);
    return { body: engagementMarkdown(record), filename: exportFilename(record.procurement, ['engagement-record'], 'md'), extension: 'md' };
  },
  'preliminary-engagement.docx': async (s, id) => {
    const record = await loadEngagementRecord(s, id);
    return {
      body: await preliminaryEngagementDocx(record),
      filename: exportFilename(record.procurement, ['preliminary-market-engagement'], 'docx'),
      extension: 'docx',
    };
  },
  'preliminary-engagement.md': async (s, id) => {
    const record = await loadEngagementRecord(s, id);
    return {
      body: preliminaryEngagementMarkdown(record),
      filename: exportFilename(record.procurement, ['preliminary-market-engagement'], 'md'),
      extension: 'md',
    };
  },
};

function send(c: Context<ScopedEnv>, file: ExportFile): Response {
  const headers: Record<string, string> = {
    'content-type': contentTypes[file.extension],
    // The printable page opens in a tab to be printed (the workspace links to it that
    // way), still with its filename for "Save as"; the others download. The filename is
    // ASCII letters, digits, hyphens and a dot (see exportFilename).
    'content-disposition': `${file.extension === 'html' ? 'inline' : 'attachment'}; filename="${file.filename}"`,
    'x-content-type-options': 'nosniff',
  };
  // The page is shown from the app's own origin: it may not run or fetch anything.
  if (file.extension === 'html')
    headers['content-security-policy'] =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  const body =
    typeof file.body === 'string'
      ? file.body
      : (new Uint8Array(file.body.buffer, file.body.byteOffset, file.body.byteLength) as Uint8Array<ArrayBuffer>);
  return c.body(body, 200, headers);
}

/** The export routes, mounted at /api/procurements/:id/export; anyone not a member got a 404 from the scope. */
export function exportRoutes(services: Services): Hono<ScopedEnv> {
  const routes = new Hono<ScopedEnv>();

  routes.get('/:file', async (c) => {
    const member = membershipOf(c);
    requirePermission(member, 'export');
    const id = member.procurementId;
    const producer = Object.hasOwn(producers, c.req.param('file')) ? producers[c.req.param('file')] : undefined;
    if (!producer)
      throw new NotFound(
        'There is no such export. Choose the specification, the decision log, the engagement record or the preliminary market engagement summary.',
      );
    return send(c, await producer(services, id, (name) => c.req.query(name)));
  });

  return routes;
}

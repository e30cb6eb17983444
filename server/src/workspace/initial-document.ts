/**
 * The first state of a new procurement's live document, made once on the server when
 * the procurement is created (never by a browser that finds the document empty, which
 * would duplicate it when two browsers do so at once).
 */
import * as Y from 'yjs';
import { startingDecisions } from '../../../shared/decision-templates.js';
import { decisionsOf, layoutVersion, metaOf, newDecision, specificationOf } from '../../../shared/doc-layout.js';
import { heading, paragraph } from '../../../shared/spec-builders.js';

/** Starter content: the specification's sections and the three starting decisions. */
export function buildInitialDocument(fillSpecification?: (fragment: Y.XmlFragment) => void): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    metaOf(doc).set('layoutVersion', layoutVersion);
    const specification = specificationOf(doc);
    if (fillSpecification) fillSpecification(specification);
    else {
      specification.insert(0, [
        heading(2, 'Introduction'),
        paragraph('Describe what the boroughs are buying together, and why.'),
        heading(2, 'Scope'),
        paragraph('What the contract covers, and what it does not.'),
        heading(2, 'Requirements'),
        paragraph('Add requirements with the Requirement button. Each gets a number, such as REQ-001, that never changes.'),
      ]);
    }
    decisionsOf(doc).push(startingDecisions.map((template) => newDecision(template)));
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * What each area of a procurement's workspace receives, and the live events it may
 * listen to. The event hub lives as long as the workspace page, so a subscription made
 * in an effect stays put across renders.
 */
import type * as Y from 'yjs';
import type { ProcurementDetail } from '../../../shared/api.js';
import type { LiveEvent } from '../../../shared/live-messages.js';
import type { LiveDocument } from './live-document.js';

export type LiveEventListener = (event: LiveEvent) => void;

export interface WorkspaceContext {
  procurement: ProcurementDetail;
  /** The document shown: the live one, or a past version. */
  doc: Y.Doc;
  /** The live connection; null when showing a past version. */
  live: LiveDocument | null;
  canEdit: boolean;
  /** Listens to server events (positions recorded, members changed…); returns how to stop. */
  onEvent: (listener: LiveEventListener) => () => void;
}

/** Fans the live connection's events out to whichever areas listen. */
export class LiveEvents {
  private readonly listeners = new Set<LiveEventListener>();

  readonly subscribe = (listener: LiveEventListener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly emit = (event: LiveEvent): void => {
    for (const listener of this.listeners) listener(event);
  };
}

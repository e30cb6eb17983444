/** What requirement blocks need to know about the procurement they belong to. */
import { createContext, useContext } from 'react';
import type { ParticipatingBorough } from '../../../../shared/api.js';

export interface SpecContextValue {
  /** Boroughs a requirement can apply to: the lead and partners (observers do not buy). */
  buyingBoroughs: ParticipatingBorough[];
  canEdit: boolean;
}

export const SpecContext = createContext<SpecContextValue>({ buyingBoroughs: [], canEdit: false });

export function useSpecContext(): SpecContextValue {
  return useContext(SpecContext);
}

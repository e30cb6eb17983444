import { describe, expect, it } from 'vitest';
import { workspaceIn } from './early-loads.js';

describe('the workspace an address opens', () => {
  it('is the procurement named, on its specification when no other area is named', () => {
    expect(workspaceIn('/procurements/p1')).toEqual({ procurementId: 'p1', specification: true });
    expect(workspaceIn('/procurements/p1/')).toEqual({ procurementId: 'p1', specification: true });
    expect(workspaceIn('/procurements/p1/history/compare')).toEqual({ procurementId: 'p1', specification: false });
  });

  it('is none for the other pages, and for an address no workspace has', () => {
    expect(workspaceIn('/procurements')).toBeNull();
    expect(workspaceIn('/procurements/new')).toBeNull();
    expect(workspaceIn('/sign-in')).toBeNull();
    expect(workspaceIn('/procurements/%E0%A4%A')).toBeNull();
  });
});

/** Where a workspace reads its procurement's details: asked early at start-up, and by the page. */
export const procurementDetailsPath = (procurementId: string) => `/api/procurements/${procurementId}`;

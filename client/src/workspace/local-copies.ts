/**
 * Each procurement's document is kept on this device (IndexedDB) so that edits made
 * offline survive a reload and are sent when back online. Copies are kept per person,
 * and removed when that person signs out.
 */
export function localCopyName(userId: string, procurementId: string): string {
  return `jointly:${userId}:${procurementId}`;
}

export async function forgetLocalCopies(userId: string): Promise<void> {
  if (!('indexedDB' in globalThis) || typeof indexedDB.databases !== 'function') return;
  const prefix = `jointly:${userId}:`;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .filter((d) => d.name?.startsWith(prefix))
      .map(
        (d) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(d.name!);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}

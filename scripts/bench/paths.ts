/** Where things are, from this folder. */
import { fileURLToPath } from 'node:url';

export const benchDir = fileURLToPath(new URL('./', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const peersDir = fileURLToPath(new URL('./peers/', import.meta.url));
export const paths = { results: fileURLToPath(new URL('./results/', import.meta.url)) };

/**
 * What the review benchmark runs against: the browser benchmark's server, people and
 * specification (../browser/setup.ts), in two procurements alike in all but review: one
 * as the browser benchmark has it (the peer), and one carrying `reviewLoad`'s threads and
 * suggestions (./seed.ts). Islington takes part in both, as a partner, so that two
 * boroughs other than the lead's can suggest.
 */
import { sqliteOf } from '../../../server/src/server.js';
import { addBenchProcurement, addEditors, addPeople, signIn, startBench, workspaceUrl, type BenchSetup } from '../browser/setup.js';
import { addSuggestions, addThreads, reviewLoad } from './seed.js';
import type { ReviewCounts } from './measure.js';

export type PageKind = 'reviewed' | 'plain';

export interface ReviewSetup {
  bench: BenchSetup;
  /** Each procurement's id, and what its panels list. */
  pages: Record<PageKind, { procurementId: string; url: string; counts: ReviewCounts }>;
  close(): Promise<void>;
}

/** Starts the server with both procurements, the review written into one of them. */
export async function startReviewBench(othersCount: number, { minify = true } = {}): Promise<ReviewSetup> {
  const bench = await startBench(othersCount, { minify });
  try {
    const { server, me, others } = bench;
    const [islington] = await addPeople(server.services.db, [
      { email: 'islington@bench.test', name: 'Person in Islington', boroughId: 'islington' },
    ]);
    addEditors(sqliteOf(server), bench.procurementId, [islington!]);
    const reviewedId = await addBenchProcurement(server.services.db, me.user, 'Review benchmark');
    addEditors(sqliteOf(server), reviewedId, [...others.map((p) => p.user), islington!]);
    const islingtonPerson = { user: islington!, cookie: await signIn(server.url, islington!.email) };

    console.log(`Starting ${reviewLoad.threads} comment threads…`);
    await addThreads(server.url, reviewedId, [me, others[0]!, others[1]!, islingtonPerson]);
    console.log(`Suggesting ${reviewLoad.suggestions} changes…`);
    await addSuggestions(server, reviewedId, [others[0]!, islingtonPerson]);
    return {
      bench,
      pages: {
        reviewed: { procurementId: reviewedId, url: workspaceUrl(server.url, reviewedId), counts: { ...reviewLoad } },
        plain: { procurementId: bench.procurementId, url: bench.workspaceUrl, counts: { threads: 0, suggestions: 0 } },
      },
      close: () => bench.close(),
    };
  } catch (error) {
    await bench.close();
    throw error;
  }
}

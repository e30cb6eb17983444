/** The goals our server is held to, judged on the medians. */
import type { ServerKind } from './protocol.js';
import { ratio, type Goal, type Summary } from './report.js';

const x = (value: number | null) => (value === null ? '?' : `${value.toFixed(2)}×`);

export function evaluateGoals(summary: Summary): Goal[] {
  const num = (server: ServerKind, key: string): number | null => {
    const value = summary.medians[server]?.[key];
    return typeof value === 'number' ? value : null;
  };
  const goals: Goal[] = [];

  const vsHocuspocus = ratio(summary, 'throughput.perSecond', 'hocuspocus');
  const vsRef = ratio(summary, 'throughput.perSecond', 'ref');
  goals.push({
    text: 'throughput ≥ 1.5× Hocuspocus+SQLite and ≥ 1.5× reference',
    met: vsHocuspocus === null || vsRef === null ? null : vsHocuspocus >= 1.5 && vsRef >= 1.5,
    detail: `${x(vsHocuspocus)} Hocuspocus, ${x(vsRef)} reference`,
  });

  const p99 = num('ours', 'fanout.p99');
  const peers = (['ref', 'hocuspocus'] as const)
    .map((server) => ({ server, value: num(server, 'fanout.p99') }))
    .filter((p): p is { server: 'ref' | 'hocuspocus'; value: number } => p.value !== null)
    .sort((a, b) => a.value - b.value);
  const best = peers[0];
  goals.push({
    text: 'fan-out p99 ≤ 1.2× the better peer',
    met: p99 === null || !best ? null : p99 <= 1.2 * best.value,
    detail:
      p99 === null || !best
        ? 'not measured'
        : `ours ${p99.toFixed(1)} ms, better peer (${best.server}) ${best.value.toFixed(1)} ms = ${x(p99 / best.value)}`,
  });

  // Our part of the tail: what is left of our p99 once the disk's own flush is paid.
  const refP99 = num('ref', 'fanout.p99');
  const flushP99 = num('ours', 'disk.flushP99');
  const allowance = refP99 === null || flushP99 === null ? null : 1.2 * refP99 + flushP99;
  goals.push({
    text: 'fan-out p99 ≤ 1.2× the reference server’s p99 + the disk’s flush p99',
    met: p99 === null || allowance === null ? null : p99 <= allowance,
    detail:
      p99 === null || allowance === null
        ? 'not measured'
        : `ours ${p99.toFixed(1)} ms, allowed ${allowance.toFixed(1)} ms (1.2 × ${refP99!.toFixed(1)} + ${flushP99!.toFixed(2)}); ` +
          `in our server p99 ${num('ours', 'server.inServerP99')?.toFixed(2) ?? '?'} ms, of which commit p99 ${num('ours', 'server.commitP99')?.toFixed(2) ?? '?'} ms`,
  });

  const lost = num('ours', 'fanout.lost');
  goals.push({ text: 'fan-out: no lost updates', met: lost === null ? null : lost === 0, detail: `${lost ?? '?'} lost` });

  const cold = num('ours', 'coldload.ms');
  const coldPeer = num('hocuspocus', 'coldload.ms');
  goals.push({
    text: 'cold load ≤ 1.0× Hocuspocus+SQLite and ≤ 50 ms',
    met: cold === null || coldPeer === null ? null : cold <= coldPeer && cold <= 50,
    detail: cold === null ? 'not measured' : `ours ${cold.toFixed(1)} ms, Hocuspocus ${coldPeer?.toFixed(1) ?? '?'} ms`,
  });

  const rss = ratio(summary, 'rooms.rssPerRoomKb', 'ref');
  goals.push({
    text: 'RSS per open room ≤ 1.0× reference',
    met: rss === null ? null : rss <= 1.0,
    detail: `ours ${num('ours', 'rooms.rssPerRoomKb')?.toFixed(1) ?? '?'} KB, reference ${num('ref', 'rooms.rssPerRoomKb')?.toFixed(1) ?? '?'} KB = ${x(rss)}`,
  });

  const after = num('ours', 'rooms.inMemoryAfter');
  const rssAfter = num('ours', 'rooms.rssAfterPerRoomKb');
  goals.push({
    text: 'a room nobody has open holds no memory after the grace period',
    met: after === null ? null : after === 0,
    detail: `${after ?? '?'} rooms still in memory; RSS ${rssAfter?.toFixed(1) ?? '?'} KB/room above the fresh process`,
  });

  const churn = ['churn.divergent', 'churn.missing', 'churn.duplicated'].map((key) => num('ours', key));
  goals.push({
    text: 'churn: 0 divergent, 0 missing, 0 duplicated',
    met: churn.some((v) => v === null) ? null : churn.every((v) => v === 0),
    detail: `${churn.map((v) => v ?? '?').join(' / ')}`,
  });
  return goals;
}

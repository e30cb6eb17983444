/** Command-line options and the workload sizes they select. */
import { workloadNames, type ServerKind, type Sizes, type WorkloadName } from './protocol.js';

export interface Options {
  runs: number;
  quick: boolean;
  workloads: WorkloadName[];
  servers: ServerKind[];
  sizes: Sizes;
}

const fullSizes: Sizes = {
  fanout: { clients: 20, writers: 5, perSecond: 10, seconds: 20 },
  presence: { clients: 20, typists: 5, perSecond: 8, seconds: 15 },
  throughput: { updates: 20_000 },
  coldLoad: { updates: 50_000, restarts: 3 },
  manyRooms: { rooms: 500, bytesPerRoom: 20_000 },
  churn: { clients: 10, seconds: 30 },
  limit: { updates: 20_000 },
  servers: { documents: 40, updatesPerDocument: 500 },
};

const quickSizes: Sizes = {
  fanout: { clients: 20, writers: 5, perSecond: 10, seconds: 4 },
  presence: { clients: 20, typists: 5, perSecond: 8, seconds: 4 },
  throughput: { updates: 5_000 },
  coldLoad: { updates: 10_000, restarts: 2 },
  manyRooms: { rooms: 100, bytesPerRoom: 20_000 },
  churn: { clients: 10, seconds: 6 },
  limit: { updates: 5_000 },
  servers: { documents: 10, updatesPerDocument: 200 },
};

const allServers: ServerKind[] = ['ours', 'ref', 'hocuspocus'];

export const usage = `npm run bench -- [--quick] [--runs N] [--only WORKLOAD[,WORKLOAD…]] [--servers ours,ref,hocuspocus]
workloads: ${workloadNames.join(', ')}`;

export function parseOptions(argv: readonly string[]): Options {
  let runs = 1;
  let quick = false;
  let workloads: WorkloadName[] = [...workloadNames];
  let servers = allServers;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${usage}`);
      return next;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--runs') {
      runs = Number(value());
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number ≥ 1\n${usage}`);
    } else if (arg === '--only') workloads = pickList(value(), workloadNames, 'workload');
    else if (arg === '--servers') servers = pickList(value(), allServers, 'server');
    else if (arg === '--help' || arg === '-h') throw new Error(usage);
    else throw new Error(`unknown option ${arg}\n${usage}`);
  }
  return { runs, quick, workloads, servers, sizes: quick ? quickSizes : fullSizes };
}

function pickList<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const picked = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of picked) {
    if (!allowed.includes(item as T)) throw new Error(`unknown ${what} "${item}"; one of ${allowed.join(', ')}\n${usage}`);
  }
  return picked as T[];
}

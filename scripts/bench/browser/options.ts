/** The browser benchmarks' command-line options: runs, keystrokes per measure, opens per run, profiling. */
import { parseArgs } from 'node:util';

export interface BrowserBenchOptions {
  runs: number;
  keystrokes: number;
  opens: number;
  /** Build the client unminified and write CPU profiles of the typing (where a benchmark offers it). */
  profile: boolean;
}

/**
 * Reads `--runs N`, `--keystrokes N`, `--opens N`, `--quick` (one short run) and, where
 * `profiling` allows it, `--profile` from the command line, with these defaults; a value
 * that is not a whole number ≥ 1, or a flag not offered, throws with `usage`.
 */
export function readBrowserOptions(
  usage: string,
  defaults: Omit<BrowserBenchOptions, 'profile'>,
  { profiling = false } = {},
): BrowserBenchOptions {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: String(defaults.runs) },
      keystrokes: { type: 'string', default: String(defaults.keystrokes) },
      opens: { type: 'string', default: String(defaults.opens) },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  if (values.profile && !profiling) throw new Error(`--profile is not offered here\n${usage}`);
  const whole = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number ≥ 1\n${usage}`);
    return n;
  };
  const { profile } = values;
  if (values.quick) return { runs: 1, keystrokes: 100, opens: 1, profile };
  return {
    runs: whole('runs', values.runs),
    keystrokes: whole('keystrokes', values.keystrokes),
    opens: whole('opens', values.opens),
    profile,
  };
}

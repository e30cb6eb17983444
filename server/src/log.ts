/**
 * One line per event, in logfmt (`time level scope event key=value …`), so an operations
 * team can grep and ship it. Tests pass their own sink to read what the server said.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger whose lines carry this scope. */
  child(scope: string): Logger;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: { level: LogLevel; sink?: (line: string) => void; scope?: string }): Logger {
  const sink = options.sink ?? ((line: string) => process.stderr.write(line + '\n'));
  const threshold = rank[options.level];
  const make = (scope: string): Logger => {
    const write = (level: LogLevel) => (event: string, fields?: LogFields) => {
      if (rank[level] < threshold) return;
      sink(formatLine(level, scope, event, fields));
    };
    return {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      child: (child) => make(scope ? `${scope}.${child}` : child),
    };
  };
  return make(options.scope ?? '');
}

function formatLine(level: LogLevel, scope: string, event: string, fields?: LogFields): string {
  let line = `${new Date().toISOString()} ${level} ${scope || '-'} ${event}`;
  if (fields) {
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      line += ` ${key}=${formatValue(value)}`;
    }
  }
  return line;
}

function formatValue(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Dates as GOV.UK writes them: "25 November 2026", "25 November 2026 at 3:04pm". */
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

export function formatDate(iso: string | number | Date): string {
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string | number | Date): string {
  return `${formatDate(iso)} at ${timeFormat.format(new Date(iso)).replace(' ', '').toLowerCase()}`;
}

/** "just now", "5 minutes ago", "yesterday", or the date. */
export function formatRelative(iso: string | number | Date, now = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  if (hours < 48) return 'yesterday';
  return formatDate(iso);
}

/** Today as YYYY-MM-DD in London. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}

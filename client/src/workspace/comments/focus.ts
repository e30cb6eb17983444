/**
 * Focus after React has shown the change (the element may be new, or may have moved).
 * React may render after the next frame when the page is busy, so look for a few frames.
 */
export function focusSoon(id: string, framesLeft = 30): void {
  requestAnimationFrame(() => {
    const element = document.getElementById(id);
    if (element) element.focus();
    else if (framesLeft > 0) focusSoon(id, framesLeft - 1);
  });
}

export const threadHeadingId = (threadId: string) => `thread-${threadId}-heading`;

/** A quote short enough to name a control by ("Reply to …"). */
export function shortQuote(quote: string, max = 40): string {
  const text = quote.trim();
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** "Ctrl+Alt+M", or on a Mac "⌘+Option+M": the shortcut for a new comment. */
export const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/**
 * Opens the engagement record or the decisions at the item their address names, as
 * search results link to them: `#entry-…` (an activity), `#decision-…`, `#option-…`.
 * The items arrive over live sync after the page shows, so each is waited for; then it
 * is scrolled into view and focused, once per address.
 */
import { useEffect } from 'react';
import { useLocation } from 'react-router';

/** The id of the element to show for the address's fragment, or null. */
function elementFor(hash: string): string | null {
  const match = /^#(entry|decision|option)-([a-z0-9]{1,40})$/.exec(hash);
  if (!match) return null;
  // An activity's and a decision's heading; an option's title field (in an opened card).
  return match[1] === 'option' ? `${match[2]}-title` : `${match[2]}-heading`;
}

/** Whether the address names one of these options: its decision then opens showing it. */
export function addressNamesOption(optionIds: readonly string[]): boolean {
  return optionIds.some((id) => window.location.hash === `#option-${id}`);
}

/** How long to wait for the item to arrive before giving up (ms). */
const patienceMs = 20_000;

export function usePlaceInAddress(): void {
  const { hash } = useLocation();
  useEffect(() => {
    const id = elementFor(hash);
    if (!id) return;
    const show = () => {
      const element = document.getElementById(id);
      if (!element) return false;
      if (!element.matches('input, textarea, select, button, a[href], [tabindex]')) element.setAttribute('tabindex', '-1');
      element.scrollIntoView({ block: 'center' });
      element.focus({ preventScroll: true });
      return true;
    };
    const observer = new MutationObserver(() => {
      if (show()) stop();
    });
    // After the page's own focus handling (see Layout), if the item is already there.
    const first = setTimeout(() => {
      if (show()) stop();
      else observer.observe(document.body, { childList: true, subtree: true });
    }, 0);
    const giveUp = setTimeout(() => stop(), patienceMs);
    function stop() {
      observer.disconnect();
      clearTimeout(first);
      clearTimeout(giveUp);
    }
    return stop;
  }, [hash]);
}

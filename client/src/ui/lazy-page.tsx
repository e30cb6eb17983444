/**
 * Pages whose code is fetched when first shown, so that signing in and the list of
 * procurements do not wait for the editor, live sync and history (each its own chunk).
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A component from a module loaded on first render. `load` is the same `import()` a
 * prefetch may call earlier: the browser then fetches the chunk once.
 */
export function lazyPage<Props, Name extends string>(
  load: () => Promise<{ [Key in Name]: ComponentType<Props> }>,
  name: Name,
): LazyExoticComponent<ComponentType<Props>> {
  return lazy(async () => ({ default: (await load())[name] }));
}

/**
 * What shows while a page's code arrives: one line of body text in the place the page
 * will take, as the pages' own "Loading…" while their data arrives, so nothing jumps.
 */
export function PageLoading() {
  return (
    <p className="govuk-body" role="status">
      Loading…
    </p>
  );
}

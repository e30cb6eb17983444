/**
 * Pages whose code is fetched when first shown, so that signing in and the list of
 * procurements do not wait for the editor, live sync and history (each its own chunk).
 *
 * Not React's `lazy` and `Suspense`: React holds back content that arrives after a
 * fallback until the fallback has shown for 300 ms, which on opening a workspace (its
 * code, then the specification's) added that wait twice; and a chunk that fails to
 * arrive would take the whole app down with it, where here it says so and offers to try
 * again.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Button } from './govuk-buttons.js';

/** A chunk's `import()`, fetched once however often it is called, which knows when it has arrived. */
export interface CodeLoader<Module> {
  (): Promise<Module>;
  /** The module, once it has arrived. */
  loaded(): Module | undefined;
}

export function codeLoader<Module>(load: () => Promise<Module>): CodeLoader<Module> {
  let pending: Promise<Module> | null = null;
  let module: Module | undefined;
  const loader = () =>
    (pending ??= load().then(
      (arrived) => (module = arrived),
      (error: unknown) => {
        // A failed fetch (offline, say) is tried again by the next call.
        pending = null;
        throw error;
      },
    ));
  return Object.assign(loader, { loaded: () => module });
}

type Frame = ComponentType<{ children: ReactNode }>;

/**
 * The component `name` of the module `load` brings: drawn at once when its code has
 * arrived, otherwise "Loading…" until it does, both inside `frame` when given. A loader
 * that a prefetch also calls is passed as the same `CodeLoader`; a bare `import()` is
 * wrapped in one here.
 */
export function lazyPage<Props extends object, Name extends string>(
  loadModule: CodeLoader<{ [Key in Name]: ComponentType<Props> }> | (() => Promise<{ [Key in Name]: ComponentType<Props> }>),
  name: Name,
  frame?: Frame,
): ComponentType<Props> {
  const load = 'loaded' in loadModule ? loadModule : codeLoader(loadModule);
  const Framed = frame ?? (({ children }: { children: ReactNode }) => <>{children}</>);
  function LazyPage(props: Props) {
    // (A function in state is called by React: each is wrapped in one returning it.)
    const [Page, setPage] = useState<ComponentType<Props> | null>(() => load.loaded()?.[name] ?? null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page || failed) return;
      let shown = true;
      load().then(
        (module) => shown && setPage(() => module[name]),
        () => shown && setFailed(true),
      );
      return () => {
        shown = false;
      };
    }, [Page, failed]);
    if (Page) return <Page {...props} />;
    return <Framed>{failed ? <PageCodeFailed onRetry={() => setFailed(false)} /> : <PageLoading />}</Framed>;
  }
  LazyPage.displayName = `Lazy(${name})`;
  return LazyPage;
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

/** A page's code did not arrive (offline, or the app was updated meanwhile). */
function PageCodeFailed({ onRetry }: { onRetry: () => void }) {
  return (
    <div role="alert">
      <p className="govuk-body">
        This page could not be loaded. Check your connection, then try again. If it still does not load, reload the page.
      </p>
      <Button type="button" variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

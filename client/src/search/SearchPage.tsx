/**
 * The results of a search across everything the person can see: for each, where it is
 * (which procurement, "REQ-014, Scheduling"…), the words around what was found with the
 * words marked, and a link that opens that very place.
 */
import { Link, useSearchParams } from 'react-router';
import { placeAddress, searchLimit, type SearchResponse, type SnippetSegment } from '../../../shared/search.js';
import { api } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { ErrorSummary, PageHeading } from '../ui/govuk.js';
import { useTitle } from '../ui/Layout.js';

export function SearchPage() {
  const [params] = useSearchParams();
  const query = (params.get('q') ?? '').trim();
  useTitle(query ? `Search: ${query}` : 'Search');
  const found = useLoad(
    () => (query ? api.get<SearchResponse>(`/api/search?q=${encodeURIComponent(query)}`) : Promise.resolve(null)),
    [query],
  );
  const results = found.data?.query === query ? found.data.results : null;

  return (
    <>
      <PageHeading>Search</PageHeading>
      {found.error && <ErrorSummary errors={[{ message: found.error.message }]} />}
      <p className="govuk-body" role="status" data-testid="search-summary">
        {!query
          ? 'Enter words in the search box to find them in every procurement you are part of.'
          : results === null
            ? found.error
              ? ''
              : 'Searching…'
            : summary(query, results.length)}
      </p>
      {results && results.length > 0 && (
        <ol className="govuk-list app-search-results" data-testid="search-results">
          {results.map((result, index) => (
            <li key={index} className="app-search-result">
              <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
                <Link className="govuk-link" to={placeAddress(result.procurement.id, result.place)}>
                  {result.where}
                  <span className="govuk-visually-hidden">, in {result.procurement.title}</span>
                </Link>
              </h2>
              <p className="govuk-body-s app-search-result__procurement" aria-hidden="true">
                {result.procurement.title}
              </p>
              <p className="govuk-body govuk-!-margin-bottom-0 app-search-result__snippet">
                <Snippet segments={result.snippet} />
              </p>
            </li>
          ))}
        </ol>
      )}
      {results?.length === 0 && (
        <p className="govuk-body">Check the spelling, or search for fewer or shorter words: “sched” finds “scheduling”.</p>
      )}
    </>
  );
}

function summary(query: string, count: number): string {
  if (count === 0) return `Nothing found for “${query}”.`;
  return `${count === 1 ? '1 result' : `${count} results`} for “${query}”${count >= searchLimit ? `, the best ${searchLimit} shown` : ''}.`;
}

/** The snippet as text, the words found in <mark>: nothing anyone typed becomes markup. */
function Snippet({ segments }: { segments: SnippetSegment[] }) {
  return (
    <>
      {segments.map((segment, index) =>
        segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>,
      )}
    </>
  );
}

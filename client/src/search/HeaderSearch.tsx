/**
 * The search box in the header, on every page of someone signed in: a GOV.UK-style
 * search form (a label for screen readers, a field and a button) that opens the results
 * page. It works as a plain form too, before the app's code has run.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { searchMaxLength } from '../../../shared/search.js';

/** The address of the results for `text`. */
export const searchAddress = (text: string) => (text.trim() ? `/search?q=${encodeURIComponent(text.trim())}` : '/search');

export function HeaderSearch() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [text, setText] = useState(() => params.get('q') ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void navigate(searchAddress(text));
  };

  return (
    <form className="app-header-search" role="search" action="/search" method="get" onSubmit={submit}>
      <label className="govuk-visually-hidden" htmlFor="header-search">
        Search your procurements
      </label>
      <input
        id="header-search"
        className="app-header-search__input"
        type="search"
        name="q"
        autoComplete="off"
        maxLength={searchMaxLength}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="app-header-search__button">
        Search
      </button>
    </form>
  );
}

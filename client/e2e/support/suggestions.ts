/** Finding the specification, its suggested changes and a requirement's words, for browser tests. */
import type { Page } from 'playwright-core';

export const specificationEditor = (page: Page) => page.locator('[data-testid="specification-editor"]');
export const suggestionsPanel = (page: Page) => page.locator('[data-testid="suggestions-panel"]');

/** The card of the suggestion whose text has `words`. */
export const suggestionCard = (page: Page, words: string) =>
  suggestionsPanel(page).locator('[data-testid="suggestion"]', { hasText: words });

/** A requirement's words, without others' cursors and their labels. */
export const requirementWords = (page: Page, label: string) =>
  specificationEditor(page)
    .locator(`[data-requirement-id="${label}"] .app-requirement__text`)
    .evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent ?? '';
    });

/**
 * GOV.UK Design System components as React components: the markup and classes of
 * govuk-frontend, so pages look and behave as council staff expect. Each kind lives
 * in its own module; this one gathers them so pages import from one place.
 */
export { BackLink, Button, ButtonGroup, ButtonLink } from './govuk-buttons.js';
export { Checkbox, Radios } from './govuk-choices.js';
export { Details, InsetText, NotificationBanner, PageHeading, Panel, Tag, type TagColour, WarningText } from './govuk-content.js';
export { ErrorSummary, summaryErrors } from './govuk-errors.js';
export { Select, Textarea, TextInput } from './govuk-inputs.js';
export { SummaryList, TableHead } from './govuk-tables.js';

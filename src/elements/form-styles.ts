// Layout of <gc-registration-form>: one column of labelled fields, logical properties only so the form
// mirrors under dir="rtl". Colours and spacing come from the shared --gc-* tokens (theme.ts).
import { css } from 'lit';

export const formStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    /* Labels and messages start at the start edge even when the page centres its text. */
    text-align: start;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 1.5);
    margin: 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.5);
  }
  .field.checkbox {
    flex-flow: row wrap;
    align-items: flex-start;
    column-gap: var(--_space);
  }
  .checkbox .error {
    flex-basis: 100%;
  }
  label {
    font-weight: 600;
  }
  .checkbox label {
    font-weight: normal;
    flex: 1;
  }
  .required {
    font-weight: normal;
    color: var(--_muted);
    font-size: 0.88em;
  }
  /* Controls and buttons share their size and corners; buttons take wider padding and their own colours below. */
  input,
  select,
  textarea,
  button {
    font: inherit;
    min-block-size: 44px;
    padding-block: calc(var(--_space) * 0.75);
    padding-inline: var(--_space);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  input,
  select,
  textarea {
    box-sizing: border-box;
    inline-size: 100%;
    /* 16 px at least: iOS zooms the page into a smaller field. */
    font-size: max(16px, 1em);
    color: var(--_text);
    background: var(--_surface);
  }
  textarea {
    resize: vertical;
  }
  input[type='checkbox'] {
    inline-size: 1.25em;
    block-size: 1.25em;
    min-block-size: 0;
    margin: 0.1em 0 0;
    accent-color: var(--_primary);
    flex: none;
  }
  ::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  p {
    margin: 0;
  }
  .error {
    color: var(--_error);
    font-size: 0.9em;
  }
  .error::before {
    content: '! ';
    font-weight: 700;
  }
  /* A class, not :empty: the template's whitespace would keep an empty summary from matching :empty. */
  .summary.has-errors,
  .start-error:not(:empty),
  .config-error {
    border: 2px solid var(--_error);
    border-inline-start-width: 6px;
    border-radius: calc(var(--_radius) / 2);
    padding: var(--_space);
    background: var(--_surface);
  }
  .summary ul {
    margin: calc(var(--_space) * 0.5) 0 0;
    padding-inline-start: 1.25em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    justify-content: flex-end;
  }
  button {
    padding-inline: calc(var(--_space) * 2);
    border-color: var(--_primary);
  }
  .submit {
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 600;
  }
  .submit[aria-busy='true'] {
    cursor: progress;
    opacity: 0.85;
  }
  .cancel {
    background: transparent;
    color: var(--_primary);
  }
  @media (forced-colors: active) {
    [aria-invalid='true'] {
      border-style: dashed;
    }
  }
`;

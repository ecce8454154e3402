// Layout of <gc-registration-form>: one column of labelled fields, logical properties only so the form
// mirrors under dir="rtl". Colours and spacing come from the shared --gc-* tokens (theme.ts).
import { css } from 'lit';

export const formStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 1.5);
    margin: 0;
    padding: 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.5);
  }
  .field.checkbox {
    flex-direction: row;
    flex-wrap: wrap;
    align-items: flex-start;
    column-gap: var(--_space);
  }
  .field.checkbox .error {
    flex-basis: 100%;
  }
  label {
    font-weight: 600;
    text-align: start;
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
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding-block: calc(var(--_space) * 0.75);
    padding-inline: var(--_space);
    inline-size: 100%;
    min-block-size: 44px;
    text-align: start;
  }
  textarea {
    resize: vertical;
  }
  input[type='checkbox'] {
    inline-size: 1.25em;
    block-size: 1.25em;
    min-block-size: 0;
    margin-block: 0.1em 0;
    margin-inline: 0;
    accent-color: var(--_primary);
    flex: none;
  }
  input::placeholder,
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  .error {
    margin: 0;
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
    color: var(--_text);
    background: var(--_surface);
  }
  .summary p,
  .start-error p,
  .config-error p {
    margin: 0;
  }
  .summary ul {
    margin-block: calc(var(--_space) * 0.5) 0;
    margin-inline: 0;
    padding-inline-start: 1.25em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    justify-content: flex-end;
  }
  button {
    min-block-size: 44px;
    padding-block: calc(var(--_space) * 0.75);
    padding-inline: calc(var(--_space) * 2);
    border-radius: calc(var(--_radius) / 2);
    border: 1px solid var(--_primary);
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

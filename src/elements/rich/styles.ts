// The look of structured content, themed with the widget's tokens (--gc-*): chips, cards, the carousel,
// pickers and files. One sheet, so every renderer looks part of the same transcript.
import { css } from 'lit';

export const richStyles = css`
  :host {
    display: block;
    margin-block-start: calc(var(--_space) / 2);
    max-width: 100%;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.75);
  }
  button.chip,
  .action {
    border: 1px solid var(--_primary);
    color: var(--_primary);
    background: var(--_surface);
    border-radius: 999px;
    padding: 6px 14px;
    min-height: 36px;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
  }
  button.chip:hover,
  .action:hover {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    overflow: hidden;
    display: flex;
    flex-direction: column;
    width: 240px;
    max-width: 100%;
    flex: none;
  }
  .card img {
    width: 100%;
    aspect-ratio: 3 / 2;
    object-fit: cover;
    display: block;
    background: var(--_border);
  }
  .card .body {
    padding: var(--_space);
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    flex: 1;
  }
  .card h3 {
    font-size: 1em;
    margin: 0;
  }
  .card p {
    margin: 0;
    color: var(--_muted);
    font-size: 0.92em;
  }
  .actions {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    margin-block-start: auto;
    padding-block-start: calc(var(--_space) / 2);
  }
  .actions .action {
    justify-content: center;
    border-radius: calc(var(--_radius) / 1.5);
  }
  .carousel {
    position: relative;
  }
  .track {
    display: flex;
    gap: var(--_space);
    overflow-x: auto;
    scroll-snap-type: x mandatory;
    scroll-behavior: smooth;
    padding-block-end: 4px;
    overscroll-behavior-x: contain;
  }
  .track > .card {
    scroll-snap-align: start;
  }
  .nav {
    display: flex;
    justify-content: space-between;
    align-items: center;
    margin-block-start: calc(var(--_space) / 2);
    font-size: 0.85em;
    color: var(--_muted);
  }
  .nav button {
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    border-radius: 999px;
    min-width: 36px;
    min-height: 36px;
  }
  .nav button:disabled {
    opacity: 0.4;
    cursor: default;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    margin: 0;
    padding: var(--_space);
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
  }
  legend {
    font-weight: 600;
    padding: 0 0.25em;
  }
  .subtitle {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0;
  }
  .section {
    font-size: 0.85em;
    color: var(--_muted);
    margin: calc(var(--_space) / 2) 0 0;
  }
  label.option {
    display: flex;
    gap: 0.5em;
    align-items: flex-start;
    padding: 4px 2px;
  }
  label.option small {
    display: block;
    color: var(--_muted);
  }
  .submit {
    align-self: flex-start;
    background: var(--_primary);
    color: var(--_on-primary);
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) / 1.5);
    padding: 6px 16px;
    min-height: 36px;
  }
  .submit:disabled {
    opacity: 0.5;
    cursor: default;
  }
  /* A fixed height, known before the picture arrives: the transcript does not jump when it loads. */
  .file-image img {
    height: 160px;
    width: auto;
    max-width: 100%;
    object-fit: contain;
    border-radius: var(--_radius);
    display: block;
    border: 1px solid var(--_border);
  }
  a.file {
    display: inline-flex;
    gap: 0.5em;
    align-items: center;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 1.5);
    background: var(--_surface);
    color: var(--_text);
    padding: 8px 12px;
    text-decoration: none;
    max-width: 100%;
    overflow-wrap: anywhere;
  }
  a.file:hover {
    border-color: var(--_primary);
  }
  .fallback {
    font-style: italic;
    color: var(--_muted);
  }
  .done {
    color: var(--_muted);
    font-size: 0.9em;
  }
`;

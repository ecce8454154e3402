// What <gc-webchat> needs before the window loads: the fixed corner the launcher (and later the window)
// sits in, the round launcher button, its unread badge and the message shown when the window cannot load.
// Plain text: the launcher has no Lit.
import { css, launcherThemeCss } from './theme-css.js';

export const launcherCss =
  launcherThemeCss +
  css`
    :host {
      display: contents;
    }
    .root {
      position: fixed;
      inset-block-end: var(--gc-inset-block-end, 20px);
      inset-inline-end: var(--gc-inset-inline-end, 20px);
      z-index: var(--gc-z-index, 2147483000);
      display: flex;
      flex-direction: column;
      align-items: flex-end;
      gap: 12px;
    }
    .launcher {
      position: relative;
      width: 60px;
      height: 60px;
      border-radius: 50%;
      border: 1px solid transparent;
      background: var(--_primary);
      color: var(--_on-primary);
      box-shadow: 0 4px 14px rgb(0 0 0 / 25%);
      display: grid;
      place-items: center;
    }
    .badge {
      position: absolute;
      inset-block-start: -4px;
      inset-inline-end: -4px;
      min-width: 22px;
      height: 22px;
      padding: 0 6px;
      box-sizing: border-box;
      border-radius: 11px;
      background: var(--_error);
      color: #fff;
      font-size: 12px;
      font-weight: 700;
      display: grid;
      place-items: center;
      border: 2px solid var(--_surface);
    }
    .launcher[aria-busy='true'] {
      cursor: progress;
    }
    /* A ring round the button while the window's code downloads, shown only when that takes a moment (a
       fast load does not flash it): an arc turning round it, or a still ring for a visitor who asked for
       less motion. */
    .launcher[aria-busy='true']::after {
      content: '';
      position: absolute;
      inset: -6px;
      border-radius: 50%;
      border: 3px solid;
      border-color: var(--_primary) transparent transparent;
      animation: gc-busy 0s 0.3s backwards, gc-spin 0.9s 0.3s linear infinite;
    }
    @media (prefers-reduced-motion: reduce) {
      .launcher[aria-busy='true']::after {
        border-color: var(--_primary);
        opacity: 0.5;
        animation: gc-busy 0s 0.3s backwards;
      }
    }
    @keyframes gc-busy {
      from {
        opacity: 0;
      }
    }
    @keyframes gc-spin {
      to {
        transform: rotate(1turn);
      }
    }
    .load-error {
      margin: 0;
      max-width: 260px;
      padding: 8px 12px;
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_error);
      border: 2px solid var(--_error);
      box-shadow: 0 4px 14px rgb(0 0 0 / 20%);
    }
  `;

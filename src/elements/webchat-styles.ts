// Layout of the <gc-webchat> window, adopted into the element's shadow root when the window module loads:
// beside the launcher in the end-bottom corner, full screen on phones and short viewports, mirrored for
// right-to-left languages through logical properties, dark when the visitor's system is (unless the page
// themes the widget).
import { css } from 'lit';

export const webchatStyles = [
  css`
    :host {
      --_surface-alt: var(--gc-color-surface-alt, color-mix(in srgb, var(--_surface), var(--_text) 6%));
    }
    /* The built-in dark palette, on the window and the parts inside it; a page's own --gc-* values still win. */
    .dark,
    .dark :is(gc-transcript, gc-composer, gc-registration-form) {
      --_text: var(--gc-color-text, #e6e8ee);
      --_muted: var(--gc-color-muted, #aab1bf);
      --_surface: var(--gc-color-surface, #17191e);
      --_border: var(--gc-color-border, #4a5060);
      --_error: var(--gc-color-error, #ff8a80);
      --_surface-alt: var(--gc-color-surface-alt, #22252c);
      --gc-color-agent-bubble: #2a2e38;
      --gc-color-focus: #8ab4ff;
      color: var(--_text);
      color-scheme: dark;
    }
    .window {
      width: var(--gc-window-width, 370px);
      height: var(--gc-window-height, 560px);
      max-height: calc(100vh - 40px);
      max-width: calc(100vw - 40px);
      background: var(--_surface);
      color: var(--_text);
      border-radius: var(--_radius);
      box-shadow: 0 10px 40px rgb(0 0 0 / 25%);
      /* Invisible here; forced colours (high contrast) draw it, where the shadow is dropped. */
      outline: 1px solid transparent;
      display: flex;
      flex-direction: column;
      overflow: hidden;
      position: relative;
    }
    .window.minimized {
      height: auto;
    }
    .window:focus {
      outline: none;
    }
    /* One line: avatar, name (cut with an ellipsis when long) and presence, then the two buttons. */
    header {
      display: flex;
      align-items: center;
      gap: 4px;
      background: var(--_primary);
      color: var(--_on-primary);
      padding: 6px;
      padding-inline-start: 12px;
    }
    header .avatar {
      width: 32px;
      height: 32px;
      flex: none;
      border-radius: 50%;
      display: grid;
      place-items: center;
      font-size: 13px;
      font-weight: 600;
      /* The header's colours swapped: as readable as the title whatever the theme. */
      background: var(--_on-primary);
      color: var(--_primary);
      margin-inline-end: 6px;
    }
    h2 {
      flex: 1;
      min-width: 0;
      margin: 0;
      font-size: 1.05em;
      font-weight: 600;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .presence {
      font-size: 0.8em;
      font-weight: normal;
      margin-inline-start: 8px;
      opacity: 0.9;
    }
    .presence::before {
      content: '';
      display: inline-block;
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: #3ddc84;
      margin-inline-end: 5px;
      box-shadow: 0 0 0 1.5px currentColor;
    }
    header button {
      flex: none;
      display: grid;
      place-items: center;
      background: transparent;
      color: inherit;
      border: none;
      border-radius: 8px;
      width: 44px;
      height: 44px;
      padding: 0;
    }
    header button:hover {
      background: color-mix(in srgb, currentColor 15%, transparent);
    }
    .body {
      flex: 1;
      display: flex;
      flex-direction: column;
      min-height: 0;
      position: relative;
    }
    gc-registration-form {
      flex: 1;
      overflow-y: auto;
      padding: calc(var(--_space) * 2);
    }
    .welcome {
      margin: 0;
      font-size: 1.05em;
    }
    .privacy {
      margin: 0;
      font-size: 0.8em;
      color: var(--_muted);
    }
    gc-transcript {
      flex: 1;
    }
    .status,
    .banner {
      margin: 0;
      padding: 8px 14px;
      background: var(--_surface-alt);
      color: var(--_muted);
      font-size: 0.9em;
    }
    /* A warning tint of the theme's own surface, so it suits light and dark themes alike. */
    .banner {
      background: color-mix(in srgb, var(--_surface), #f0a800 22%);
      color: var(--_text);
    }
    .ended {
      border-block-start: 1px solid var(--_border);
      padding: 12px 14px;
      display: flex;
      flex-direction: column;
      gap: 10px;
    }
    .ended p {
      margin: 0;
      font-weight: 600;
    }
    .ended .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .ended button {
      flex: 1 1 auto;
    }
    .primary,
    .secondary {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: 6px;
      border-radius: calc(var(--_radius) / 1.5);
      padding: 8px 14px;
      min-height: 44px;
    }
    .primary {
      background: var(--_primary);
      color: var(--_on-primary);
      border: 1px solid transparent;
      font-weight: 600;
    }
    .secondary {
      background: var(--_surface);
      color: var(--_text);
      border: 1px solid var(--_border);
    }
    .confirm {
      position: absolute;
      inset: 0;
      background: var(--_surface);
      color: var(--_text);
      display: flex;
      flex-direction: column;
      justify-content: center;
      align-items: center;
      gap: 16px;
      padding: 20px;
      text-align: center;
    }
    .confirm p {
      margin: 0;
      font-size: 1.1em;
      font-weight: 600;
    }
    .confirm .actions {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      gap: 10px;
    }
    .config-error {
      margin: 14px;
      padding: 12px;
      border: 2px solid var(--_error);
      border-radius: 8px;
      color: var(--_error);
      overflow-wrap: anywhere;
    }
    .config-error ul {
      margin: 6px 0 0;
      padding-inline-start: 20px;
      color: var(--_text);
    }
    /* Phones and short viewports (200 % zoom): the open window fills the screen; minimized, only the launcher
       (with its unread badge) stays, rather than a bar stacked over it. */
    @media (max-width: 480px), (max-height: 500px) {
      .root:has(.window:not(.minimized)) {
        inset: 0;
      }
      .window:not(.minimized) {
        width: 100vw;
        height: 100dvh;
        max-width: none;
        max-height: none;
        border-radius: 0;
      }
      .window.minimized {
        display: none;
      }
    }
    @media (prefers-reduced-motion: no-preference) {
      .window {
        animation: rise 160ms ease-out;
      }
      @keyframes rise {
        /* Movement only: fading would make text briefly fail contrast. */
        from {
          transform: translateY(12px);
        }
      }
    }
  `,
];

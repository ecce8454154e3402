// Layout of the <gc-webchat> window, adopted into the element's shadow root when the window module loads:
// beside the launcher in the end-bottom corner, full screen on phones, mirrored for right-to-left languages
// through logical properties.
import { css } from 'lit';

export const webchatStyles = [
  css`
    :host {
      --_surface-alt: var(--gc-color-surface-alt, color-mix(in srgb, var(--_surface), var(--_text) 6%));
    }
    .window {
      width: var(--gc-window-width, 370px);
      height: var(--gc-window-height, 560px);
      max-height: calc(100vh - 40px);
      max-width: calc(100vw - 40px);
      background: var(--_surface);
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
    header {
      display: flex;
      align-items: center;
      gap: 4px;
      background: var(--_primary);
      color: var(--_on-primary);
      padding: 6px;
      padding-inline-start: 14px;
    }
    h2 {
      flex: 1;
      margin: 0;
      font-size: 1.05em;
      font-weight: 600;
    }
    header button {
      background: transparent;
      color: inherit;
      border: none;
      border-radius: 6px;
      min-width: 44px;
      min-height: 44px;
    }
    header button:hover {
      background: rgb(255 255 255 / 15%);
    }
    header button.text {
      min-width: auto;
      padding: 0 10px;
      border: 1px solid rgb(255 255 255 / 60%);
      min-height: 32px;
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
      padding: var(--_space);
    }
    gc-transcript {
      flex: 1;
    }
    .status,
    .banner {
      margin: 0;
      padding: 6px 14px;
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
      padding: var(--_space) 14px;
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space);
    }
    .ended p {
      margin: 0;
    }
    .primary,
    .secondary {
      border-radius: calc(var(--_radius) / 1.5);
      padding: 8px 14px;
      min-height: 44px;
    }
    .primary {
      background: var(--_primary);
      color: var(--_on-primary);
      border: 1px solid transparent;
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
      display: flex;
      flex-direction: column;
      justify-content: center;
      align-items: center;
      gap: 12px;
      padding: 20px;
      text-align: center;
    }
    .confirm .actions {
      display: flex;
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
    @media (max-width: 480px) {
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

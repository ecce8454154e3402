// Three dots that rise in turn: the agent typing, the visitor waiting for an agent. Still (but visible) for
// visitors who ask for reduced motion.
import { css } from 'lit';

export const dotsStyles = css`
  .dots {
    display: inline-flex;
    gap: 3px;
    align-items: center;
    vertical-align: middle;
  }
  .dots i {
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: currentColor;
    opacity: 0.6;
  }
  @media (prefers-reduced-motion: no-preference) {
    .dots i {
      animation: gc-dot 1.2s infinite ease-in-out;
    }
    .dots i:nth-child(2) {
      animation-delay: 0.15s;
    }
    .dots i:nth-child(3) {
      animation-delay: 0.3s;
    }
    @keyframes gc-dot {
      0%,
      60%,
      100% {
        transform: none;
        opacity: 0.6;
      }
      30% {
        transform: translateY(-4px);
        opacity: 1;
      }
    }
  }
`;

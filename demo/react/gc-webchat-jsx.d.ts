// <gc-webchat> in React 19's JSX: its attributes as props (React 19 sets a custom element's known properties
// and passes the rest as attributes) and its gc-* events as `on<event-name>` props, which React 19 adds as
// event listeners on custom elements.
import type { GcWebchatEventMap } from 'gc-webchat';

type Listener<K extends keyof GcWebchatEventMap> = (event: GcWebchatEventMap[K]) => void;
type EventProps = { [K in keyof GcWebchatEventMap as `on${K}`]?: Listener<K> };

interface GcWebchatProps extends EventProps {
  environment?: string;
  'deployment-key'?: string;
  transport?: string;
  title?: string;
  'time-format'?: '12' | '24';
  open?: boolean;
  ref?: import('react').Ref<HTMLElement>;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'gc-webchat': GcWebchatProps;
    }
  }
}

// Vue template typing for the elements (types only: nothing here exists at run time). Reference it once,
// e.g. `/// <reference types="gc-webchat/vue" />` in env.d.ts, and vue-tsc / Volar check
// `<gc-webchat :target-address="queue" @gc-message-received="onMessage">` against the real elements.
import type { EmitFn, HTMLAttributes } from 'vue';
import type { LitElement } from 'lit';
import type { GcWebchatEventMap, GcRegistrationFormEventMap } from './elements/events.js';
import type { GcWebchat } from './elements/gc-webchat.js';
import type { GcTranscript } from './elements/gc-transcript.js';
import type { GcRegistrationForm } from './elements/gc-registration-form.js';
import type { GcComposer } from './elements/gc-composer.js';

type KebabToCamel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<KebabToCamel<Tail>>}` : S;

/** The element's own settable state: what it adds to LitElement, less its methods. */
type ElementProps<E, Omitted extends keyof E = never> = {
  [K in Exclude<keyof E, keyof LitElement | Omitted> as E[K] extends (...args: never[]) => unknown ? never : K]?: E[K];
};

/** Vue compiles `@gc-message-received` to the listener prop `onGcMessageReceived`. */
type Listeners<Events> = {
  [K in keyof Events & string as `on${Capitalize<KebabToCamel<K>>}`]?: (event: Events[K]) => void;
};

/** The shape Vue's tooling reads for a component: the element itself, plus template-only `$props` and `$emit`. */
export type VueCustomElement<E, Props, Events> = new () => E & {
  /** For template type checking only; not a property of the element. */
  $props: HTMLAttributes & Props & Listeners<Events>;
  /** For template type checking only; not a method of the element. */
  $emit: EmitFn<{ [K in keyof Events]: (event: Events[K]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'gc-webchat': VueCustomElement<GcWebchat, ElementProps<GcWebchat, 'session'>, GcWebchatEventMap>;
    'gc-transcript': VueCustomElement<GcTranscript, ElementProps<GcTranscript, 'boundSession'>, object>;
    'gc-registration-form': VueCustomElement<
      GcRegistrationForm,
      ElementProps<GcRegistrationForm, 'boundSession' | 'schemaFields' | 'values'>,
      GcRegistrationFormEventMap
    >;
    'gc-composer': VueCustomElement<GcComposer, ElementProps<GcComposer>, object>;
  }
}

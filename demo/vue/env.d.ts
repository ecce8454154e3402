/// <reference types="vite/client" />
/// <reference types="gc-webchat/vue" />

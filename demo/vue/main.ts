// A Vue 3 app that embeds the widget like any Vue user would: register the elements once, then use the
// tags in templates (vite.config.mjs tells Vue's compiler that gc-* tags are custom elements).
import { createApp } from 'vue';
import 'gc-webchat/define';
import App from './App.vue';
import '../frameworks.css';

createApp(App).mount('#app');

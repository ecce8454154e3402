// The React app's entry: register the custom elements once, then render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'gc-webchat/define';
import { App } from './App.js';
import '../frameworks.css';

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// A React 19 app that embeds the widget like any React user would: register the elements once (main.tsx),
// then use the tag in JSX. React 19 passes props to custom elements as properties or attributes and adds
// `on<event>` props as event listeners, so no wrapper component is needed.
import { useState } from 'react';
import type { GcWebchatEventMap } from 'gc-webchat';

// Two Messenger deployments of the local Genesys Cloud: each routes to its own queue (Architect's job in a
// real organisation).
const deployments = { support: '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e', manual: '6a1b7c4d-8e9f-4a0b-9c1d-2e3f4a5b6c7d' };

export function App() {
  const [deployment, setDeployment] = useState(deployments.support);
  const [title, setTitle] = useState('Northwind Energy (React)');
  const [timeFormat, setTimeFormat] = useState<'12' | '24'>('24');
  const [open, setOpen] = useState(false);
  const [lastAnswer, setLastAnswer] = useState('');
  const [messagesReceived, setMessagesReceived] = useState(0);
  const [events, setEvents] = useState<string[]>([]);

  const log = (event: Event) => setEvents((list) => [event.type, ...list].slice(0, 8));
  const onMessage = (event: GcWebchatEventMap['gc-message-received']) => {
    log(event);
    for (const message of event.detail.messages) {
      if (message.type !== 'Message' || message.from.type !== 'Agent') continue;
      setMessagesReceived((count) => count + 1);
      setLastAnswer(`${message.from.name}: ${message.text}`);
    }
  };

  return (
    <>
      <header className="site">
        <strong>Northwind Energy</strong>
        <span className="stack">React 19 app</span>
      </header>
      <main>
        <h1>Account settings</h1>
        <p>
          This page is a React app. The chat below is <code>&lt;gc-webchat&gt;</code>, its attributes bound to this app's
          state.
        </p>

        <form className="panel" aria-labelledby="chat-settings" onSubmit={(event) => event.preventDefault()}>
          <h2 id="chat-settings">Chat settings</h2>
          <label>
            Messenger deployment
            <select value={deployment} onChange={(event) => setDeployment(event.target.value)} data-testid="deployment">
              <option value={deployments.support}>Support (answered by the scripted agent)</option>
              <option value={deployments.manual}>Manual (answered from the agent console)</option>
            </select>
          </label>
          <label>
            Window title <input value={title} onChange={(event) => setTitle(event.target.value)} data-testid="title" />
          </label>
          <label>
            Clock
            <select value={timeFormat} onChange={(event) => setTimeFormat(event.target.value as '12' | '24')}>
              <option value="24">24 hours</option>
              <option value="12">12 hours</option>
            </select>
          </label>
          <button type="button" className="host-button" data-testid="toggle" onClick={() => setOpen(!open)}>
            {open ? 'Close the chat' : 'Open the chat'}
          </button>
        </form>

        <section className="panel" aria-labelledby="from-chat">
          <h2 id="from-chat">From the chat</h2>
          <p aria-live="polite" data-testid="last-answer">
            {lastAnswer || 'No answer from an agent yet.'}
          </p>
          <p>
            Agent messages received: <span data-testid="message-count">{messagesReceived}</span>
          </p>
          <h3>Latest events</h3>
          <ol data-testid="events">
            {events.map((name, index) => (
              <li key={index}>{name}</li>
            ))}
          </ol>
        </section>
      </main>

      <gc-webchat
        environment="/"
        deployment-key={deployment}
        title={title}
        time-format={timeFormat}
        open={open}
        ongc-message-received={onMessage}
        // The window also opens and closes from inside (launcher, ✕, Escape): keep the app's state in step.
        ongc-opened={(event) => {
          log(event);
          setOpen(true);
        }}
        ongc-closed={(event) => {
          log(event);
          setOpen(false);
        }}
        ongc-started={log}
        ongc-ended={log}
        ongc-agent-connected={log}
      ></gc-webchat>
    </>
  );
}

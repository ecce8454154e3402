// The host app owns the settings (bound to the widget's attributes with [attr.…]) and reacts to the widget's
// gc-* events with (gc-…) bindings. With strictTemplates, $event is typed from gc-webchat's event map.
import { ChangeDetectionStrategy, Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { GcWebchatEventMap } from 'gc-webchat';

@Component({
  selector: 'app-root',
  // Lets Angular's template compiler accept <gc-webchat> and its attributes, properties and events.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="site">
      <strong>Northwind Energy</strong>
      <span class="stack">Angular app</span>
    </header>
    <main>
      <h1>Account settings</h1>
      <p>This page is an Angular app. The chat below is <code>&lt;gc-webchat&gt;</code>, its attributes bound to this app's state.</p>

      <form class="panel" aria-labelledby="chat-settings" (submit)="$event.preventDefault()">
        <h2 id="chat-settings">Chat settings</h2>
        <label>Messenger deployment
          <select data-testid="deployment" [value]="deployment()" (change)="deployment.set(valueOf($event))">
            <option [value]="deployments.support">Support (answered by the scripted agent)</option>
            <option [value]="deployments.manual">Manual (answered from the agent console)</option>
          </select>
        </label>
        <label>Window title <input data-testid="title" [value]="title()" (input)="title.set(valueOf($event))" /></label>
        <label>Clock
          <select [value]="timeFormat()" (change)="timeFormat.set(valueOf($event))">
            <option value="24">24 hours</option><option value="12">12 hours</option>
          </select>
        </label>
        <button type="button" class="host-button" data-testid="toggle" (click)="open.set(!open())">
          {{ open() ? 'Close the chat' : 'Open the chat' }}
        </button>
      </form>

      <section class="panel" aria-labelledby="from-chat">
        <h2 id="from-chat">From the chat</h2>
        <p aria-live="polite" data-testid="last-answer">{{ lastAnswer() || 'No answer from an agent yet.' }}</p>
        <p>Agent messages received: <span data-testid="message-count">{{ messagesReceived() }}</span></p>
        <h3>Latest events</h3>
        <ol data-testid="events">
          @for (name of events(); track $index) {
            <li>{{ name }}</li>
          }
        </ol>
      </section>
    </main>

    <gc-webchat
      environment="/"
      [attr.deployment-key]="deployment()"
      [attr.title]="title()"
      [attr.time-format]="timeFormat()"
      [attr.open]="open() ? '' : null"
      (gc-message-received)="onMessage($event)"
      (gc-opened)="log($event); open.set(true)"
      (gc-closed)="log($event); open.set(false)"
      (gc-started)="log($event)"
      (gc-ended)="log($event)"
      (gc-agent-connected)="log($event)"
    ></gc-webchat>
  `,
})
export class AppComponent {
  // Two Messenger deployments of the local Genesys Cloud: each routes to its own queue (Architect's job in a
  // real organisation).
  readonly deployments = { support: '1b6c2d9e-3f4a-4b5c-8d7e-6f5a4b3c2d1e', manual: '6a1b7c4d-8e9f-4a0b-9c1d-2e3f4a5b6c7d' };
  readonly deployment = signal(this.deployments.support);
  readonly title = signal('Northwind Energy (Angular)');
  readonly timeFormat = signal('24');
  readonly open = signal(false);
  readonly lastAnswer = signal('');
  readonly messagesReceived = signal(0);
  readonly events = signal<string[]>([]);

  valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  log(event: Event): void {
    this.events.update((names) => [event.type, ...names].slice(0, 8));
  }

  onMessage(event: GcWebchatEventMap['gc-message-received']): void {
    this.log(event);
    for (const message of event.detail.messages) {
      if (message.type !== 'Message' || message.from.type !== 'Agent') continue;
      this.messagesReceived.update((count) => count + 1);
      this.lastAnswer.set(`${message.from.name}: ${message.text}`);
    }
  }
}

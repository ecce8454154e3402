// A Genesys Widgets v2 page swapping Genesys's widgets.min.js for ours: the page's own configuration and
// CXBus code (Genesys's published examples), on a page served from another origin than the widget's files,
// chatting with the local Genesys Cloud. Needs `npm run build` first (it loads dist/).
import { expect } from '@open-wc/testing';
import { createControl } from '../../server/control-client.js';
import { agent, CONTROL, DEPLOYMENT, ORG, SERVER, until } from './helpers.js';
import { configSample, LIFECYCLE_EVENTS, v2Page, type V2Placeholders } from './fixtures/widgets-v2-page.js';

interface Outcome {
  command: string;
  outcome: 'done' | 'fail';
  value: unknown;
}
interface PublishedEvent {
  name: string;
  data: Record<string, unknown> | undefined;
  event: string;
}
interface V2Window extends Window {
  outcomes: Outcome[];
  events: PublishedEvent[];
  samples: Record<string, () => void>;
  oMyPlugin: { command(name: string, options?: unknown): PromiseLike<unknown> & { done(fn: (e: unknown) => void): unknown; fail(fn: (e: unknown) => void): unknown } };
  eval(code: string): unknown;
}

const control = createControl(CONTROL);
/** What each command gave, per transport: printed at the end, the table the migration guide reports. */
const table: string[] = [];
const summary = (value: unknown): string => {
  const text = typeof value === 'function' ? 'a function' : JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/** A Messenger deployment of the local Genesys Cloud on the Manual queue (the test answers as the agent). */
const MESSENGER_DEPLOYMENT = '6a1b7c4d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';

/** The same page on each protocol: only the configuration's transport block differs. */
const UNDERNEATH = [
  {
    name: 'purecloud-v2-sockets',
    config: configSample,
    customNotice: { outcome: 'done' },
    updateUserDataInChat: { outcome: 'fail', value: "This transport doesn't support updating userData during an active chat session." },
    sendFile: { outcome: 'fail', value: "This transport doesn't support file uploads." },
    downloadFile: { outcome: 'fail', value: "This transport doesn't support file downloads." },
  },
  {
    name: 'web-messaging',
    config: (p: V2Placeholders) =>
      configSample(p).replace(/transport: \{[\s\S]*?\n\},\nuserData/, `transport: { type: 'web-messaging', deploymentKey: '${MESSENGER_DEPLOYMENT}', environment: '${p.dataURL}' },\nuserData`),
    customNotice: { outcome: 'fail', value: "This transport doesn't support sendCustomNotice command." },
    updateUserDataInChat: { outcome: 'done' },
    // Files work on Web Messaging: the documented examples name an empty file input and a file id the chat does not have.
    sendFile: { outcome: 'fail', value: 'No file provided.' },
    downloadFile: { outcome: 'fail' },
  },
] as const;

const placeholders = (queue = 'Manual'): V2Placeholders => ({ filesBase: SERVER, dataURL: SERVER, deploymentKey: DEPLOYMENT, orgGuid: ORG, queue });
const frames: HTMLIFrameElement[] = [];

/** Opens the page in a frame of the test's origin; the widget's files come from the server's origin. */
async function openPage(html: string): Promise<V2Window> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 700px';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = html;
  document.body.append(frame);
  frames.push(frame);
  await loaded;
  return frame.contentWindow as V2Window;
}

/** Runs one of the page's command examples and returns how it settled. */
async function sample(page: V2Window, name: string): Promise<Outcome> {
  const before = page.outcomes.length;
  page.samples[name]!();
  return (await until(() => page.outcomes.slice(before).find((o) => o.command === name), `${name} settled`, 10_000))!;
}

const published = (page: V2Window, name: string) => page.events.filter((e) => e.name === name);
const widgetOf = (page: V2Window) => page.document.querySelector('gc-webchat') as HTMLElement & { open: boolean; session?: unknown };
const METADATA_KEYS = [
  'proactive', 'prefilled', 'autoSubmitted', 'coBrowseInitiated', 'filesUploaded', 'numAgents', 'userMessages', 'agentMessages',
  'systemMessages', 'errors', 'form', 'opened', 'started', 'cancelled', 'rejected', 'completed', 'closed', 'agentReached',
  'supervisorReached', 'elapsed', 'waitingForAgent', 'id',
];

describe('Widgets v2 page API (dist/widgets.min.js)', () => {
  before(async () => {
    const probe = await fetch(`${SERVER}/dist/widgets.min.js`, { method: 'HEAD' });
    if (!probe.ok) throw new Error('dist/widgets.min.js is missing: run `npm run build` before the tests.');
  });
  after(() => {
    if (table.length) console.log(['| transport | command | outcome | value |', '| --- | --- | --- | --- |', ...table].join('\n'));
  });
  afterEach(async () => {
    for (const frame of frames.splice(0)) {
      const widget = frame.contentDocument?.querySelector('gc-webchat') as { endChat?: () => Promise<void> } | null;
      await widget?.endChat?.().catch(() => undefined);
      frame.remove();
    }
  });

  it('defines the bus synchronously and serves a command issued before anything loaded', async () => {
    const page = await openPage(v2Page(placeholders()));
    expect(page.origin).to.not.equal(new URL(SERVER).origin);
    expect(page.CXBus).to.equal(page._genesys!.widgets!.bus);
    const early = await until(() => page.outcomes.find((o) => o.command === 'getAgents (before load)'), 'queued command served');
    expect(early).to.deep.include({ outcome: 'done', value: [] });
    // Both plugins announce ready as the page loads, WebChat's with the lifecycle metadata block.
    await until(() => published(page, 'WebChat.ready').length && published(page, 'WebChatService.ready').length, 'ready published');
    expect(Object.keys(published(page, 'WebChat.ready')[0]!.data!)).to.have.members(METADATA_KEYS);
    expect(published(page, 'WebChat.ready')[0]!.event).to.equal('WebChat.ready');
    // The configuration alone made the widget: no tag on the page.
    const widget = widgetOf(page);
    expect(widget.getAttribute('data-url')).to.equal(SERVER);
    expect(widget.getAttribute('target-address')).to.equal('Manual');
    expect(widget.getAttribute('priority')).to.equal('2');
    expect(JSON.parse(widget.getAttribute('user-data')!)).to.include({ customerId: '59606' });
  });

  it('publishes ready on page load without downloading the window', async () => {
    const page = await openPage(v2Page(placeholders(), { earlyCommand: false }));
    await until(() => published(page, 'WebChat.ready').length && published(page, 'WebChatService.ready').length, 'ready published');
    const fetched = page.performance.getEntriesByType('resource').map((e) => e.name);
    expect(fetched.some((url) => url.endsWith('/dist/gc-widgets-compat.js'))).to.equal(true);
    expect(fetched.some((url) => url.includes('webchat-window'))).to.equal(false);
    // A subscriber that comes after ready still hears it.
    const plugin = page.eval('oMyPlugin') as { subscribe(event: string, fn: (e: { data: unknown }) => void): void };
    const late = await new Promise((resolve) => plugin.subscribe('WebChat.ready', (e: { data: unknown }) => resolve(e.data)));
    expect(late).to.have.property('proactive', false);
  });

  for (const underneath of UNDERNEATH) {
    it(`runs every WebChatService example through a whole chat on ${underneath.name}, each settling as Genesys documents`, async () => {
      const page = await openPage(v2Page(placeholders(), { config: underneath.config(placeholders()) }));
      const run = async (name: string): Promise<Outcome> => {
        const outcome = await sample(page, name);
        table.push(`| ${underneath.name} | ${name} | ${outcome.outcome} | ${summary(outcome.value)} |`);
        return outcome;
      };
      expect((await run('verifySession')).value).to.equal('show chat invite');
      expect(await run('sendMessage')).to.deep.include({ outcome: 'fail', value: 'There is no active chat session.' });
      expect(await run('endChat')).to.deep.include({ outcome: 'fail', value: 'There is no active chat session.' });
      expect(await run('sendFilteredMessage')).to.deep.include({ outcome: 'fail', value: 'No active chat session.' });
      expect(await run('updateUserData')).to.deep.include({ outcome: 'done' });

      const before = new Set((await control.chats()).map((c) => c.id));
      const started = await run('startChat');
      expect(started.outcome).to.equal('done');
      const { sessionId } = started.value as { sessionId: string };
      expect(published(page, 'WebChatService.started')[0]!.data).to.include({ sessionId });
      expect(published(page, 'WebChat.submitted')[0]!.data!.form).to.include({ firstname: 'Johnathan', email: 'jon.smith@mail.com' });
      const id = (await control.waitForChat((c) => !before.has(c.id) && c.customer.customFields.customerId === '59606', { timeoutMs: 8000 })).id;
      // The configuration's userData, the example's form and updateUserData reach Genesys Cloud as participant data.
      await until(async () => {
        const fields = (await agent.chat(id)).customer.customFields;
        return fields.addressCity === 'Lindgrenmouth' && fields.firstname === 'Joe';
      }, 'participant data');
      expect(await run('startChat')).to.deep.include({ outcome: 'fail', value: 'There is already an active chat session.' });

      if (underneath.name === 'purecloud-v2-sockets') await until(async () => (await agent.chat(id)).sockets > 0, 'event stream attached');
      await agent.accept(id, 'Robin');
      // Web Messaging tells the guest of an agent when the agent first speaks (Guest Chat v2 when the agent joins).
      await agent.say(id, 'How can I help?');
      const connected = (await until(() => published(page, 'WebChatService.agentConnected')[0], 'agentConnected'))!;
      expect(connected.data).to.have.keys(['message', 'agents', 'numAgentsConnected']);
      expect(connected.data!.numAgentsConnected).to.equal(1);
      expect((connected.data!.agents as { name: string }[])[0]!.name).to.equal('Robin');

      expect(await run('registerPreProcessor')).to.deep.include({ outcome: 'done' });
      expect(typeof page.outcomes.find((o) => o.command === 'registerPreProcessor')!.value).to.equal('function');
      expect(await run('sendMessage')).to.deep.include({ outcome: 'done' });
      const mine = (await until(
        () => published(page, 'WebChatService.messageReceived').find((e) => (e.data!.messages as { text: string }[]).some((m) => m.text.startsWith('hi'))),
        'own message received',
      ))!;
      expect(mine.data).to.have.keys(['originalMessages', 'messages', 'restoring', 'sessionData']);
      expect(mine.data!.sessionData).to.include({ sessionId, transportId: underneath.name });
      expect((mine.data!.messages as { text: string }[])[0]!.text).to.equal('hi some preprocessing text');

      await until(() => published(page, 'WebChatService.messageReceived').some((e) => JSON.stringify(e.data).includes('How can I help?')), 'agent message');
      await agent.type(id);
      await until(() => published(page, 'WebChatService.agentTypingStarted').length, 'agent typing');

      expect(await run('sendTyping')).to.deep.include({ outcome: 'done' });
      await until(() => published(page, 'WebChatService.clientTypingStarted').length, 'client typing');
      expect(await run('sendFilteredMessage')).to.deep.include({ outcome: 'done' });
      const filters = await run('addPrefilter');
      expect(filters.outcome).to.equal('done');
      expect(filters.value).to.be.an('array').with.length(2);
      expect(await run('sendCustomNotice')).to.deep.include(underneath.customNotice);
      expect(await run('updateUserData')).to.deep.include(underneath.updateUserDataInChat);
      for (const name of ['poll', 'startPoll', 'stopPoll']) {
        expect(await run(name)).to.deep.include({ outcome: 'fail', value: "This transport doesn't support polling." });
      }
      expect(await run('resetPollExceptions')).to.deep.include({ outcome: 'fail', value: "This transport doesn't support resetPollExceptions command." });
      expect(await run('restore')).to.deep.include({ outcome: 'fail', value: 'Chat session is already active, ignoring restore command.' });
      expect(JSON.stringify((await run('getTranscript')).value)).to.contain('How can I help?');
      const agents = await run('getAgents');
      expect(agents.value).to.be.an('array').with.length(1);
      expect((agents.value as object[])[0]).to.include({ name: 'Robin', connected: true, supervisor: false });
      expect(Object.keys((await run('getStats')).value as object)).to.include.members(['agents', 'startTime']);
      expect((await run('getSessionData')).value).to.include({ sessionId, transportId: underneath.name });
      expect(['done', 'fail']).to.include((await run('fetchHistory')).outcome);
      expect(await run('sendFile')).to.deep.include(underneath.sendFile);
      expect(await run('downloadFile')).to.deep.include(underneath.downloadFile);
      expect(await run('registerTypingPreviewInput')).to.deep.include({ outcome: 'done' });
      expect((await run('verifySession')).value).to.equal('dont show chat invite');

      expect(await run('endChat')).to.deep.include({ outcome: 'done' });
      await until(() => published(page, 'WebChatService.ended').length, 'ended published');
      const completed = (await until(() => published(page, 'WebChat.completed')[0], 'completed'))!;
      expect(completed.data).to.include({ numAgents: 1 });
      expect(completed.data!.agentReached).to.be.a('number');
      const heard = new Set(page.events.map((e) => e.name));
      table.push(`| ${underneath.name} | events published | | ${[...heard].sort().join(', ')} |`);
    });
  }

  it('publishes the service events a whole chat can meet: rejected and error, disconnected and reconnected, typing timeout, restored, restoreFailed', async () => {
    const current = () => page;
    let page = await openPage(v2Page(placeholders()));
    // A start the service refuses: WebChat.rejected with the metadata block, WebChatService.error with the status.
    await agent.fault({ method: 'POST', path: '/api/v2/webchat/guest/conversations', status: 503, count: 1 });
    expect((await sample(page, 'startChat')).outcome).to.equal('fail');
    const rejected = (await until(() => published(page, 'WebChat.rejected')[0], 'rejected'))!;
    expect(rejected.data!.rejected).to.be.a('number');
    expect(published(page, 'WebChatService.error')[0]!.data).to.include({ status: 503 });
    await agent.clearFaults();

    const started = await sample(page, 'startChat');
    const { sessionId } = started.value as { sessionId: string };
    await until(async () => (await agent.chat(sessionId)).sockets > 0, 'event stream attached');
    await agent.accept(sessionId, 'Robin');
    await until(() => published(page, 'WebChatService.agentConnected').length, 'agent connected');
    await agent.type(sessionId);
    const timeout = (await until(() => published(page, 'WebChatService.agentTypingTimeout')[0], 'typing timeout', 10_000))!;
    expect((timeout.data!.agent as { name: string }).name).to.equal('Robin');

    await agent.dropSockets(sessionId);
    await until(() => published(page, 'WebChatService.disconnected').length, 'disconnected');
    await until(() => published(page, 'WebChatService.reconnected').length, 'reconnected', 15_000);

    // The visitor goes to another page of the site: the chat comes back there.
    frames.splice(frames.indexOf(page.frameElement as HTMLIFrameElement), 1);
    (page.frameElement as HTMLIFrameElement).remove();
    page = await openPage(v2Page(placeholders(), { earlyCommand: false }));
    const restored = (await until(() => published(current(), 'WebChatService.restored')[0], 'restored', 10_000))!;
    expect(restored.data).to.deep.include({ session: { ...restored.data!.session as object, sessionId } });
    expect((await sample(page, 'getSessionData')).value).to.include({ sessionId });

    // Away again while the agent ends it: the next page cannot restore it.
    frames.splice(frames.indexOf(page.frameElement as HTMLIFrameElement), 1);
    (page.frameElement as HTMLIFrameElement).remove();
    await agent.end(sessionId);
    page = await openPage(v2Page(placeholders(), { earlyCommand: false }));
    const failed = (await until(() => published(current(), 'WebChatService.restoreFailed')[0], 'restoreFailed', 10_000))!;
    expect(failed.data).to.have.property('reason');
  });

  it('publishes restoreTimeout when the visitor comes back after the restore timeout', async () => {
    const tag = '<gc-webchat restore-timeout="1"></gc-webchat>';
    const first = await openPage(v2Page(placeholders(), { tag, earlyCommand: false }));
    expect((await sample(first, 'startChat')).outcome).to.equal('done');
    frames.splice(frames.indexOf(first.frameElement as HTMLIFrameElement), 1);
    (first.frameElement as HTMLIFrameElement).remove();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const page = await openPage(v2Page(placeholders(), { tag, earlyCommand: false }));
    await until(() => published(page, 'WebChatService.restoreTimeout').length, 'restoreTimeout', 10_000);
    expect((await sample(page, 'verifySession')).value).to.equal('show chat invite');
  });

  it('answers an unknown command and a failing one through fail()', async () => {
    const page = await openPage(v2Page(placeholders()));
    const settle = (name: string, options?: unknown) =>
      new Promise<Outcome>((resolve) => {
        const deferred = page.oMyPlugin.command(name, options);
        deferred.done((value) => resolve({ command: name, outcome: 'done', value }));
        deferred.fail((value) => resolve({ command: name, outcome: 'fail', value }));
      });
    expect(await settle('WebChatService.doesNotExist')).to.deep.include({ outcome: 'fail', value: "Command not found: 'WebChatService.doesNotExist'." });
    expect(await settle('WebChatService.startChat', { userData: 'not an object' })).to.deep.include({
      outcome: 'fail',
      value: 'malformed data object provided in userData property.',
    });
    // then(): the deferred can be awaited.
    expect(await page.oMyPlugin.command('WebChatService.verifySession')).to.deep.equal({ sessionActive: false });
    const rejected = await Promise.resolve(page.oMyPlugin.command('WebChatService.sendMessage', {})).catch((e) => ({ rejected: e }));
    expect(rejected).to.deep.equal({ rejected: 'No message text provided.' });
  });

  it('opens, minimizes and closes with WebChat commands, publishing the interaction lifecycle', async () => {
    const page = await openPage(v2Page(placeholders()));
    await until(() => published(page, 'WebChat.ready').length, 'ready');
    // Called in the page's own realm, as its scripts would: options are the page's objects.
    const run = (name: string, options?: unknown) => Promise.resolve(page.eval(`oMyPlugin.command(${JSON.stringify(name)}, ${JSON.stringify(options)})`) as PromiseLike<unknown>).then(
      (value) => ({ outcome: 'done', value }),
      (value) => ({ outcome: 'fail', value }),
    );
    expect(await run('WebChat.open', { form: { autoSubmit: true, firstname: 'Ada', lastname: 'Lovelace' }, userData: { cartId: 'C-42' } })).to.include({ outcome: 'done' });
    const widget = widgetOf(page);
    expect(widget.open).to.equal(true);
    expect(await run('WebChat.open')).to.deep.equal({ outcome: 'fail', value: 'Already opened' });
    const startedEvent = await until(() => published(page, 'WebChat.started')[0], 'started');
    expect(startedEvent.data).to.include({ autoSubmitted: true });
    const { sessionId } = published(page, 'WebChatService.started')[0]!.data as { sessionId: string };
    await until(async () => (await agent.chat(sessionId)).customer.customFields.cartId === 'C-42', 'open() userData sent');

    expect(await run('WebChat.minimize')).to.include({ outcome: 'done' });
    await until(() => published(page, 'WebChat.minimized').length, 'minimized');
    expect(await run('WebChat.minimize', { minimized: false })).to.include({ outcome: 'done' });
    await until(() => published(page, 'WebChat.unminimized').length, 'unminimized');

    expect(await run('WebChat.close')).to.include({ outcome: 'done' });
    await until(() => published(page, 'WebChat.closed').length, 'closed');
    expect(await run('WebChat.close')).to.deep.equal({ outcome: 'fail', value: 'Already closed' });
    // No agent joined: the chat counts as cancelled, and the lifecycle went ready → opened → submitted → started → cancelled → closed.
    const steps = page.events.filter((e) => e.name.startsWith('WebChat.') && LIFECYCLE_EVENTS.includes(e.name.slice(8))).map((e) => e.name.slice(8));
    expect(steps).to.deep.equal(['ready', 'opened', 'submitted', 'started', 'cancelled', 'closed']);
    for (const step of steps) expect(Object.keys(published(page, `WebChat.${step}`)[0]!.data!)).to.have.members(METADATA_KEYS);
    expect(await run('WebChat.open', { proactive: true })).to.include({ outcome: 'done' });
    await until(() => published(page, 'WebChat.opened').length === 2, 'opened again');
    expect(published(page, 'WebChat.opened')[1]!.data).to.include({ proactive: true });
  });

  it('keeps the attributes of a tag the page already has, and reads a configuration set before the script', async () => {
    const webchat = configSample(placeholders()).split('window._genesys.widgets.webchat = ')[1]!.replace(/\}\s*$/, ", chatButton: { enabled: false } }");
    const config = `window._genesys = { widgets: { main: { lang: 'fr', theme: 'dark' }, webchat: ${webchat} } };`;
    const html = v2Page(placeholders(), {
      tag: `<gc-webchat target-address="Support" title="Aide"></gc-webchat>`,
      config: '/* configured before the script, below */',
    }).replace('<script src=', `<script>${config}</script>\n<script src=`);
    const page = await openPage(html);
    await until(() => published(page, 'WebChat.ready').length, 'ready');
    const widgets = page.document.querySelectorAll('gc-webchat');
    expect(widgets).to.have.length(1);
    const widget = widgets[0]!;
    expect(widget.getAttribute('target-address')).to.equal('Support');
    expect(widget.getAttribute('data-url')).to.equal(SERVER);
    expect(widget.getAttribute('lang')).to.equal('fr');
    // main.theme 'dark' maps to the widget's colour properties; chatButton.enabled false hides the launcher.
    expect((widget as HTMLElement).style.getPropertyValue('--gc-color-surface')).to.equal('#1f232b');
    expect(widget.hasAttribute('no-launcher')).to.equal(true);
    await until(() => widget.shadowRoot && !widget.shadowRoot.querySelector('.launcher'), 'no launcher');
    expect(page._genesys!.widgets!.bus).to.equal(page.CXBus);
  });

  it('fails queued commands when the chat cannot load, instead of leaving them waiting', async () => {
    const page = await openPage(
      v2Page({ ...placeholders(), filesBase: SERVER }, { config: '/* no configuration: nothing loads until a command asks */' })
        .replace(`${SERVER}/dist/widgets.min.js`, `${SERVER}/dist/widgets.min.js`),
    );
    // The page has no webchat configuration; the early command loaded the chat, which made an unconfigured widget.
    await until(() => page.outcomes.find((o) => o.command === 'getAgents (before load)'), 'served');
    const failed = await Promise.resolve(page.oMyPlugin.command('WebChatService.startChat', {})).catch((e) => e);
    expect(String(failed)).to.match(/deployment|configur/i);
  });
});

describe('a page without the Widgets v2 API', () => {
  it('never downloads the v2 layer', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html lang="en"><body>
      <script type="module" src="${SERVER}/dist/gc-webchat.min.js"></script>
      <gc-webchat transport="purecloud-v2-sockets" data-url="${SERVER}" deployment-key="${DEPLOYMENT}" org-guid="${ORG}" target-address="Manual" storage="none"></gc-webchat>
      </body></html>`;
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const page = frame.contentWindow!;
    const widget = await until(() => page.document.querySelector('gc-webchat')?.shadowRoot?.querySelector('.launcher'), 'launcher');
    expect(widget).to.not.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fetched = page.performance.getEntriesByType('resource').map((e) => e.name);
    expect(fetched.some((url) => url.endsWith('/dist/gc-webchat.min.js'))).to.equal(true);
    expect(fetched.filter((url) => url.includes('/chunks/'))).to.deep.equal([]);
    expect('CXBus' in page).to.equal(false);
    frame.remove();
  });
});

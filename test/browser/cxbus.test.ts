// The bus on its own, as a Widgets v2 page and its plugins use it: commands that wait for the plugin that
// serves them, in order; deferreds settled once; events with their publisher; ready heard late; the global
// kept when a page assigns `window._genesys` after the script.
import { expect } from '@open-wc/testing';
import { createBus, UNKNOWN_COMMAND, type Bus, type Plugin } from '../../src/compat/bus.js';
import { installBus, widgetsConfig } from '../../src/compat/global.js';

/** A plugin the test registers (registerPlugin answers false only for a name already taken). */
const register = (bus: Bus, name: string) => bus.registerPlugin(name) as Plugin;

describe('CXBus', () => {
  it('queues commands for a plugin that registers later, serves them in order, and asks for it once per command', async () => {
    const asked: string[] = [];
    const bus = createBus((plugin) => asked.push(plugin));
    const page = register(bus, 'Page');
    const results: unknown[] = [];
    page.command('Late.echo', { n: 1 }).done((value) => results.push(value));
    page.command('Late.echo', { n: 2 }).done((value) => results.push(value));
    expect(asked).to.deep.equal(['Late', 'Late']);
    const late = register(bus, 'Late');
    late.registerCommand('echo', ({ data, deferred, commander }) => deferred.resolve({ ...(data as object), commander }));
    await new Promise((resolve) => setTimeout(resolve));
    expect(results).to.deep.equal([
      { n: 1, commander: 'Page' },
      { n: 2, commander: 'Page' },
    ]);
    expect(await page.command('Late.missing').then(undefined, (reason) => reason)).to.equal(UNKNOWN_COMMAND('Late.missing'));
    expect(bus.registerPlugin('Late')).to.equal(false);
  });

  it('fails the queued commands of a plugin whose code could not load', async () => {
    const bus = createBus();
    const failed = bus.command('Gone.anything').then(undefined, (reason) => reason);
    bus.failQueued('Gone', 'The chat could not load: offline');
    expect(await failed).to.equal('The chat could not load: offline');
  });

  it('settles a deferred once; done, fail and always run even when added after it settled', async () => {
    const bus = createBus();
    const plugin = register(bus, 'P');
    plugin.registerCommand('twice', ({ deferred }) => {
      deferred.resolve('first');
      deferred.reject('second');
    });
    await new Promise((resolve) => setTimeout(resolve));
    const seen: string[] = [];
    const deferred = plugin.command('P.twice');
    await deferred;
    deferred.done((v) => seen.push(`done ${v}`)).fail((v) => seen.push(`fail ${v}`)).always((v) => seen.push(`always ${v}`));
    expect(seen).to.deep.equal(['done first', 'always first']);
    expect(deferred.state()).to.equal('resolved');
  });

  it('publishes under the plugin name, republishes, unsubscribes, and tells a late subscriber of ready', async () => {
    const bus = createBus();
    const service = register(bus, 'Svc');
    const heard: unknown[] = [];
    const listener = (e: { event: string; data: unknown; publisher: string }) => heard.push([e.event, e.data, e.publisher]);
    bus.subscribe('Svc.changed', listener);
    service.publish('changed', 1);
    service.republish('changed');
    bus.unsubscribe('Svc.changed', listener);
    service.publish('changed', 2);
    expect(heard).to.deep.equal([
      ['Svc.changed', 1, 'Svc'],
      ['Svc.changed', 1, 'Svc'],
    ]);
    service.publish('ready', { up: true });
    const late = await new Promise((resolve) => bus.subscribe('Svc.ready', (e) => resolve(e.data)));
    expect(late).to.deep.equal({ up: true });
    service.data('open', false);
    expect(bus.data('Svc.open')).to.equal(false);
  });

  it('keeps the bus when the page assigns window._genesys or its widgets after the script', () => {
    const before = window._genesys;
    try {
      const bus = installBus();
      expect(window.CXBus).to.equal(bus);
      window._genesys = { widgets: { webchat: { transport: { type: 'web-messaging' } } } };
      expect(widgetsConfig()?.bus).to.equal(bus);
      expect(widgetsConfig()?.webchat).to.deep.equal({ transport: { type: 'web-messaging' } });
      window._genesys.widgets = { main: { lang: 'fr' } };
      expect(widgetsConfig()?.bus).to.equal(bus);
      expect(installBus()).to.equal(bus);
    } finally {
      Object.defineProperty(window, '_genesys', { value: before, configurable: true, writable: true });
      delete window.CXBus;
    }
  });
});

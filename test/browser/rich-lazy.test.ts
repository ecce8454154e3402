// Rich messaging costs a plain text chat nothing: its renderers, the markdown renderer, the content reader
// and the upload code load only when a chat meets them, each on its own. (Its own test file: every file runs
// in a fresh page, so nothing is loaded from an earlier test.)
import { expect } from '@open-wc/testing';
import { until } from './helpers.js';
import { closeRichChats, control, deepAll, findControl, richChat } from './rich-fixtures.js';

const RICH_MODULES = [
  'elements/rich/rich-content',
  'elements/rich/quick-replies',
  'elements/rich/cards',
  'elements/rich/pickers',
  'elements/rich/files',
  'elements/rich/markdown',
  'elements/rich/file-picker',
  'transport/web-messaging/content',
  'transport/web-messaging/uploads',
  'session/uploads',
];

const loaded = () =>
  RICH_MODULES.filter((name) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(`/src/${name}.ts`)));

describe('rich messaging is loaded only when needed', function () {
  this.timeout(20_000);
  afterEach(closeRichChats);

  it('a plain text chat loads none of it; a quick reply loads its renderer alone; a file its own code', async () => {
    // The deployment accepts files: the paper clip is there, but the upload tray and code wait for a file.
    const chat = await richChat();
    await control.sendAsAgent(chat.chat.id, 'Hello, how can I help?');
    await chat.session.sendMessage('My meter is broken');
    await until(() => deepAll(chat.transcript, 'li.customer:not(.pending)').length === 1, 'the visitor’s message');
    expect(loaded()).to.deep.equal([]);

    await control.sendRichAsAgent(chat.chat.id, 'quickreplies');
    await findControl(chat.transcript, 'button', 'Track my order');
    expect(loaded()).to.include.members(['elements/rich/rich-content', 'elements/rich/quick-replies', 'transport/web-messaging/content']);
    expect(loaded()).not.to.include.members(['elements/rich/cards']);
    expect(loaded()).not.to.include('elements/rich/pickers');
    expect(loaded()).not.to.include('elements/rich/markdown');
    expect(loaded()).not.to.include('transport/web-messaging/uploads');

    await chat.session.sendFile({ files: [new File(['hello'], 'note.txt', { type: 'text/plain' })] });
    expect(loaded()).to.include.members(['transport/web-messaging/uploads', 'session/uploads']);
  });
});

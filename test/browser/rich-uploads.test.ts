// Files both ways on Web Messaging, as a visitor meets them: attaching by the button, by dropping and by
// pasting; a picture previewed inline with its name as alt text; a PDF as a download link; a file too big or
// of the wrong type refused with its reason before any upload; an upload that fails, then succeeds on
// retry; agents' files; the seed's sendFile and downloadFile; and Guest Chat v2 keeping the seed's refusal.
import { expect } from '@open-wc/testing';
import { Reasons } from '../../src/session/errors.js';
import { agent, cleanupSessions, newSession, SERVER, startConnectedChat, until } from './helpers.js';
import { chooseFiles, closeRichChats, control, deepAll, file, findControl, guestMessages, nameOf, PNG, richChat, type RichChat } from './rich-fixtures.js';

type Attachment = { id: string; filename: string; mime: string; contentSizeBytes: number };
const sentFiles = async (chatId: string): Promise<Attachment[]> =>
  (await guestMessages(chatId)).flatMap((m) => (m.content ?? []).map((c) => (c as { attachment?: Attachment }).attachment).filter((a): a is Attachment => !!a));

const uploads = (chat: RichChat) => deepAll(chat.composer, 'li[part=upload]');
const pdfBytes = new TextEncoder().encode('%PDF-1.4\n% a bill\n');

describe('rich messaging: files', function () {
  this.timeout(20_000);
  let chat: RichChat;

  beforeEach(async () => {
    chat = await richChat();
    // The agent speaks first: the chat is running and the composer offers the paper clip.
    await control.sendAsAgent(chat.chat.id, 'Send me a photo of the meter, please.');
  });
  afterEach(async () => {
    await control.clearFaults();
    await closeRichChats();
  });

  it('a picture by the attach button: uploaded, sent, previewed inline with its name as alt text; axe-clean', async () => {
    await findControl(chat.composer, 'button', 'Attach a file');
    await expect(chat.composer).to.be.accessible();
    await chooseFiles(chat.composer, [file('meter.png', 'image/png', PNG)]);
    const img = (await until(() => deepAll<HTMLImageElement>(chat.transcript, 'img').find((i) => i.alt === 'Picture: meter.png'), 'the picture in the transcript')) as HTMLImageElement;
    expect(new URL(img.src).origin).to.equal(new URL(SERVER).origin);
    await until(() => img.complete && img.naturalWidth === 1, 'the picture loaded');
    const [sent] = await sentFiles(chat.chat.id);
    expect(sent).to.include({ filename: 'meter.png', mime: 'image/png', contentSizeBytes: PNG.length });
    expect(uploads(chat), 'the tray is empty once sent').to.have.length(0);
    await expect(chat.transcript).to.be.accessible();
  });

  it('a PDF becomes a download link named with its size; dropping files on the composer attaches them', async () => {
    const transfer = new DataTransfer();
    transfer.items.add(file('bill.pdf', 'application/pdf', pdfBytes));
    const box = deepAll(chat.composer, 'textarea')[0]!;
    const over = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true });
    box.dispatchEvent(over);
    expect(over.defaultPrevented, 'the composer takes dropped files').to.equal(true);
    box.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
    const link = await findControl(chat.transcript, 'link', /^Download bill\.pdf ?\(\d+ B\)$/);
    expect(new URL((link as HTMLAnchorElement).href).origin).to.equal(new URL(SERVER).origin);
    expect(link.getAttribute('download')).to.equal('bill.pdf');
    const body = await (await fetch((link as HTMLAnchorElement).href)).text();
    expect(body).to.contain('% a bill');
    await expect(chat.transcript).to.be.accessible();
  });

  it('a pasted picture is attached', async () => {
    const textarea = deepAll<HTMLTextAreaElement>(chat.composer, 'textarea')[0]!;
    const transfer = new DataTransfer();
    transfer.items.add(file('screenshot.png', 'image/png', PNG));
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true, composed: true }));
    await until(() => deepAll<HTMLImageElement>(chat.transcript, 'img').find((i) => i.alt === 'Picture: screenshot.png'), 'the pasted picture');
  });

  it('too big and the wrong type are refused before any upload, each with its reason; Remove clears them', async () => {
    await chooseFiles(chat.composer, [file('huge.png', 'image/png', 11 * 1024 * 1024), file('tools.zip', 'application/zip', 10)]);
    await until(() => uploads(chat).filter((u) => u.dataset.state === 'failed').length === 2, 'both refused');
    const errors = deepAll(chat.composer, '[part=upload-error]').map((e) => e.textContent);
    expect(errors).to.deep.equal(['huge.png was not sent: the file is too large', 'tools.zip was not sent: this type of file is not accepted here']);
    expect(deepAll(chat.composer, 'button').filter((b) => nameOf(b).startsWith('Retry')), 'no retry for a file that cannot be sent').to.have.length(0);
    await until(() => deepAll(chat.composer, '[aria-live]').some((r) => r.textContent?.includes('was not sent')), 'the refusal announced');
    await expect(chat.composer).to.be.accessible();
    expect(await sentFiles(chat.chat.id)).to.have.length(0);
    (await findControl(chat.composer, 'button', 'Remove huge.png')).click();
    (await findControl(chat.composer, 'button', 'Remove tools.zip')).click();
    await until(() => uploads(chat).length === 0, 'the tray cleared');
  });

  it('an upload that fails shows Retry; retrying sends it', async () => {
    await control.fault({ method: 'PUT', path: '/uploads/*', status: 500, count: 1 });
    await chooseFiles(chat.composer, [file('bill.png', 'image/png', PNG)]);
    await until(() => uploads(chat)[0]?.dataset.state === 'failed', 'the upload failed', 10_000);
    expect(deepAll(chat.composer, '[part=upload-error]')[0]!.textContent).to.equal('bill.png was not sent: the upload failed');
    await expect(chat.composer).to.be.accessible();
    (await findControl(chat.composer, 'button', 'Retry bill.png')).click();
    await until(() => deepAll<HTMLImageElement>(chat.transcript, 'img').find((i) => i.alt === 'Picture: bill.png'), 'sent on retry');
    expect((await sentFiles(chat.chat.id)).map((f) => f.filename)).to.deep.equal(['bill.png']);
  });

  it('agents’ files: a PDF as a download link, a picture inline', async () => {
    const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
    await control.sendFileAsAgent(chat.chat.id, { fileName: 'invoice.pdf', mime: 'application/pdf', data: b64(pdfBytes), text: 'Your invoice' });
    await control.sendFileAsAgent(chat.chat.id, { fileName: 'router.png', mime: 'image/png', data: b64(PNG) });
    await findControl(chat.transcript, 'link', /^Download invoice\.pdf/);
    await until(() => deepAll<HTMLImageElement>(chat.transcript, 'img').find((i) => i.alt === 'Picture: router.png'), 'the agent’s picture');
    expect(deepAll(chat.transcript, 'li.agent .bubble').map((b) => b.textContent?.trim())).to.include('Your invoice');
    await expect(chat.transcript).to.be.accessible();
  });

  it('the seed’s sendFile({files}) sends, and downloadFile({fileId}) gives a fresh address for it', async () => {
    await chat.session.sendFile({ files: [file('note.txt', 'text/plain', new TextEncoder().encode('hello'))] });
    const [sent] = await sentFiles(chat.chat.id);
    const { url } = await chat.session.downloadFile({ fileId: sent!.id, fileName: 'note.txt' });
    expect(new URL(url).origin).to.equal(new URL(SERVER).origin);
    expect(await (await fetch(url)).text()).to.equal('hello');
    const refused = await chat.session.sendFile({ files: [file('run.exe', 'application/pdf', 10)] }).catch((e: Error) => e);
    expect((refused as { code?: string }).code).to.equal('upload.type');
  });
});

describe('rich messaging: files on Guest Chat v2', function () {
  this.timeout(20_000);
  afterEach(cleanupSessions);

  it('keeps the seed’s rejection for sendFile and downloadFile', async () => {
    const session = newSession();
    const id = await startConnectedChat(session);
    await agent.say(id, 'Hello');
    const refusal = (call: Promise<unknown>) => call.then(() => 'resolved', (e: Error) => e.message);
    expect(await refusal(session.sendFile({ files: [file('a.png', 'image/png', PNG)] }))).to.equal(Reasons.fileUpload);
    expect(await refusal(session.downloadFile({ fileId: 'x' }))).to.equal(Reasons.fileDownload);
    expect(session.capabilities?.attachments).to.equal(false);
  });
});

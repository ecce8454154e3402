// Rich messaging as a visitor meets it, against the local Genesys Cloud on Web Messaging: each kind of
// structured content an agent or bot sends (quick replies, a card, a carousel, list and date pickers, a kind
// the widget cannot draw), answered by mouse, by keyboard and by the names a screen reader reads; what the
// service receives back; and every state axe-clean.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { deepActive, SERVER, until } from './helpers.js';
import { closeRichChats, control, deepAll, findControl, guestMessages, nameOf, richChat, type RichChat } from './rich-fixtures.js';

const buttonResponse = async (chatId: string) => {
  const messages = await guestMessages(chatId);
  const content = messages.at(-1)?.content?.[0] as { buttonResponse?: { type: string; text: string; payload: string } } | undefined;
  return content?.buttonResponse;
};

describe('rich messaging: structured content from agents and bots', function () {
  this.timeout(20_000);
  let chat: RichChat;

  beforeEach(async () => {
    chat = await richChat();
  });
  afterEach(closeRichChats);

  it('quick replies: chips named in a group, a click sends the choice, and the chips retire', async () => {
    await control.sendRichAsAgent(chat.chat.id, 'quickreplies');
    const track = await findControl(chat.transcript, 'button', 'Track my order');
    const group = deepAll(chat.transcript, '[role=group]').find((g) => g.getAttribute('aria-label') === 'Quick replies');
    expect(group, 'a group named Quick replies').to.exist;
    expect(deepAll(group!, 'button').map(nameOf)).to.deep.equal(['Track my order', 'Change delivery', 'Talk to a person']);
    await expect(chat.transcript).to.be.accessible();

    track.click();
    const answer = await until(() => buttonResponse(chat.chat.id), 'the answer at the agent');
    expect(answer).to.deep.equal({ type: 'QuickReply', text: 'Track my order', payload: 'track' });
    await until(() => !deepAll(chat.transcript, 'button.chip').length, 'the chips retired');
    await until(
      () => deepAll(chat.transcript, 'li.customer:not(.pending) .bubble').some((b) => b.textContent?.trim() === 'Track my order'),
      'the choice in the transcript as the visitor’s message',
    );
    await expect(chat.transcript).to.be.accessible();
  });

  it('quick replies by keyboard: Tab reaches a chip, Enter sends it; chips also retire when the visitor types instead', async () => {
    await control.sendRichAsAgent(chat.chat.id, 'quickreplies');
    const change = await findControl(chat.transcript, 'button', 'Change delivery');
    change.focus();
    expect(deepActive()).to.equal(change);
    await sendKeys({ press: 'Enter' });
    expect(await until(() => buttonResponse(chat.chat.id), 'the answer')).to.include({ payload: 'change' });

    await control.sendRichAsAgent(chat.chat.id, 'quickreplies');
    await findControl(chat.transcript, 'button', 'Track my order');
    await chat.session.sendMessage('Actually, something else');
    await until(() => !deepAll(chat.transcript, 'button.chip').length, 'old chips retired once the visitor wrote');
  });

  it('a card: title, text, picture with alt text, a postback button and a safe link', async () => {
    await control.sendRichAsAgent(chat.chat.id, 'card');
    const choose = await findControl(chat.transcript, 'button', 'Choose Fibre 500');
    const card = deepAll(chat.transcript, '.card[role=article]')[0]!;
    expect(card.querySelector('h3')!.textContent).to.equal('Fibre 500');
    expect(card.querySelector('p')!.textContent).to.contain('500 Mb/s');
    const img = card.querySelector('img')!;
    expect(img.alt).to.equal('Fibre 500');
    expect(new URL(img.src).origin).to.equal(new URL(SERVER).origin);
    const link = control_link(chat, 'Compare plans');
    expect(link.getAttribute('href')).to.equal('https://www.genesys.com/');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.contain('noopener');
    await expect(chat.transcript).to.be.accessible();
    choose.click();
    expect(await until(() => buttonResponse(chat.chat.id), 'the postback')).to.deep.equal({ type: 'Button', text: 'Choose Fibre 500', payload: 'plan-500' });
  });

  it('a carousel by keyboard: arrow keys move between cards, each named by its position; Next and Previous work', async () => {
    await control.sendRichAsAgent(chat.chat.id, 'carousel');
    const region = (await until(() => deepAll(chat.transcript, '[aria-roledescription=carousel]')[0], 'the carousel')) as HTMLElement;
    expect(region.getAttribute('aria-label')).to.equal('Carousel, 3 cards');
    const slides = () => deepAll(region, '[aria-roledescription=slide]');
    expect(slides().map((s) => s.getAttribute('aria-label'))).to.deep.equal(['1 of 3: Fibre 100', '2 of 3: Fibre 500', '3 of 3: Fibre 1000']);
    expect(slides().map((s) => s.tabIndex)).to.deep.equal([0, -1, -1], 'one tab stop for the whole carousel');
    slides()[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await until(() => deepActive() === slides()[1], 'focus on the second card');
    await sendKeys({ press: 'ArrowRight' });
    await until(() => deepActive() === slides()[2], 'focus on the third card');
    expect(slides().map((s) => s.tabIndex)).to.deep.equal([-1, -1, 0]);
    const next = deepAll<HTMLButtonElement>(region, 'button').find((b) => nameOf(b) === 'Next card')!;
    expect(next.disabled, 'no next card after the last').to.equal(true);
    await sendKeys({ press: 'ArrowLeft' });
    await until(() => deepActive() === slides()[1], 'back to the second card');
    const announced = await until(() => deepAll(chat.transcript, '[aria-live]').find((r) => r.textContent?.includes('2 of 3')), 'the position announced');
    expect(announced).to.exist;
    const prev = deepAll<HTMLButtonElement>(region, 'button').find((b) => nameOf(b) === 'Previous card')!;
    prev.click();
    await until(() => slides()[0]!.tabIndex === 0, 'Previous moves to the first card');
    await expect(chat.transcript).to.be.accessible();
    (await findControl(chat.transcript, 'button', 'Choose Fibre 1000')).click();
    expect(await until(() => buttonResponse(chat.chat.id), 'the postback')).to.include({ type: 'Button', payload: 'plan-1000' });
  });

  it('a list picker: options by their labels, Choose sends the item, and the picker shows the choice', async () => {
    await control.sendRichAsAgent(chat.chat.id, 'listpicker');
    const form = (await until(() => deepAll(chat.transcript, 'form[part=list-picker]')[0], 'the list picker')) as HTMLElement;
    expect(form.querySelector('legend')!.textContent).to.equal('Pick a topic');
    const option = [...form.querySelectorAll('label')].find((l) => l.textContent?.includes('Pay a bill'))!;
    await expect(chat.transcript).to.be.accessible();
    option.click();
    (await findControl(chat.transcript, 'button', 'Choose')).click();
    expect(await until(() => buttonResponse(chat.chat.id), 'the choice')).to.deep.equal({ type: 'ListPicker', text: 'Pay a bill', payload: 'bill-pay' });
    await until(() => deepAll(chat.transcript, '[part=picker-done]')[0]?.textContent?.includes('You chose Pay a bill'), 'the choice shown');
  });

  it('a date picker: times as radio buttons, read as dates; the chosen time goes back in ISO 8601', async () => {
    await control.sendRichAsAgent(chat.chat.id, 'datepicker');
    const form = (await until(() => deepAll(chat.transcript, 'form[part=date-picker]')[0], 'the date picker')) as HTMLElement;
    const radios = [...form.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios).to.have.length(4);
    await expect(chat.transcript).to.be.accessible();
    radios[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(radios[1]!.checked, 'arrow keys move between times').to.equal(true);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    const answer = await until(() => buttonResponse(chat.chat.id), 'the time');
    expect(answer!.type).to.equal('DatePicker');
    expect(answer!.payload).to.equal(radios[1]!.value);
    expect(Date.parse(answer!.payload)).to.be.greaterThan(Date.now());
  });

  it('content the widget cannot draw says so instead of an empty bubble', async () => {
    await control.sendRichAsAgent(chat.chat.id, 'unsupported');
    const fallback = (await until(() => deepAll(chat.transcript, '[part=fallback]')[0], 'the fallback')) as HTMLElement;
    expect(fallback.textContent).to.equal("This message can't be shown here.");
    expect(deepAll(chat.transcript, 'li.agent .bubble').filter((b) => !b.textContent?.trim()), 'no empty bubble').to.have.length(0);
    await expect(chat.transcript).to.be.accessible();
  });
});

function control_link(chat: RichChat, name: string): HTMLAnchorElement {
  const link = deepAll<HTMLAnchorElement>(chat.transcript, 'a[href]').find((a) => nameOf(a).startsWith(name));
  if (!link) throw new Error(`no link ${name}`);
  return link;
}

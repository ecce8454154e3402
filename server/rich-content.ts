// Structured content an agent or a bot sends on Web Messaging (Genesys's `WebMessagingContent` items:
// QuickReply, Card, Carousel, ListPicker, DatePicker, Attachment), the demo messages the scripted agent and
// the console send, and the check on content given through the control API. Guest Chat v2 has no structured
// content: a v2 guest reads only the message's text, which is why every demo message has a readable one.
import { isPlainObject } from './http.ts';

export interface RichMessage {
  /** What a channel without structured content shows (and the transcript keeps). */
  text: string;
  content: Record<string, unknown>[];
}

const quickReply = (text: string, payload: string) => ({ contentType: 'QuickReply', quickReply: { text, payload, action: 'Message' } });
const postback = (text: string, payload: string) => ({ type: 'Postback', text, payload });
const link = (text: string, url: string) => ({ type: 'Link', text, url });

function card(title: string, description: string, image: string | undefined, actions: Record<string, unknown>[]) {
  const c: Record<string, unknown> = { title, description, actions };
  if (image) c.image = image;
  return c;
}

/** Picture URLs on this server, so demos and tests need no network (`/demo-images/<name>.png`). */
export const DEMO_IMAGE_PATH = '/demo-images/';

function days(from: Date, n: number, hour: number): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + n, hour));
  return d.toISOString().replace('.000Z', 'Z');
}

/** The demo messages by name: what "/quickreplies", "/card", … ask the scripted agent for. */
export function demoMessage(kind: string, imageBase: string, now = new Date()): RichMessage | undefined {
  switch (kind) {
    case 'quickreplies':
      return {
        text: 'How would you like to continue?',
        content: [quickReply('Track my order', 'track'), quickReply('Change delivery', 'change'), quickReply('Talk to a person', 'agent')],
      };
    case 'card':
      return {
        text: 'Here is the plan I recommend.',
        content: [
          {
            contentType: 'Card',
            card: card('Fibre 500', '500 Mb/s, no contract, free installation.', `${imageBase}plan.png`, [
              postback('Choose Fibre 500', 'plan-500'),
              link('Compare plans', 'https://www.genesys.com/'),
            ]),
          },
        ],
      };
    case 'carousel':
      return {
        text: 'Which plan suits you?',
        content: [
          {
            contentType: 'Carousel',
            carousel: {
              cards: [
                card('Fibre 100', '100 Mb/s for light browsing.', `${imageBase}plan-100.png`, [postback('Choose Fibre 100', 'plan-100')]),
                card('Fibre 500', '500 Mb/s for a busy home.', `${imageBase}plan.png`, [postback('Choose Fibre 500', 'plan-500')]),
                card('Fibre 1000', '1 Gb/s for gamers and creators.', `${imageBase}plan-1000.png`, [
                  postback('Choose Fibre 1000', 'plan-1000'),
                  link('Details', 'https://www.genesys.com/'),
                ]),
              ],
            },
          },
        ],
      };
    case 'listpicker':
      return {
        text: 'Pick a topic.',
        content: [
          {
            contentType: 'ListPicker',
            listPicker: {
              id: 'topics',
              receivedMessage: { title: 'Pick a topic', subtitle: 'We will route you to the right team.', buttonLabel: 'Choose' },
              replyMessage: { title: 'Topic chosen' },
              sections: [
                {
                  title: 'Billing',
                  multipleSelection: false,
                  items: [
                    { id: 'bill-explain', title: 'Explain my bill', subtitle: 'Charges and credits' },
                    { id: 'bill-pay', title: 'Pay a bill' },
                  ],
                },
                { title: 'Technical', multipleSelection: false, items: [{ id: 'tech-slow', title: 'Slow connection' }] },
              ],
            },
          },
        ],
      };
    case 'datepicker':
      return {
        text: 'When should the engineer come?',
        content: [
          {
            contentType: 'DatePicker',
            datePicker: {
              title: 'Book a visit',
              subtitle: 'Each visit takes about an hour.',
              dateMinimum: days(now, 1, 0),
              dateMaximum: days(now, 3, 23),
              availableTimes: [
                { dateTime: days(now, 1, 9), duration: 3600 },
                { dateTime: days(now, 1, 14), duration: 3600 },
                { dateTime: days(now, 2, 10), duration: 3600 },
                { dateTime: days(now, 3, 16), duration: 3600 },
              ],
            },
          },
        ],
      };
    case 'markdown':
      return {
        text:
          'Here is what **you can do** now:\n\n- check your *invoice*\n- call `0800 123 456`\n- read [the help pages](https://www.genesys.com/)\n\n' +
          'Raw markup stays text: <img src=x onerror=alert(1)> and [a bad link](javascript:alert(1)).',
        content: [],
      };
    case 'unsupported':
      // A Form is documented, but this widget does not render forms yet: it must show a readable fallback.
      return { text: '', content: [{ contentType: 'Form', form: { id: 'survey', title: 'Rate us', pages: [] } }] };
    default:
      return undefined;
  }
}

export const DEMO_KINDS = ['quickreplies', 'card', 'carousel', 'listpicker', 'datepicker', 'markdown', 'unsupported'] as const;

/** Text for a message that has only content (a channel without structured content shows this). */
export function contentText(content: unknown[]): string {
  for (const item of content) {
    if (!isPlainObject(item)) continue;
    const button = item.buttonResponse;
    if (isPlainObject(button) && typeof button.text === 'string') return button.text;
    const attachment = item.attachment;
    if (isPlainObject(attachment) && typeof attachment.filename === 'string') return attachment.filename;
  }
  return '';
}

/**
 * Checks structured content given through the control API: a list of objects, each naming its
 * contentType, at most 50 items and 32 KB. Types the guest widget does not know are allowed on purpose
 * (they test its fallback).
 */
export function checkContent(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'content must be an array of content items.';
  if (value.length > 50) return 'content may hold at most 50 items.';
  for (const [i, item] of value.entries()) {
    if (!isPlainObject(item) || typeof item.contentType !== 'string' || item.contentType === '') {
      return `content[${i}] must be an object with a contentType.`;
    }
  }
  if (JSON.stringify(value).length > 32_768) return 'content is larger than 32 KB.';
  return undefined;
}

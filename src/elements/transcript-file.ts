// The visitor's own copy of a chat: the transcript as plain text, saved by the browser as a file. Made here
// from what the visitor saw, so it needs no service call and works after the chat ended.
import type { TranscriptMessage } from '../session/types.js';
import type { Strings } from '../i18n/strings.js';

export function transcriptText(title: string, messages: TranscriptMessage[], strings: Strings, lang: string): string {
  const time = new Intl.DateTimeFormat(lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const lines = messages.map((m) => {
    const who = m.from.type === 'Client' ? strings.you : m.from.name;
    const text =
      m.type === 'ParticipantJoined' ? strings.agentJoined(who) : m.type === 'ParticipantLeft' ? strings.agentLeft(who) : `${who}: ${m.text}`;
    return `[${time.format(m.timestamp)}] ${text}`;
  });
  return `${title}\n\n${lines.join('\n')}\n`;
}

/** Hand the text to the browser as a download named after the chat's first day. */
export function downloadTranscript(text: string, firstMessageAt = Date.now()): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `chat-${new Date(firstMessageAt).toISOString().slice(0, 10)}.txt`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Files in the transcript, the visitor's and the agent's: a picture shows inline (its file name as alt
// text, opening full size in a new tab), any other file is a download link with its name and size. The
// address is always the one the transport gave (on the service's own hosts); one that has expired is
// asked for again once. A file is never rendered as a page: SVG and HTML are links, not pictures.
import { html, nothing } from 'lit';
import type { MessageFile } from '../../transport/contract.js';
import type { RichContext, Renderer } from './context.js';
import { fileSize, richStrings } from './strings.js';

const safe = (url: string | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

function urlOf(file: MessageFile, ctx: RichContext): string | undefined {
  return safe((ctx.state.get(`url:${file.id}`) as string | undefined) ?? file.url);
}

async function refresh(file: MessageFile, ctx: RichContext): Promise<void> {
  const key = `refreshed:${file.id}`;
  if (ctx.state.get(key)) return;
  ctx.state.set(key, true);
  const url = await ctx.refreshFile(file.id).catch(() => undefined);
  if (url) {
    ctx.state.set(`url:${file.id}`, url);
    ctx.update();
  }
}

export const renderFile: Renderer<'file'> = ({ file }, ctx) => {
  const url = urlOf(file, ctx);
  if (!url) {
    // No address yet (history without one): ask for it.
    void refresh(file, ctx);
    return html`<span class="file" part="file">${file.name}</span>`;
  }
  if (file.image) {
    return html`<a class="file-image" part="file-image" href=${url} target="_blank" rel="noopener noreferrer">
      <img src=${url} alt=${richStrings.image(file.name)} @load=${ctx.update} @error=${() => refresh(file, ctx)} />
    </a>`;
  }
  const size = fileSize(file.size);
  // The visible name and size are the link's name, with "Download" before them for screen readers.
  return html`<a class="file" part="file" href=${url} target="_blank" rel="noopener noreferrer" download=${file.name}>
    <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z" /><path d="M14 2v6h6" /></svg><span class="visually-hidden">${richStrings.download} </span><bdi>${file.name}</bdi>
    ${size ? html`<small>(${size})</small>` : nothing}
  </a>`;
};

// List pickers and date pickers: the bot offers options (sections of items, or times), the visitor picks
// and presses Choose; the choice goes back as a button response (item ids, or the time in ISO 8601) with a
// readable text, and the picker then shows what was chosen. Native radio buttons and checkboxes in a
// fieldset, so keyboards and screen readers work as they do everywhere else.
import { html, nothing } from 'lit';
import type { Renderer } from './context.js';
import { richStrings } from './strings.js';

export const renderListPicker: Renderer<'listPicker'> = (content, ctx) => {
  const chosen = ctx.state.get('chosen') as string | undefined;
  if (chosen) return html`<p class="done" part="picker-done">${richStrings.chosen(chosen)}</p>`;
  const multiple = content.sections.some((s) => s.multiple);
  const submit = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const picked = [...form.querySelectorAll<HTMLInputElement>('input:checked')];
    if (!picked.length) return;
    const items = content.sections.flatMap((s) => s.items);
    const titles = picked.map((input) => items.find((i) => i.id === input.value)?.title ?? input.value);
    ctx.state.set('chosen', titles.join(', '));
    ctx.answer({ kind: 'listPicker', text: titles.join(', '), payload: picked.map((input) => input.value).join(',') });
  };
  return html`<form part="list-picker" @submit=${submit} @change=${() => ctx.update()}>
    <fieldset ?disabled=${!ctx.active}>
      <legend dir="auto">${content.title ?? richStrings.listPicker}</legend>
      ${content.subtitle ? html`<p class="subtitle" dir="auto">${content.subtitle}</p>` : nothing}
      ${content.sections.map(
        (section, s) => html`
          ${section.title ? html`<p class="section" id=${`s${s}`} dir="auto">${section.title}</p>` : nothing}
          <div role="group" aria-labelledby=${section.title ? `s${s}` : nothing}>
            ${section.items.map(
              (item) => html`<label class="option" dir="auto">
                <input type=${section.multiple || multiple ? 'checkbox' : 'radio'} name="pick" value=${item.id} />
                <span>${item.title}${item.subtitle ? html`<small>${item.subtitle}</small>` : nothing}</span>
              </label>`,
            )}
          </div>
        `,
      )}
      <button class="submit" part="picker-submit" type="submit">${content.buttonLabel ?? richStrings.choose}</button>
    </fieldset>
  </form>`;
};

export const renderDatePicker: Renderer<'datePicker'> = (content, ctx) => {
  const chosen = ctx.state.get('chosen') as string | undefined;
  if (chosen) return html`<p class="done" part="picker-done">${richStrings.chosen(chosen)}</p>`;
  const lang = document.documentElement.lang || undefined;
  const format = new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' });
  const label = (time: string) => format.format(new Date(time));
  const submit = (event: Event) => {
    event.preventDefault();
    const picked = (event.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>('input:checked');
    if (!picked) return;
    ctx.state.set('chosen', label(picked.value));
    ctx.answer({ kind: 'datePicker', text: label(picked.value), payload: picked.value });
  };
  return html`<form part="date-picker" @submit=${submit}>
    <fieldset ?disabled=${!ctx.active}>
      <legend dir="auto">${content.title ?? richStrings.datePicker}</legend>
      ${content.subtitle ? html`<p class="subtitle" dir="auto">${content.subtitle}</p>` : nothing}
      ${content.slots.map(
        (slot) => html`<label class="option">
          <input type="radio" name="slot" value=${slot.time} />
          <span><time datetime=${slot.time}>${label(slot.time)}</time></span>
        </label>`,
      )}
      <button class="submit" part="picker-submit" type="submit">${richStrings.choose}</button>
    </fieldset>
  </form>`;
};

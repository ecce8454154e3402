// The agent's Interaction Details panel for a chat, derived from participant attributes as Genesys Widgets v2's documentation
// describes it: customer name, address, phone number, email and id, plus up to three labelled custom fields.
import type { Attributes } from './conversations.js';
import { stripContextPrefix } from './transforms.js';

export interface DetailRow {
  label: string;
  value: string;
}

/** Rows in panel order; a row whose attributes are all absent or blank is left out. */
export function interactionDetails(attributes: Attributes): DetailRow[] {
  // The widget sends firstName, the standard form firstname: names match in any case.
  const byName = new Map<string, string>();
  for (const [key, value] of Object.entries(stripContextPrefix(attributes))) {
    if (typeof value === 'string' && value.trim() !== '') byName.set(key.toLowerCase(), value.trim());
  }
  const get = (name: string) => byName.get(name.toLowerCase());
  const join = (parts: Array<string | undefined>, separator: string) => parts.filter(Boolean).join(separator) || undefined;

  const phone = get('phoneNumber');
  const phoneType = get('phoneType');
  const rows: Array<[string, string | undefined]> = [
    ['Customer Name', join([get('firstName'), get('lastName')], ' ')],
    ['Customer Address', join([get('addressStreet'), get('addressCity'), join([get('addressState'), get('addressPostalCode')], ' ')], ', ')],
    ['Customer Phone Number', phone && (phoneType ? `${phone} (${phoneType})` : phone)],
    ['Customer Email', get('email')],
    ['Customer ID', get('customerId')],
  ];
  for (const n of [1, 2, 3]) rows.push([get(`customField${n}Label`) ?? `customField${n}`, get(`customField${n}`)]);
  return rows.filter((row): row is [string, string] => row[1] !== undefined).map(([label, value]) => ({ label, value }));
}

// Custom attributes ride on guest messages and are capped per message: Genesys measures the UTF-8 bytes of
// every key and value (2,048 unless the session reports its own maxCustomDataBytes) and refuses the whole
// message over it (code 4013). Checking first gives the visitor a clear reason before anything is sent.

export const DEFAULT_MAX_ATTRIBUTE_BYTES = 2048;

const encoder = new TextEncoder();

export function attributeBytes(attributes: Record<string, string>): number {
  let total = 0;
  for (const [key, value] of Object.entries(attributes)) total += encoder.encode(key).length + encoder.encode(value).length;
  return total;
}

/** Text bytes: Genesys refuses a guest message over 4,096 (code 4011); counting UTF-8 bytes is the safe reading. */
export function textBytes(text: string): number {
  return encoder.encode(text).length;
}

export const MAX_TEXT_BYTES = 4096;

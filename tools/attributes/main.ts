// gc-attributes as a function: arguments and environment in, text on two streams and an exit code out.
// Everything written passes through a redactor that knows the client secret and the access token.
import { readFileSync } from 'node:fs';
import { PlatformClient } from './client.js';
import { fetchCustomer, writeParticipantAttributes, type CustomerParticipant } from './conversations.js';
import { AttributesToolError, ExitCode, oneLine } from './errors.js';
import { escapeForTerminal, formatAttributes, formatDetails } from './format.js';
import { interactionDetails } from './interaction-details.js';
import { parseCommandLine, USAGE, type Settings } from './options.js';
import { attributesToWrite, flattenAttributes, stripContextPrefix } from './transforms.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

const NAME = 'gc-attributes';
/** Shortest secret or token the output is searched for. */
export const MIN_REDACTED_LENGTH = 8;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function render(customer: CustomerParticipant, settings: Pick<Settings, 'view' | 'format'>): string {
  switch (settings.view) {
    case 'raw':
      return formatAttributes(customer.attributes, settings.format);
    case 'stripped':
      return formatAttributes(stripContextPrefix(customer.attributes), settings.format);
    case 'flat':
      return formatAttributes(flattenAttributes(customer.attributes), settings.format);
    case 'details':
      return formatDetails(interactionDetails(customer.attributes), settings.format);
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  const secrets: string[] = [];
  // Only strings long enough to be a real secret are masked: masking every "e" of a one-letter test secret
  // would garble the output and tell a reader which letter it is.
  const redact = (text: string) =>
    secrets.reduce((out, secret) => (secret.length >= MIN_REDACTED_LENGTH ? out.split(secret).join('***') : out), text);
  const out = (text: string) => io.stdout(redact(text));
  const note = (text: string) => io.stderr(redact(`${NAME}: ${oneLine(escapeForTerminal(text), 2000)}\n`));

  try {
    const parsed = parseCommandLine(argv, io.env, io.cwd);
    if ('help' in parsed) {
      out(USAGE);
      return ExitCode.ok;
    }
    if ('version' in parsed) {
      out(`${version()}\n`);
      return ExitCode.ok;
    }
    const settings = parsed.settings;
    secrets.push(settings.clientSecret, Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64'));

    const client = new PlatformClient({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      endpoints: settings.endpoints,
      maxRetries: settings.maxRetries,
      timeoutMs: settings.timeoutMs,
      log: settings.verbose ? note : undefined,
      onToken: (token) => secrets.push(token),
    });
    if (settings.verbose) note(`API ${settings.endpoints.apiBase}, login ${settings.endpoints.loginBase}, client ${settings.clientId}`);

    let customer = await fetchCustomer(client, settings.conversationId, settings.type);
    if (settings.verbose) note(`customer participant ${customer.participantId} of ${customer.type} conversation ${customer.conversationId}`);

    if (settings.write) {
      const additions = attributesToWrite(customer.attributes, flattenAttributes(customer.attributes));
      const keys = Object.keys(additions).sort();
      if (keys.length === 0) {
        note(`nothing to write: participant ${customer.participantId} already has every flattened attribute`);
      } else {
        await writeParticipantAttributes(client, customer, additions);
        note(`wrote ${keys.length} attribute${keys.length === 1 ? '' : 's'} to participant ${customer.participantId}: ${keys.join(', ')}`);
        // Read back, so what is printed is what the platform now holds.
        customer = await fetchCustomer(client, settings.conversationId, customer.type);
      }
    }
    out(render(customer, settings));
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof AttributesToolError) {
      note(error.kind === 'usage' ? `${error.message} (see ${NAME} --help)` : error.message);
      return error.exitCode;
    }
    note(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.other;
  }
}

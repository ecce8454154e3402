// Shared by the gc-attributes tests: run the built command as a child process (plain node, no tsx), start
// the local Genesys Cloud with a read-only OAuth client too, and start chats carrying the widget's userData.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '../../server/app.ts';
import { createControl } from '../../server/control-client.ts';
import { api, DEPLOYMENT_ID, GUEST, ORG_ID, start, StreamClient } from '../server/helpers.ts';

export const CLI = fileURLToPath(new URL('../../dist/attributes/cli.js', import.meta.url));

export const DEMO = { id: 'demo-client', secret: 'demo-secret' };
export const LIMITED = { id: 'limited-client', secret: 'limited-secret' };
/** Can read conversations but not update them. */
export const READER = { id: 'reader-client', secret: 'reader-secret-5f3a' };

export const VIEW = 'conversation:communication:view';
export const UPDATE = 'conversation:communication:update';

export function startServer(): Promise<RunningServer> {
  return start({
    oauthClients: [
      { id: DEMO.id, secret: DEMO.secret, name: 'Demo integration', permissions: [VIEW, UPDATE] },
      { id: LIMITED.id, secret: LIMITED.secret, name: 'Limited integration', permissions: ['analytics:conversationDetail:view'] },
      { id: READER.id, secret: READER.secret, name: 'Reader', permissions: [VIEW] },
    ],
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// An empty working directory, so a developer's own .env never leaks into a test.
const emptyDir = mkdtempSync(join(tmpdir(), 'gc-attributes-'));

/** Runs `node dist/attributes/cli.js …args` with no GENESYSCLOUD_* variables but those given. */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('GENESYSCLOUD_')) env[key] = value;
  Object.assign(env, options.env);
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, cwd: options.cwd ?? emptyDir, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `--base-url <server> --client-id … --client-secret …` */
export function connect(server: RunningServer, client = DEMO): string[] {
  return ['--base-url', server.url, '--client-id', client.id, '--client-secret', client.secret];
}

/** The widget's userData assembly (src/session/user-data.ts), loaded at run time: it is browser code. */
interface StartRequest {
  displayName: string;
  customFields: Record<string, string>;
}
type BuildStartRequest = (
  options: { firstname?: string; lastname?: string; nickname?: string; email?: string; subject?: string; form?: Record<string, unknown>; userData?: Record<string, unknown> },
  configUserData?: Record<string, unknown>,
) => { displayName: string; attributes: Record<string, string> };
const USER_DATA_MODULE = '../../src/session/user-data.ts';
const { buildStartRequest } = (await import(USER_DATA_MODULE)) as { buildStartRequest: BuildStartRequest };

export interface WidgetChat {
  id: string;
  participantId: string;
  request: StartRequest;
  stream: StreamClient;
}

/**
 * A guest chat created exactly as <gc-webchat> creates one: the create body of the purecloud-v2-sockets
 * transport with the customFields the session builds from the form, the `user-data` attribute and the page
 * context; the event stream attached (so it is routed) and an agent connected.
 */
export async function widgetChat(
  server: RunningServer,
  form: Parameters<BuildStartRequest>[0],
  configUserData: Record<string, unknown>,
): Promise<WidgetChat> {
  // The session calls them attributes; the v2 create body carries them as customFields.
  const built = buildStartRequest(form, configUserData);
  const request: StartRequest = { displayName: built.displayName, customFields: built.attributes };
  const created = await api(server, 'POST', `${GUEST}/conversations`, {
    body: {
      organizationId: ORG_ID,
      deploymentId: DEPLOYMENT_ID,
      routingTarget: { targetType: 'QUEUE', targetAddress: 'Manual' },
      memberInfo: { displayName: request.displayName, role: 'CUSTOMER', customFields: request.customFields },
    },
  });
  if (created.status !== 200) throw new Error(`create failed: ${created.status} ${created.text}`);
  const stream = await StreamClient.open(created.body.eventStreamUri);
  const control = createControl(server.url, { token: server.controlToken });
  const accepted = await control.accept(created.body.id, 'Alex Agent');
  return { id: created.body.id, participantId: accepted.customer.participantId, request, stream };
}

/** A platform token, for reading the conversation back without the tool. */
export async function platformToken(server: RunningServer, client = DEMO): Promise<string> {
  const res = await api(server, 'POST', '/oauth/token', {
    rawBody: 'grant_type=client_credentials',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
    },
  });
  return res.body.access_token;
}

export function customerOf(conversation: { participants: Array<{ purpose: string; attributes: Record<string, string> }> }) {
  const customer = conversation.participants.find((p) => p.purpose === 'customer');
  if (!customer) throw new Error('no customer participant');
  return customer;
}

/** Exactly one line on stderr, prefixed with the command's name. */
export const ONE_LINE_ERROR = /^gc-attributes: [^\n]+\n$/;

// The Web Messaging definition as a page author meets it: the two attributes, the errors for bad values,
// where the chat is kept, and the hosts the transport then talks to (only ones derived from the environment).
import { expect } from '@open-wc/testing';
import { webMessaging } from '../../src/transport/web-messaging/definition.js';
import { FAKE_DEPLOYMENT, FakeSocket, fakeHttp, fakeTransport, type FakeHttp } from './web-messaging-fakes.js';
import { until } from './helpers.js';

const read = (values: Record<string, string | undefined>) => webMessaging.readConfig(values);

describe('web-messaging definition', () => {
  it('reads a deployment id and a region domain, and keeps the chat per site under its own key', () => {
    const { config, errors } = read({ deploymentKey: ` ${FAKE_DEPLOYMENT.toUpperCase()} `, environment: 'mypurecloud.ie' });
    expect(errors).to.deep.equal([]);
    expect(config).to.deep.equal({ deploymentKey: FAKE_DEPLOYMENT, environment: { kind: 'region', domain: 'mypurecloud.ie' } });
    expect(webMessaging.name).to.equal('web-messaging');
    expect(webMessaging.keep).to.equal('site');
    expect(webMessaging.storageKey({ deploymentKey: ` ${FAKE_DEPLOYMENT.toUpperCase()} ` })).to.equal(`gc-webchat:web-messaging:${FAKE_DEPLOYMENT}`);
    expect(webMessaging.storageKey({}), 'no key without a deployment').to.equal(undefined);
    expect(webMessaging.attributes).to.deep.equal(['deploymentKey', 'environment']);
  });

  it('accepts the newer pure.cloud regions and a local server origin', () => {
    expect(read({ deploymentKey: FAKE_DEPLOYMENT, environment: 'usw2.pure.cloud' }).config?.environment).to.deep.equal({ kind: 'region', domain: 'usw2.pure.cloud' });
    expect(read({ deploymentKey: FAKE_DEPLOYMENT, environment: 'http://127.0.0.1:8787/' }).config?.environment).to.deep.equal({
      kind: 'origin',
      origin: 'http://127.0.0.1:8787',
    });
  });

  it('names each bad attribute with what is wrong, all at once', () => {
    const missing = read({});
    expect(missing.config).to.equal(undefined);
    expect(missing.errors.map((e) => [e.attribute, e.code])).to.deep.equal([
      ['deployment-key', 'config.missing'],
      ['environment', 'config.missing'],
    ]);
    const cases: [string, RegExp][] = [
      ['webmessaging.mypurecloud.de', /region domain "mypurecloud.de"/],
      ['https://api.mypurecloud.com', /region domain "mypurecloud.com"/],
      ['mypurecloud.co', /not a Genesys Cloud region domain/],
      ['ftp://files.example', /http\(s\) URL/],
      ['http://127.0.0.1:8787/some/path', /origin only/],
    ];
    for (const [environment, message] of cases) {
      const { errors } = read({ deploymentKey: FAKE_DEPLOYMENT, environment });
      expect(errors, environment).to.have.length(1);
      expect(errors[0].attribute).to.equal('environment');
      expect(errors[0].message).to.match(message);
    }
    const badKey = read({ deploymentKey: 'my-deployment', environment: 'mypurecloud.com' });
    expect(badKey.errors[0]).to.include({ attribute: 'deployment-key' });
    expect(badKey.errors[0].message).to.match(/Messenger deployment id \(a UUID/);
  });
});

describe('web-messaging hosts', () => {
  let http: FakeHttp;
  beforeEach(() => {
    FakeSocket.reset();
    http = fakeHttp();
  });
  afterEach(() => http.restore());

  it('a region domain reads config from api-cdn, opens webmessaging.<domain>/v1 and reads history from api.<domain>', async () => {
    const { transport } = await fakeTransport({}, 'mypurecloud.ie');
    await transport.start({ displayName: 'Ana', attributes: {} });
    expect(http.requests[0].url).to.equal(`https://api-cdn.mypurecloud.ie/webdeployments/v1/deployments/${FAKE_DEPLOYMENT}/config.json`);
    expect(FakeSocket.last.url).to.equal(`wss://webmessaging.mypurecloud.ie/v1?deploymentId=${FAKE_DEPLOYMENT}`);
    await transport.history();
    const history = http.requests.at(-1)!;
    expect(history.url).to.equal('https://api.mypurecloud.ie/api/v2/webmessaging/messages?pageNumber=1&pageSize=25');
    expect(history.authorization).to.match(/^bearer jwt-1$/i);
    transport.dispose();
  });

  it('a local server origin serves all three on that origin', async () => {
    const { transport } = await fakeTransport({ pageSize: 10 }, 'http://127.0.0.1:8787');
    await transport.start({ displayName: 'Ana', attributes: {} });
    expect(http.requests[0].url).to.equal(`http://127.0.0.1:8787/webdeployments/v1/deployments/${FAKE_DEPLOYMENT}/config.json`);
    expect(FakeSocket.last.url).to.equal(`ws://127.0.0.1:8787/v1?deploymentId=${FAKE_DEPLOYMENT}`);
    await transport.history();
    await until(() => http.requests.length === 2, 'history read');
    expect(http.requests[1].url).to.equal('http://127.0.0.1:8787/api/v2/webmessaging/messages?pageNumber=1&pageSize=10');
    transport.dispose();
  });
});

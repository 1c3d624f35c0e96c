// The extension's route to Confluence (issue 13): direct (Node's own request functions, the client's keep-alive
// agents) unless a proxy is configured; back to VS Code's proxy support when only that gets an answer. Fake modules
// stand in for VS Code's wrapped copies; the real-host effect is measured by bench/extension-publish.ts.
import assert from 'node:assert/strict';
import { configuredProxy, NetworkRoute, type ModulePair } from '../../../src/extension/util/networkRoute';

function modules(): { pairs: ModulePair[]; wrapped: { request: () => string; get: () => string }; node: { request: () => string; get: () => string } } {
  const node = { request: () => 'node', get: () => 'node-get' };
  const wrapped = { request: () => 'vscode', get: () => 'vscode-get' };
  return { pairs: [{ extension: { ...wrapped }, node }], wrapped, node };
}
const via = (pairs: ModulePair[]): string => (pairs[0].extension.request as () => string)();
const unreachable = (e: unknown): 'retry' | 'next' | undefined => {
  const code = (e as { code?: string }).code;
  return code === 'NETWORK' ? 'retry' : code === 'TIMEOUT' ? 'next' : undefined;
};
const noAnswer = Object.assign(new Error('ECONNREFUSED'), { code: 'NETWORK' });

describe('extension: network route (VS Code proxy support or direct)', () => {
  it('a proxy in VS Code\'s settings or the environment keeps VS Code\'s networking', () => {
    assert.equal(configuredProxy({ proxy: 'http://proxy:3128' }, {}), 'the http.proxy setting');
    assert.equal(configuredProxy({ proxy: '  ' }, { https_proxy: 'http://p:1' }), 'the HTTPS_PROXY environment variable');
    assert.equal(configuredProxy({}, { HTTP_PROXY: 'http://p:1' }), 'the HTTP_PROXY environment variable');
    assert.equal(configuredProxy({ proxy: '' }, { NO_PROXY: 'x', PATH: '/bin' }), undefined);
  });

  it('no proxy configured: requests go through Node\'s own functions, both request and get', async () => {
    const { pairs } = modules();
    const route = new NetworkRoute(pairs);
    assert.equal(via(pairs), 'vscode');
    const got = await route.connect(undefined, async () => via(pairs), unreachable);
    assert.equal(got, 'node');
    assert.equal(route.route, 'direct');
    assert.equal((pairs[0].extension.get as () => string)(), 'node-get');
  });

  it('a proxy configured later puts VS Code\'s functions back', async () => {
    const { pairs } = modules();
    const route = new NetworkRoute(pairs);
    await route.connect(undefined, async () => via(pairs), unreachable);
    assert.equal(await route.connect('the http.proxy setting', async () => via(pairs), unreachable), 'vscode');
    assert.equal(route.route, 'editor');
  });

  it('no answer directly but one through VS Code: connected, and VS Code\'s networking is kept for the session', async () => {
    const { pairs } = modules();
    const lines: string[] = [];
    const route = new NetworkRoute(pairs, (l) => lines.push(l));
    const tried: string[] = [];
    const attempt = async (): Promise<string> => {
      tried.push(via(pairs));
      if (via(pairs) === 'node') throw noAnswer;
      return 'connected';
    };
    assert.equal(await route.connect(undefined, attempt, unreachable), 'connected');
    assert.deepEqual(tried, ['node', 'vscode']);
    assert.equal(route.route, 'editor');
    assert.ok(lines.some((l) => /kept for this session/.test(l)));
    tried.length = 0;
    await route.connect(undefined, attempt, unreachable);
    assert.deepEqual(tried, ['vscode'], 'the next connect does not try direct again');
  });

  it('no answer either way (a wrong host): the error of the second try, and direct stays the choice', async () => {
    const { pairs } = modules();
    const route = new NetworkRoute(pairs);
    const failing = async (): Promise<string> => {
      throw Object.assign(new Error(`no answer via ${via(pairs)}`), { code: 'NETWORK' });
    };
    await assert.rejects(route.connect(undefined, failing, unreachable), /no answer via vscode/);
    assert.equal(route.route, 'direct');
    assert.equal(await route.connect(undefined, async () => via(pairs), unreachable), 'node');
  });

  it('a direct connect that timed out is not waited for twice: it fails, and the next connect goes through VS Code', async () => {
    const { pairs } = modules();
    const route = new NetworkRoute(pairs);
    const tried: string[] = [];
    const attempt = async (): Promise<string> => {
      tried.push(via(pairs));
      if (via(pairs) === 'node') throw Object.assign(new Error('timeout of 60000ms'), { code: 'TIMEOUT' });
      return 'connected';
    };
    await assert.rejects(route.connect(undefined, attempt, unreachable), /timeout/);
    assert.deepEqual(tried, ['node']);
    assert.equal(await route.connect(undefined, attempt, unreachable), 'connected');
    assert.deepEqual(tried, ['node', 'vscode']);
    assert.equal(route.route, 'editor');
  });

  it('an answer that is an error (401, 404) is not a reason to change the route', async () => {
    const { pairs } = modules();
    const route = new NetworkRoute(pairs);
    let calls = 0;
    const unauthorized = async (): Promise<string> => {
      calls++;
      throw Object.assign(new Error('401'), { code: 'UNAUTHORIZED', status: 401 });
    };
    await assert.rejects(route.connect(undefined, unauthorized, unreachable), /401/);
    assert.equal(calls, 1);
    assert.equal(route.route, 'direct');
  });

  it('outside VS Code (the modules are Node\'s own): nothing to change', async () => {
    const node = { request: () => 'node', get: () => 'node-get' };
    const route = new NetworkRoute([{ extension: node, node }]);
    assert.equal(route.wrapped, false);
    await route.connect(undefined, async () => 'ok', unreachable);
    assert.equal(route.route, 'editor');
    assert.equal(node.request(), 'node');
  });
});

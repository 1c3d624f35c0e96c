import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_SECRET_EXCLUDE_GLOBS,
  loadSecretIgnoreFile,
  maskSecret,
  parseSecretIgnoreFile,
  scanText,
  scanTextSync,
  SecretScanCache,
} from '../../../src/core/secrets';

// Fake credentials are assembled at runtime: structurally valid, never literal in the source.
const cat = (...parts: string[]) => parts.join('');
const GH = cat('ghp', '_', 'Zq8Lm2Rt5Vx9Kc3Bn7Hd1Jf4Pw6Sy0Ga2TeX');
const ATL = cat('ATATT3', 'xFfGF0', 'q9Lm2Zk8VbYw3Pq7sH1cXe5Dg9JoLk2MnBvCx4Za8Qw6Er7Ty1Ui3Op5As7Df9Gh2Jk4Lz6Xc8Vb0Nm1Qa3Ws5Ed7Rf9Tg', '=1A2B3C4D');
const AKIA = cat('AK', 'IA', 'QZ7R2M4T8K1W9XPL');
const STRIPE = cat('sk', '_live_', 'R4nd0mStr1pEk3yV4lu3Zq8W');
const PW = 'Vq7#mL2x!Rz9';
const EC_KEY = (generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string).trim();

async function rulesAt(text: string): Promise<{ line: number; column: number; rule: string }[]> {
  return (await scanText(text, 'doc.md')).map(({ line, column, rule }) => ({ line, column, rule }));
}

describe('scanText', () => {
  it('finds secrets in prose, inline code, fenced code and tables, with 1-based line and column', async () => {
    const doc = [
      '# Setup', // 1
      `The bot token is ${GH} today.`, // 2
      `Run \`export JIRA_API_TOKEN=${ATL}\` first.`, // 3
      '```ini', // 4
      `aws_access_key_id = ${AKIA}`, // 5
      '```', // 6
      '| Service | Password |', // 7
      '|---|---|', // 8
      `| db | \`${PW}\` |`, // 9
      `stripe.api_key = "${STRIPE}"`, // 10
      EC_KEY, // 11
    ].join('\n');
    const found = await rulesAt(doc);
    assert.deepEqual(
      found.map((f) => [f.line, f.column]),
      [[2, 18], [3, 28], [5, 21], [9, 9], [10, 19], [11, 1]],
    );
    assert.ok(found.find((f) => f.line === 11)!.rule.includes('private'), JSON.stringify(found));
  });

  it('reports a masked preview and never the secret', async () => {
    const [f] = await scanText(`token: ${GH}`, 'a.md');
    assert.equal(f.preview, maskSecret(GH));
    assert.ok(!f.preview.includes(GH.slice(4, 20)) && !f.message.includes(GH.slice(4, 20)));
    assert.equal(maskSecret('abcdefghijklmnopqrstuvwxyz'), 'abcd****************wxyz');
    assert.equal(maskSecret('short'), '****');
    assert.ok(!maskSecret('Vq7#mL2x!Rz9').includes('mL2x'));
  });

  it('keeps the fingerprint stable when the secret moves, and distinct for another value', async () => {
    const [a] = await scanText(`token: ${GH}\n`, 'a.md');
    const [b] = await scanText(`# Title\n\nintro\n\n  token: ${GH}\n`, 'b.md');
    const [c] = await scanText(`token: ${GH.slice(0, -1)}Y\n`, 'a.md');
    assert.match(a.fingerprint, /^[0-9a-f]{16}$/);
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, c.fingerprint);
  });

  it('ignores placeholders and look-alikes', async () => {
    const lines = [
      'password: [PASSWORD_FROM_KEEPASSXC]',
      'token: <your-token>',
      'API_TOKEN=${TOKEN}',
      'export TOKEN=$TOKEN',
      'token: ${{ secrets.CONFLUENCE_TOKEN }}',
      'password: xxxx',
      'password: ****',
      'password: changeme',
      'api_key: example',
      `aws_access_key_id = ${cat('AKIA', 'IOSFODNN7EXAMPLE')}`,
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it',
      'request id 0f8fad5b-d9cb-469f-a165-70867728950e',
      'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      '![logo](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)',
      'curl -u "$USER:$TOKEN" https://x.atlassian.net',
      'Authorization: Bearer <token>',
      'postgres://user:password@localhost:5432/app',
      cat('-----BEGIN OPENSSH', ' PRIVATE KEY-----\n...\n-----END OPENSSH', ' PRIVATE KEY-----'),
      'mysql -u root -p app',
      'PGPASSWORD=$(vault read -field=pw secret/db) psql',
      'password = os.environ["DB_PASSWORD"]',
    ];
    for (const line of lines) assert.deepEqual(await rulesAt(line), [], line);
  });

  it('returns findings sorted by line and column', async () => {
    const f = await scanText(`a ${STRIPE} b ${GH}\n${AKIA}\n`, 'a.md');
    assert.deepEqual(f.map((x) => [x.line, x.column]), [[1, 3], [1, 38], [2, 1]]);
  });

  it('handles CRLF line ends and a byte-order mark', async () => {
    const f = await scanText(`\ufeff# T\r\n\r\ntoken: ${GH}\r\n`, 'a.md');
    assert.deepEqual(f.map((x) => [x.line, x.column]), [[3, 8]]);
  });

  it('gives the same findings synchronously', async () => {
    const doc = `token: ${GH}\n${AKIA}\nhttps://deploy:${PW.replace(/[#!]/g, 'k')}@git.internal/r.git\n`;
    assert.deepEqual(scanTextSync(doc, 'a.md'), await scanText(doc, 'a.md'));
  });
});

describe('suppression comments', () => {
  it('ignore-next-line skips the next non-blank line only', async () => {
    const doc = `<!-- confluence-secrets-ignore-next-line -->\n\ntoken: ${GH}\ntoken: ${STRIPE}\n`;
    assert.deepEqual((await rulesAt(doc)).map((f) => f.line), [4]);
  });

  it('ignore-line, # forms in code blocks, and start/end blocks', async () => {
    const doc = [
      `token: ${GH} <!-- confluence-secrets-ignore-line -->`,
      '```bash',
      '# confluence-secrets-ignore-next-line',
      `export STRIPE_KEY=${STRIPE}`,
      '```',
      '<!-- confluence-secrets-ignore-start -->',
      `${AKIA}`,
      `password: ${PW}`,
      '<!-- confluence-secrets-ignore-end -->',
      `${AKIA}`,
    ].join('\n');
    assert.deepEqual((await rulesAt(doc)).map((f) => f.line), [10]);
  });
});

describe('ignore file', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'secrets-ignore-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('ignores by fingerprint everywhere, or by path:fingerprint in one file', async () => {
    const [f] = await scanText(`token: ${GH}`, 'docs/a.md');
    const global = parseSecretIgnoreFile(`# reviewed 2024-05\n${f.fingerprint}  # sample token\n`);
    assert.deepEqual(await scanText(`token: ${GH}`, 'docs/b.md', { ignore: global }), []);
    const scoped = parseSecretIgnoreFile(`docs/a.md:${f.fingerprint}\n`);
    assert.deepEqual(await scanText(`token: ${GH}`, 'docs/a.md', { ignore: scoped }), []);
    assert.equal((await scanText(`token: ${GH}`, 'docs/b.md', { ignore: scoped })).length, 1);
  });

  it('loads .confluence-secrets-ignore from the root (empty when missing) and names file and line on errors', () => {
    assert.equal(loadSecretIgnoreFile(root).global.size, 0);
    writeFileSync(join(root, '.confluence-secrets-ignore'), '\n# comment\n0123456789abcdef\ndocs/x.md:fedcba9876543210\n');
    const list = loadSecretIgnoreFile(root);
    assert.ok(list.global.has('0123456789abcdef'));
    assert.ok(list.byPath.get('docs/x.md')?.has('fedcba9876543210'));
    writeFileSync(join(root, '.confluence-secrets-ignore'), '0123456789abcdef\n\ngithub-token\n');
    assert.throws(() => loadSecretIgnoreFile(root), /\.confluence-secrets-ignore:3: expected a 16-hex-digit fingerprint/);
  });

  it('exports the default exclusion glob for files that hold secrets on purpose', () => {
    assert.deepEqual(DEFAULT_SECRET_EXCLUDE_GLOBS, ['**/*.secrets.md']);
  });
});

describe('pathological input', () => {
  // Each measured at well under a second on a loaded 2-core machine; the bound is a generous guard, not a benchmark.
  const BOUND_MS = 10000;
  const random = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 251)).toString('base64');
  const cases: [string, () => string][] = [
    ['a 1 MB single line', () => 'a'.repeat(1 << 20)],
    ['a 1 MB line of base64', () => random(786432)],
    ['a 1 MB line of keywords and separators', () => 'password token secret api_key: '.repeat(34000)],
    ['a 1 MB line of URL userinfo fragments', () => 'https://a:b@'.repeat(87000)],
    ['a 2 MB data: URL', () => `![x](data:image/png;base64,${random(1572864)})`],
    ['10,000 short lines', () => Array.from({ length: 10000 }, (_, i) => `password: v${i}`).join('\n')],
    ['10,000 table rows', () => '| Password | x |\n|---|---|\n' + Array.from({ length: 10000 }, (_, i) => `| p${i} | \`x${i}\` |`).join('\n')],
    ['10,000 BEGIN PRIVATE KEY lines without END', () => cat('-----BEGIN RSA', ' PRIVATE KEY-----\n').repeat(10000)],
  ];
  for (const [name, make] of cases) {
    it(`scans ${name} in bounded time`, async function () {
      this.timeout(BOUND_MS * 2);
      const text = make();
      const started = Date.now();
      const findings = await scanText(text, 'big.md');
      const ms = Date.now() - started;
      assert.ok(ms < BOUND_MS, `${ms} ms`);
      assert.deepEqual(findings, []);
    });
  }
});

describe('long-running use', () => {
  it('leaves no secretlint profiler marks on the global performance timeline', async () => {
    const { performance } = await import('node:perf_hooks');
    for (let i = 0; i < 20; i++) await scanText(`token: ${GH}\n`, `doc-${i}.md`);
    const marks = performance.getEntriesByType('mark').filter((e) => e.name.startsWith('@core>'));
    assert.deepEqual(marks.map((m) => m.name), []);
  });
});

describe('each rule', () => {
  // One representative per rule, assembled at runtime; the rule that must report it.
  let seed = 20240501;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rnd = (n: number, chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string => {
    for (;;) {
      const s = Array.from({ length: n }, () => chars[Math.floor(next() * chars.length)]).join('');
      if (chars.length < 62 || (/[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s))) return s;
    }
  };
  const hexs = (n: number) => rnd(n, '0123456789abcdef');
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const samples: [string, string][] = [
    ['atlassian-api-token', `token ${cat('ATATT3', 'xFfGF0', rnd(150), '=', 'A1B2C3D4')}`],
    ['atlassian-api-token-classic', `Jira sync user token: ${rnd(24)}`],
    ['aws-access-key-id', `key ${cat('AKIA', 'QZ7R2M4T8K1W9XPL')}`],
    ['google-api-key', `maps key ${cat('AIza', rnd(35))}`],
    ['stripe-secret-key', `key ${cat('rk', '_live_', rnd(30))}`],
    ['twilio-api-key', `sid ${cat('SK', hexs(32))}`],
    ['openai-api-key', `key ${cat('sk-', 'proj-', rnd(60))}`],
    ['anthropic-api-key', `key ${cat('sk-ant-', 'api03-', rnd(80))}`],
    ['gitlab-token', `mirror ${cat('glpat-', rnd(20))}`],
    ['slack-token', `bot ${cat('xoxb-', rnd(12, '0123456789'), '-', rnd(13, '0123456789'), '-', rnd(24))}`],
    ['chat-webhook-url', `alerts ${cat('https://hooks.slack.com/services/', 'T', rnd(8), '/B', rnd(10), '/', rnd(24))}`],
    ['sendgrid-api-key', `mail ${cat('SG.', rnd(22), '.', rnd(43))}`],
    ['azure-storage-key', `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${b64(rnd(64))};EndpointSuffix=core.windows.net`],
    ['azure-sas-token', `https://x.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&se=2025-01-01&sig=${encodeURIComponent(b64(rnd(32)))}`],
    ['jwt', `cookie ${b64('{"alg":"HS256","typ":"JWT"}').replace(/=+$/, '')}.${b64('{"sub":"u-1","iat":1700000000}').replace(/=+$/, '')}.${rnd(43)}`],
    ['url-credentials', `amqp://jobs:${rnd(16)}@mq.internal:5672/`],
    ['authorization-header', `-H "Authorization: Bearer ${rnd(40)}"`],
    ['cli-user-password', `curl -u admin:${rnd(14)} https://x`],
    ['cli-password-argument', `mysql -u root -p'${rnd(12)}' app`],
    ['netrc-password', `machine api.example.com login me password ${rnd(20)}`],
    ['npmrc-auth', `//registry.npmjs.org/:_authToken=${rnd(36)}`],
    ['docker-config-auth', `{ "auths": { "r.example.com": { "auth": "${b64('ci:' + rnd(16))}" } } }`],
    ['kubernetes-secret', `kind: Secret\ndata:\n  password: ${b64(rnd(16))}`],
    ['twilio-credentials', `twilio:\n  sid: AC${hexs(32)}\n  token: ${hexs(32).split('').reverse().join('')}`],
    ['private-key', (generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)],
    ['generic-secret-assignment', `SMTP_PASSWORD=${rnd(10)}#9!`],
    ['misc-provider-token', `age ${cat('AGE-SECRET-KEY-1', rnd(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'))}`],
  ];
  const PRESET_COVERS = new Set(['slack-token', 'chat-webhook-url', 'sendgrid-api-key', 'anthropic-api-key', 'gitlab-token', 'npmrc-auth', 'url-credentials', 'private-key']);
  for (const [rule, text] of samples) {
    it(`${rule} reports its kind of secret`, async () => {
      const rules = (await scanText(text, 'a.md')).map((f) => f.rule);
      // Where secretlint's preset covers the same secret its finding wins the overlap.
      assert.ok(rules.includes(rule) || (PRESET_COVERS.has(rule) && rules.some((r) => r.startsWith('@secretlint/'))), `${rule}: got ${JSON.stringify(rules)} for ${text.slice(0, 120)}`);
    });
  }
});

describe('SecretScanCache', () => {
  it('returns the same findings for unchanged content without rescanning, and rescans on change', async () => {
    const cache = new SecretScanCache(2);
    const a = await cache.scan(`token: ${GH}\n`, 'a.md');
    assert.deepEqual(await cache.scan(`token: ${GH}\n`, 'a.md'), a);
    assert.deepEqual(cache.scanSync(`token: ${GH}\n`, 'a.md'), a);
    assert.equal(cache.hits, 2);
    assert.deepEqual(await cache.scan(`token: ${GH}\n<!-- confluence-secrets-ignore-line -->\n`.replace('\n<!--', ' <!--'), 'a.md'), []);
    assert.equal(cache.misses, 2);
    const ignore = parseSecretIgnoreFile(`${a[0].fingerprint}\n`);
    assert.deepEqual(await cache.scan(`token: ${GH}\n`, 'a.md', { ignore }), []);
    assert.equal(cache.misses, 3);
  });
});

describe('non-ASCII text', () => {
  it('finds secrets after characters whose lower case is longer (İ) and reports UTF-16 columns', async () => {
    const doc = `# İstanbul 😀\n\n| İİ | Password |\n|---|---|\n| İ | \`${PW}\` |\nİ token: ${GH}\n`;
    assert.deepEqual((await rulesAt(doc)).map((f) => [f.line, f.column]), [[5, 8], [6, 10]]);
    assert.deepEqual(scanTextSync(doc, 'doc.md'), await scanText(doc, 'doc.md'));
  });
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanText, scanTextSync, type SecretFinding } from '../../../src/core/secrets';
import { loadLabelledCorpus, score } from './labelledCorpus';

// Issue 10, case 5: a password is recognised by where it stands, a placeholder by its form, and ciphertext
// (sealed secrets, SOPS, ansible-vault, PGP/age messages) is not a secret. Labels: «S:kind» / «P:kind» per line.
const FORMS_DIR = join(__dirname, '../../fixtures/secrets/forms');

describe('password forms: word-like passwords, placeholders by form, ciphertext', () => {
  const docs = loadLabelledCorpus(FORMS_DIR);

  it('finds every labelled password and flags no placeholder, type name or ciphertext', async () => {
    const findings = new Map<string, SecretFinding[]>();
    for (const doc of docs) findings.set(doc.file, await scanText(doc.text, doc.file));
    const s = score(docs, findings);
    assert.ok(s.secrets >= 14 && s.placeholders >= 35, `${s.secrets} secrets, ${s.placeholders} placeholders`);
    assert.deepEqual(s.missed.map((m) => `${m.file}:${m.line} ${m.kind}`), []);
    assert.deepEqual(s.falsePositives.map((f) => `${f.file}:${f.line} ${f.rule} (${f.placeholderKind ?? 'unlabelled'})`), []);
  });

  it('the synchronous scan agrees', async () => {
    for (const doc of docs) assert.deepEqual(scanTextSync(doc.text, doc.file), await scanText(doc.text, doc.file));
  });

  it('the examples named in the issue', () => {
    const found = (line: string) => scanTextSync(line, 'a.md').length > 0;
    for (const line of [
      'postgres://app:S3cretPassw0rd@db.example.com/app',
      'curl -u admin:hunter2 https://api.example.com/',
      'db_password: "super_secret"',
      'password = hunter2',
      '"password": "S3cret!"',
    ]) assert.ok(found(line), line);
    for (const line of [
      'db_password: "[PASSWORD_FROM_KEEPASSXC]"',
      'password: ${DB_PASSWORD}',
      'password: $DB_PASSWORD',
      'password: "{{ db_password }}"',
      'password: <password>',
      'password: "****"',
      'password: string',
      'password=<your password>',
    ]) assert.ok(!found(line), line);
  });

  it('a BEGIN line without an armored block after it hides nothing', () => {
    const token = ['ghp', '_', 'Zq8Lm2Rt5Vx9Kc3Bn7Hd1Jf4Pw6Sy0Ga2TeX'].join('');
    const doc = `Messages start with -----BEGIN PGP MESSAGE-----\n\ntoken: ${token}\n\n-----END PGP MESSAGE-----\n`;
    assert.equal(scanTextSync(doc, 'a.md').length, 1);
  });
});

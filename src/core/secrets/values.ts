// Judging a candidate value: placeholder or look-alike (never reported) versus something that looks like a real secret.

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export interface CharClasses {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  /** Anything but letters, digits and the identifier punctuation `_ - .` */
  symbol: boolean;
}

export function charClasses(value: string): CharClasses {
  return {
    lower: /[a-z]/.test(value),
    upper: /[A-Z]/.test(value),
    digit: /[0-9]/.test(value),
    symbol: /[^A-Za-z0-9_.\-]/.test(value),
  };
}

// Words that mark a value as written for readers, never generated or chosen as a password: "your", "example",
// "changeme", "here", "not real"... A password that merely reads like a word (`S3cretPassw0rd`, `super_secret`,
// `hunter2`) is not a placeholder: real passwords often do (issue 10). Famous keyboard/alphabet runs stay stand-ins.
const PLACEHOLDER_WORDS =
  /your|example|sample|placeholder|change[_-]?me|changeit|dummy|redacted|replace|insert|xxxx|\bfixme\b|\btodo\b|\btbd\b|secret[_-]?here|token[_-]?here|key[_-]?here|[_-]here\b|^here|goes[_-]?here|not[_ -]?(?:my[_ -]?|a[_ -]?|the[_ -]?)?real|notreal|\bfake\b|^fake|lorem|foobar|\bfoo\b|\bbar\b|\bbaz\b|abc123|123456|qwerty|letmein|\.\.\.|…/i;

/**
 * The slot's own name as its value, optionally with a possessive/role word before it and a counter after it:
 * `password`, `mypassword`, `db_password`, `userPassword`, `secret123`, `pass!`, `P@ssw0rd` (after de-leeting).
 * Two different secret words in a row (`S3cretPassw0rd`, `super_secret`) are not this form.
 */
const SLOT_NAME =
  /^(?:(?:my|your|the|a|some|new|old|current|db|app|user|admin|root|default|secure)[_.-]?)?(?:password|passwd|passphrase|pass|pwd|pw|secret|token|key|api[_-]?key|apikey)s?[\d!@#$%^&*._-]*$/i;

// Whole values that are conventional stand-ins or defaults documented for public software.
const PLACEHOLDER_VALUES = new Set([
  'admin', 'root', 'guest', 'user', 'test', 'testing', 'demo', 'default', 'none', 'null', 'nil', 'undefined',
  'true', 'false', 'yes', 'no', 'on', 'off', 'empty', 'blank', 'required', 'optional', 'string', 'value', 'token',
  'secret', 'password', 'pass', 'passwd', 'pwd', 'key', 'apikey', 'api_key', 'hidden', 'masked', 'omitted', 'unset',
  'postgres', 'mysql', 'sa', 'oracle', 'bearer', 'basic', 'env', 'local-dev-token', 'local-dev-pat',
  // type names in API docs and schemas (`password: string`)
  'str', 'text', 'number', 'boolean', 'bool', 'int', 'integer', 'object', 'any', 'char', 'bytes', 'securestring',
  'secretstring', 'sensitive', 'redacted', 'encrypted', 'prompt', 'ask', 'random', 'generated', 'auto',
]);

// Keys published in vendors' own documentation, copied into countless docs.
const DOCUMENTED_EXAMPLES = new Set([
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc', // Stripe API reference
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2', // Stripe docs
  ['ghp', '16C7e42F292c6912E7710c838347Ae178B4a'].join('_'), // GitHub docs (split: no token-shaped literal in source)
  ['xoxb', '17653672481', '19874698323', 'pdFZKVeTuE8sk7oOcBrzbqgy'].join('-'), // Slack docs
  // Azurite / storage emulator account key (devstoreaccount1), published by Microsoft
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
]);

export const isDocumentedExample = (value: string): boolean => DOCUMENTED_EXAMPLES.has(value);

/** `<your-token>`, `${TOKEN}`, `$TOKEN`, `${{ secrets.X }}`, `{{ vault_pw }}`, `[PASSWORD_FROM_KEEPASSXC]`, `%TOKEN%`, `$(cat f)` ... */
const TEMPLATE = /^(?:<[^>]*>?|\[[^\]]*\]?|\{\{.*|\$\{.*|\$\(.*|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\{[A-Za-z_][A-Za-z0-9_.-]*\}|@[A-Za-z_][A-Za-z0-9_]*@|#\{.*|ENC\[.*|!(?:Ref|Sub|GetAtt|vault|secret)\b.*)$/;
/** References into secret stores and the environment, not values. */
const REFERENCE = /^(?:op|vault|secretsmanager|ssm|arn|gcpsm|azurekeyvault|awssm|env|file|sops|k8s|ref|secret):|^@Microsoft\.KeyVault\(|(?:process\.env|os\.environ|os\.getenv|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|getenv\(|secretKeyRef|valueFrom|lookup\(|Secrets?\.)/i;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;

/** True when a value is obviously not a real secret: placeholders, variables, masks, stand-ins, identifiers. */
export function isPlaceholder(raw: string): boolean {
  const value = raw.trim();
  if (value.length < 4) return true;
  const lower = value.toLowerCase();
  if (PLACEHOLDER_VALUES.has(lower) || DOCUMENTED_EXAMPLES.has(value)) return true;
  if (TEMPLATE.test(value) || REFERENCE.test(value)) return true;
  if (/[<>{}]|\$\{|\$\(/.test(value)) return true; // templating anywhere in the value
  if (/%env\(|%\(\w+\)s|\$env:[A-Za-z_]/i.test(value)) return true; // Symfony %env(X)%, Python %(name)s, PowerShell $env:X
  if (/^\$[A-Za-z_]/.test(value)) return true; // $VAR, $VAR@host, $CI_JOB_TOKEN
  if (/\*{3,}|x{4,}|X{4,}|#{4,}|•{2,}|\.{3}/.test(value)) return true; // masks
  if (/^(.)\1+$/.test(value) || new Set(value.replace(/[^A-Za-z0-9]/g, '')).size <= 2) return true; // aaaa, 0000, 00000000-0000-…
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (SLOT_NAME.test(value) || SLOT_NAME.test(deLeet(lower))) return true; // password1, db_password, P@ssw0rd
  if (LEET_WORDS.test(deLeet(lower))) return true; // ex4mple, ch4ngeme
  if (/EXAMPLE/.test(value)) return true; // AWS docs keys (the key id ending in 7EXAMPLE, the secret ending in EXAMPLEKEY)
  if (UUID.test(value) && (/^123e4567-e89b-12d3/i.test(value) || new Set(value.replace(/-/g, '')).size <= 3)) return true; // textbook UUIDs
  if (isSequential(lower)) return true;
  if (WEAK_STAND_IN.test(value)) return true;
  return false;
}

const LEET_WORDS = /example|sample|changeme|dummy|redact|placeholder|letmein|qwerty/;
const deLeet = (s: string) => s.replace(/[0134579@$!|]/g, (c) => ({ 0: 'o', 1: 'i', 3: 'e', 4: 'a', 5: 's', 7: 't', 9: 'g', '@': 'a', $: 's', '!': 'i', '|': 'l' })[c] ?? c);

/** A stand-in word plus digits or punctuation: test1234, secret123, admin!, Welcome1. */
const WEAK_STAND_IN = /^(?:test|secret|admin|root|user|pass|demo|guest|changeme|welcome|default|letmein|qwerty|abc|dev|local|temp|pwd|sample)[\d!@#$%^&*._-]*$/i;

/** 0123456789, abcdefgh..., 1234abcd... */
function isSequential(lower: string): boolean {
  const alnum = lower.replace(/[^a-z0-9]/g, '');
  if (alnum.length < 8) return false;
  let runs = 0;
  for (let i = 1; i < alnum.length; i++) if (alnum.charCodeAt(i) - alnum.charCodeAt(i - 1) === 1) runs++;
  return runs >= alnum.length * 0.7;
}

/** A chunk of at least 8 characters mixing upper and lower case (and digits) unlike a name: generated, not a word. */
function looksRandom(segment: string): boolean {
  if (segment.length < 8 || !/[a-z]/.test(segment) || !/[A-Z]/.test(segment)) return false;
  return /\d/.test(segment) || (!looksLikeCamelIdentifier(segment) && shannonEntropy(segment) >= 3.5);
}

/**
 * CamelCase / PascalCase names with digits (OAuth2Client, Base64Encoder, http2Server): few, long word chunks.
 * Generated tokens switch between upper, lower and digits every character or two.
 */
export function looksLikeCamelIdentifier(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(value) || value.length > 60) return false;
  const chunks = value.match(/[A-Z]+[a-z]*|[a-z]+|\d+/g) ?? [];
  // Every chunk a word (Client, OAuth, http), an acronym (API) or a short number (2, 64).
  const wordlike = (c: string) =>
    /^\d{1,4}$/.test(c) || /^[A-Z]{2,5}$/.test(c) ||
    (/^[A-Z]{0,4}[a-z]{2,}$/.test(c) && /[aeiouy]/.test(c.replace(/^[A-Z]+/, '')) && !/[bcdfghjklmnpqrstvwxz]{4}/.test(c.toLowerCase()));
  return chunks.length / value.length <= 0.3 && chunks.every(wordlike);
}

/** Lower-case words joined by `-`/`_`/`.`, SCREAMING_CASE names, camelCase identifiers: names, not secrets. */
export function looksLikeIdentifier(value: string): boolean {
  if (/^[a-z]+(?:[-_.][a-z]+)*$/.test(value)) return true;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return true; // GITHUB_TOKEN, S3_KEY
  if (/^[A-Z]+$/.test(value)) return true;
  if (/^[a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return true; // dbPassword
  if (/^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(value)) return true; // DbPassword
  return false;
}

/**
 * `--password`, `-p`, `-xvf`, `-O2`, `-Dkey=value`, `-Xmx512m`: flags, not values. A value that merely starts
 * with "-" (`-d8Bq…`, generated passwords do) mixes cases and digits in a way flags do not.
 */
function isCommandLineFlag(value: string): boolean {
  if (/^--[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:=.*)?$/.test(value)) return true;
  if (/^-[A-Za-z](?:[a-z]{1,4}|\d{1,4})?$/.test(value)) return true;
  return /^-[DX][A-Za-z][\w.:-]*(?:=.*)?$/.test(value) && !looksRandom(value.slice(2).split('=')[0]);
}

/** Words joined by `-`, `_` or `.` (`X-Hub-Signature`, `Content-Type`, `MyApp.Settings`): a name, not a generated value. */
export function looksLikeWordCompound(value: string): boolean {
  const parts = value.split(/[-_.]/);
  if (parts.length < 2 || parts.some((p) => p === '')) return false;
  return parts.every((p) => /^[A-Z]{1,5}$/.test(p) || /^[A-Z]?[a-z]{2,}$/.test(p) || looksLikeCamelIdentifier(p));
}

/** Paths, URLs without credentials, hostnames, versions, numbers, dates, e-mail addresses, file names. */
export function looksLikeOrdinaryValue(value: string): boolean {
  if (/^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*\s*[[(]/.test(value)) return true; // calls, indexing: getpass(), request.form[, v8::Isolate::GetCurrent()
  if (isCommandLineFlag(value)) return true;
  if (/^\$(?:2[abxy]?|argon2(?:id|i|d)|[156]|y|scrypt|pbkdf2[-\w]*)\$/.test(value)) return true; // password hashes, not passwords
  if (/^@?[\w.-]+(?:\/[\w.-]+)+\/?$/.test(value) && !value.split('/').some(looksRandom)) return true; // packages, repo paths: @azure/identity
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) && !/\d.*[A-Z]|[A-Z].*\d/.test(value)) return true; // var.db_password
  if (/^(?:\.{1,2}\/|~\/|[A-Za-z]:\\)/.test(value)) return true; // relative, home and Windows paths
  // Absolute paths, but not base64 that happens to start with "/" (its segments are random, it may end in "=").
  if (value.startsWith('/') && !(/^\/[A-Za-z0-9+/]+={0,2}$/.test(value) && (/\+|=$/.test(value) || value.split('/').some(looksRandom)))) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/:\/\/[^/@\s]*:[^/@\s]*@/.test(value)) return true;
  if (/^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(value)) return true; // e-mail
  if (/^v?\d+(?:\.\d+)+(?:[-+][\w.]+)?$/.test(value)) return true; // versions
  if (/^\d{1,11}$/.test(value)) return true; // ports, counts, ids
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return true; // dates
  if (/^\d+(?:ms|s|m|h|d|w|y|kb|mb|gb|k|%)$/i.test(value)) return true; // durations, sizes
  if (/^[\w-]+\.(?:md|txt|json|ya?ml|pem|key|crt|cer|p12|pfx|jks|env|conf|cfg|ini|sh|txt|gpg|asc|kdbx)$/i.test(value)) return true;
  if (/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i.test(value) && !/\d.*[A-Z]|[A-Z].*\d/.test(value)) return true; // hostnames
  return false;
}

/**
 * A value assigned to a password-like name: at least 6 characters, letters plus a digit or a symbol,
 * and not a placeholder, identifier or ordinary value.
 */
export function looksLikePassword(value: string): boolean {
  if (value.length < 6 || value.length > 200) return false;
  if (isPlaceholder(value) || looksLikeIdentifier(value) || looksLikeOrdinaryValue(value)) return false;
  const c = charClasses(value);
  if (!(c.lower || c.upper)) return /^[0-9a-f]{8,}$/i.test(value) && shannonEntropy(value) >= 3; // numeric PINs are not
  if (!(c.digit || c.symbol || (c.lower && c.upper && value.length >= 10))) return false;
  return shannonEntropy(value) >= 2.3;
}

/** A name of the password family inside an identifier: `confirmPassword`, `password_confirmation`, `db_pwd`. */
const PASSWORD_FIELD_NAME = /pass(?:word|wd|phrase)?|pwd/i;

/**
 * The value sits where only a password can be (the userinfo of a URL, `curl -u user:…`, decoded Basic auth, a
 * quoted literal assigned to a password-named key): it is one unless it is recognisably a placeholder by its form.
 * No letters-plus-digit shape is required, because real passwords often read like words (`hunter2`,
 * `S3cretPassw0rd`, `super_secret`). Not passwords: placeholders (templates, masks, "your…", the slot's own name,
 * see `isPlaceholder`), a password equal to the user name (`admin:admin`, `guest:guest`: a product default),
 * ordinary values (paths, hosts, e-mail addresses, numbers), environment variable names (`DB_PASSWORD`) and
 * field names (`confirmPassword`), values with spaces (prose), and anything shorter than 6 characters.
 */
export function isLiteralPassword(raw: string, user?: string): boolean {
  const value = raw.trim();
  if (value.length < 6 || value.length > 200 || /\s/.test(value)) return false;
  if (user !== undefined && value.toLowerCase() === user.toLowerCase()) return false;
  if (isPlaceholder(value) || looksLikeOrdinaryValue(value)) return false;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return false; // an environment variable's name
  if (looksLikeIdentifier(value) && PASSWORD_FIELD_NAME.test(value)) return false; // a field's name
  return true;
}

/** A value assigned to a token/key-like name: long, varied, and not a placeholder or ordinary value. */
export function looksLikeToken(value: string): boolean {
  if (value.length < 12 || value.length > 1000) return false;
  if (isPlaceholder(value) || looksLikeIdentifier(value) || looksLikeOrdinaryValue(value)) return false;
  if (/\s/.test(value) || looksLikeCamelIdentifier(value)) return false;
  const c = charClasses(value);
  const classes = Number(c.lower) + Number(c.upper) + Number(c.digit) + Number(c.symbol);
  if (HEX.test(value)) return value.length >= 16 && shannonEntropy(value) >= 3;
  if (UUID.test(value)) return shannonEntropy(value.replace(/-/g, '')) >= 3; // HEROKU_API_KEY=<uuid>: a 16-symbol alphabet
  if (!c.digit && value.length < 24) return false;
  if (classes < 2) return false;
  return shannonEntropy(value) >= (value.length >= 24 ? 3.5 : 3.0);
}

/** Decodes standard or URL-safe base64, or returns undefined when the text is not base64 of printable text. */
export function decodeBase64Text(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 4 || v.length % 4 === 1 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return undefined;
  const decoded = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  if (!decoded || /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded)) return undefined;
  return decoded;
}

/** Base64 of readable text that is a placeholder (`bm90IG15IHJlYWwgcGFzc3dvcmQ=`: "not my real password"), or of `user:<placeholder>`. */
export function decodesToPlaceholder(value: string): boolean {
  const text = /^[A-Za-z0-9+/]{8,}={0,2}$/.test(value) ? decodeBase64Text(value) : undefined;
  return !!text && /^[\x20-\x7e]{4,}$/.test(text) && isPlaceholder(text.slice(text.indexOf(':') + 1));
}

/** `user:password` (decoded Basic auth, docker `auth`): real when the password part is. */
export function credentialPairIsReal(pair: string | undefined): boolean {
  if (!pair) return false;
  const colon = pair.indexOf(':');
  if (colon <= 0 || /[\r\n]/.test(pair)) return false;
  const user = pair.slice(0, colon);
  const pass = pair.slice(colon + 1);
  if (/^[<[{$]/.test(user)) return false;
  return isLiteralPassword(pass, user) || looksLikeToken(pass);
}

// Secrets recognisable by where they sit: PEM blocks, URLs, HTTP headers, command lines, config formats.
import {
  credentialPairIsReal,
  decodeBase64Text,
  decodesToPlaceholder,
  isLiteralPassword,
  isPlaceholder,
  looksLikeIdentifier,
  looksLikePassword,
  looksLikeToken,
  shannonEntropy,
} from '../values';
import { nearbyText, regexRule, type Detector, type RawFinding } from './detector';

const passwordOrToken = (s: string) => looksLikePassword(s) || looksLikeToken(s);

const privateKeyBlock: Detector = {
  id: 'private-key',
  description: 'PEM private keys of every type (RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8, PGP) and PuTTY keys, with a real body',
  triggers: ['private key', 'private-lines:'],
  detect(ctx) {
    const out: RawFinding[] = [];
    const re = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d: /g;
    for (let m = re.exec(ctx.text); m; m = re.exec(ctx.text)) {
      const bodyStart = m.index + m[0].length;
      // Bounded window: a document full of BEGIN lines without END must not make this quadratic.
      const window = ctx.text.slice(bodyStart, bodyStart + 20000);
      const endAt = window.indexOf('-----');
      const body = endAt === -1 ? window : window.slice(0, endAt);
      // Drop PEM headers (Proc-Type, DEK-Info, Comment) and JSON-escaped newlines, keep the base64.
      const base64 = body
        .split(/\r?\n|\\n/)
        .filter((l) => !/^\s*[A-Za-z-]+:/.test(l) || /Private-Lines:/.test(l))
        .map((l) => l.replace(/^[\s>"'|]+|[\s"',]+$/g, ''))
        .filter((l) => /^[A-Za-z0-9+/=]{16,}$/.test(l))
        .join('');
      if (base64.length < 40 || shannonEntropy(base64) < 4 || isPlaceholder(base64.slice(0, 64))) continue;
      out.push({ rule: 'private-key', message: `Private key (${(m[1] || (m[0].startsWith('PuTTY') ? 'PuTTY ' : '')).trim() || 'PKCS#8'})`, start: m.index, end: bodyStart, secret: base64 });
    }
    return out;
  },
};

const urlCredentials = regexRule({
  id: 'url-credentials',
  description: 'Credentials in a URL: https://user:pass@host, postgres://, mysql://, mongodb+srv://, redis://:pass@, amqp://, jdbc:…',
  message: 'Password in a URL',
  triggers: ['://'],
  // Anchored on "://" (cheap to find); the scheme before it is checked in accept().
  pattern: /:\/\/(?<user>[^\s:@/?#'"`<>()[\]]{0,100}):(?<secret>[^\s@/?'"`<>]{1,200})@(?=[A-Za-z0-9[._-])/dg,
  accept: (secret, m, ctx) => {
    if (!/(?:^|[^A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{1,30}$/.test(ctx.text.slice(Math.max(0, m.index - 32), m.index))) return false;
    const user = safeDecode(m.groups?.user ?? '');
    if (/^[$<[{%]/.test(user) || isPlaceholder(secret)) return false;
    // The userinfo's password part can only be a password: judged by form, not by looking random.
    const decoded = safeDecode(secret);
    return isLiteralPassword(decoded, user) || looksLikeToken(decoded);
  },
});

const oracleThin = regexRule({
  id: 'url-credentials',
  description: 'Oracle thin JDBC user/password@host',
  message: 'Password in an Oracle JDBC URL',
  triggers: ['jdbc:oracle'],
  pattern: /jdbc:oracle:(?:thin|oci):(?<user>[\w$#]{1,60})\/(?<secret>[^@\s'"`]{1,200})@/dg,
  accept: (s, m) => !/^[$<{[]/.test(m.groups!.user) && !/^(?:scott\/)?tiger$/i.test(s) && (looksLikePassword(s) || looksLikeToken(s)),
});

/** (user, password) tuples in code: requests' auth=(…), HTTPBasicAuth(…), JIRA(basic_auth=(…)), BasicAuth(…). */
const codeBasicAuth = regexRule({
  id: 'cli-user-password',
  description: 'user/password pairs in code: auth=("user", "pass"), HTTPBasicAuth("user", "pass"), basic_auth=(…)',
  message: 'Password in a basic-auth pair in code',
  triggers: ['auth'],
  pattern: /(?:\b(?:basic_?auth|auth)\s*[=:]\s*[([]|\b(?:HTTPBasicAuth|HTTPDigestAuth|BasicAuth|BasicAuthentication|UsernamePasswordCredentials)\s*\()\s*(?<q>["'])[^"'\n]{1,120}\k<q>\s*,\s*(?<q2>["'])(?<secret>[^"'\n]{4,300})\k<q2>/dg,
  accept: (s) => looksLikePassword(s) || looksLikeToken(s),
});

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const authorizationHeader: Detector = {
  id: 'authorization-header',
  description: 'Authorization: Bearer/Token/Basic header values (Basic decoded: user:password)',
  triggers: ['bearer', 'basic', 'token', 'ssws', 'api-key', 'apikey', 'bot ', 'splunk ', 'genie', 'sharedkey'],
  detect(ctx) {
    const out: RawFinding[] = [];
    // Searched in the lower-cased text (no case-insensitive regex: much faster), values taken from the original.
    const sameOffsets = ctx.lower.length === ctx.text.length;
    const haystack = sameOffsets ? ctx.lower : ctx.text;
    // Elasticsearch "ApiKey", Splunk "Splunk", Opsgenie "GenieKey", Azure "SharedKey account:sig", Okta "SSWS".
    const re = /\b(?<scheme>bearer|token|basic|bot|api-?key|ssws|splunk|geniekey|sharedkey)[ \t]+(?<secret>[a-z0-9._~+/:=-]{8,4000})/dg;
    const reCi = new RegExp(re.source, 'dgi');
    const search = sameOffsets ? re : reCi;
    for (let m = search.exec(haystack); m; m = search.exec(haystack)) {
      const [start, end] = m.indices!.groups!.secret;
      const raw = ctx.text.slice(start, end);
      if (/\.\.|…/.test(raw) || ctx.text.startsWith('…', end)) continue; // eyJhbGciOi... : an elided example
      const secret = raw.replace(/[.:]+$/, '');
      const scheme = m.groups!.scheme.toLowerCase();
      // The header name on the same line, before the scheme (curl -H, HTTP examples, code).
      const lineStart = ctx.text.lastIndexOf('\n', m.index) + 1;
      const hasHeader = /authorization["']?\s*[:=,]\s*["']?$|authorization["']?\s*[:=,]\s*["']?[^\n]{0,20}$/i.test(ctx.text.slice(Math.max(lineStart, m.index - 80), m.index));
      if (!hasHeader && scheme !== 'bearer') continue;
      let real: boolean;
      if (scheme === 'basic') real = credentialPairIsReal(decodeBase64Text(secret)) || (!decodeBase64Text(secret) && looksLikeToken(secret));
      else real = looksLikeToken(secret) && /[0-9]/.test(secret) && (hasHeader || secret.length >= 20);
      const label = ctx.text.slice(m.index, m.index + m.groups!.scheme.length);
      if (real) out.push({ rule: 'authorization-header', message: `${label} credential in an Authorization header`, start, end: start + secret.length, secret });
    }
    return out;
  },
};

const curlUser = regexRule({
  id: 'cli-user-password',
  description: 'user:password on a command line: curl/wget/http -u or --user, httpie -a',
  message: 'Password in a command-line user:password argument',
  triggers: ['-u', '--user', '-a '],
  pattern: /(?:^|[\s`$(])(?:curl|wget|http|https|xh|httpie)\b[^\n]{0,300}?\s(?:-u|--user|-a|--auth)[\s=]+["']?(?<user>[^\s:'"]{1,200}):(?<secret>[^\s'"`]{1,300})/dg,
  // After `-u user:` only a password can stand: judged by form (`hunter2` is one, `$TOKEN` and `admin:admin` are not).
  accept: (s, m) => !/^[$<[{%]/.test(m.groups!.user) && (isLiteralPassword(s, m.groups!.user) || looksLikeToken(s)),
});

// Passwords and tokens as command-line arguments. One regex per tool family, each gated by its own literal,
// so documents without such commands skip them.
const CLI_VALUE = String.raw`(?<q>["']?)(?<secret>[^\s'"\x60]{4,300})\k<q>`;
const cliArgument = (triggers: string[], prefix: string) =>
  regexRule({
    id: 'cli-password-argument',
    description: 'Passwords and tokens as command-line arguments: --password=, --token, docker login -p, mysql -p…, sshpass -p, redis-cli -a, ldapsearch -w, net use /user:',
    message: 'Password or token passed on the command line',
    triggers,
    pattern: new RegExp(prefix + CLI_VALUE, 'dg'),
    accept: (s) => passwordOrToken(s),
  });
const cliPasswordArguments = [
  cliArgument(['--pass', '--token', '--api', '--secret', '--client-secret', '--auth-token', '--access-token', '--registry-password', '--db-password', '--http-password', '--ftp-password', '--proxy-password', '--admin-password', '--root-password', '--storepass', '--keypass', '--docker-password', '--service-principal-password', '--client-password', '--bind-password'], String.raw`--(?<![\w-]--)(?:password|passwd|pass|token|api-key|apikey|secret|client-secret|auth-token|access-token|registry-password|db-password|http-password|ftp-password|proxy-password|admin-password|root-password|storepass|keypass|docker-password|service-principal-password|client-password|bind-password)(?:=|\s+)`),
  cliArgument(['storepass', 'keypass'], String.raw`(?<![\w-])-(?:storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass)\s+`),
  cliArgument(['pass:'], String.raw`(?<![\w-])-(?:passin|passout|password|pass)\s+["']?pass:`),
  cliArgument(['az login', 'oc login', 'cf login', 'sqlcmd', 'mongo'], String.raw`\b(?:az\s+login|oc\s+login|cf\s+(?:login|auth)|sqlcmd|mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)\b[^\n]{0,200}?\s-[pP]\s+`),
  cliArgument([' login'], String.raw`\b(?:docker|podman|buildah|skopeo|nerdctl|oras|helm(?:\s+registry)?|crane)\s+login\b[^\n]{0,200}?\s-p\s*`),
  cliArgument(['mysql', 'mariadb'], String.raw`\b(?:mysql|mysqldump|mysqladmin|mysqlsh|mysqlimport|mysqlcheck|mariadb|mariadb-dump)\b[^\n|;&]{0,200}?\s-p(?=\S)`),
  cliArgument(['sshpass'], String.raw`\bsshpass\s+-p\s*`),
  cliArgument(['redis-cli'], String.raw`\bredis-cli\b[^\n]{0,200}?\s-a\s+`),
  cliArgument(['ldap'], String.raw`\bldap(?:search|modify|add|delete|passwd|whoami)\b[^\n]{0,200}?\s-w\s+`),
  // net use \\host\share /user:DOMAIN\name PASSWORD ("*" prompts, "/persistent:yes" is a flag: neither is real)
  cliArgument(['net use'], String.raw`\bnet\s+use\b[^\n]{0,200}?\/user:\S+\s+`),
  cliArgument(['config set', 'configure set'], String.raw`\bconfig(?:ure)?\s+set\s+[\w./:-]*(?:secret|token|password|_key|_auth)\s+`),
];

const netrcPassword = regexRule({
  id: 'netrc-password',
  description: '.netrc / .git-credentials style "machine HOST login USER password PASS"',
  message: 'Password in a .netrc entry',
  triggers: ['machine'],
  pattern: /\bmachine\s+\S+\s+login\s+\S+\s+password\s+(?<secret>\S{4,300})/dg,
  accept: (s) => passwordOrToken(s),
});

const npmrcAuth = regexRule({
  id: 'npmrc-auth',
  description: '.npmrc / .yarnrc credentials: _authToken=, _auth=, _password=, npmAuthToken:',
  message: 'Registry credential in .npmrc/.yarnrc',
  triggers: ['_authtoken', '_auth', '_password', 'npmauthtoken', 'npmauthident'],
  pattern: /(?<![A-Za-z0-9])(?:_authToken|_auth|_password|npmAuthToken|npmAuthIdent)["']?\s*[=:]\s*["']?(?<secret>[^\s'"`]{8,500})/dg,
  accept: (s) => {
    if (isPlaceholder(s) || decodesToPlaceholder(s)) return false;
    const decoded = decodeBase64Text(s);
    if (decoded && /^[^:\s]+:\S+$/.test(decoded)) return credentialPairIsReal(decoded); // _auth=base64(user:pass)
    return looksLikeToken(s) || looksLikePassword(decoded ?? '');
  },
});

const dockerConfigAuth: Detector = {
  id: 'docker-config-auth',
  description: 'Docker registry credentials: "auth" in config.json/.dockerconfigjson, and base64 .dockerconfigjson values',
  triggers: ['"auth"', 'dockerconfigjson', 'dockercfg'],
  detect(ctx) {
    const out: RawFinding[] = [];
    const re = /"auth"\s*:\s*"(?<secret>[A-Za-z0-9+/=]{8,2000})"|\.docker(?:config)?(?:json|cfg)["']?\s*:\s*["']?(?<blob>[A-Za-z0-9+/=]{40,20000})/dg;
    for (let m = re.exec(ctx.text); m; m = re.exec(ctx.text)) {
      if (m.groups!.secret) {
        if (!credentialPairIsReal(decodeBase64Text(m.groups!.secret))) continue;
        const [start, end] = m.indices!.groups!.secret;
        out.push({ rule: 'docker-config-auth', message: 'Docker registry credential ("auth": base64 user:password)', start, end, secret: m.groups!.secret });
      } else {
        const json = decodeBase64Text(m.groups!.blob);
        if (!json || !dockerJsonHasCredential(json)) continue;
        const [start, end] = m.indices!.groups!.blob;
        out.push({ rule: 'docker-config-auth', message: 'Docker registry credentials in a .dockerconfigjson value', start, end, secret: m.groups!.blob });
      }
    }
    return out;
  },
};

function dockerJsonHasCredential(json: string): boolean {
  for (const m of json.matchAll(/"(auth|password|identitytoken)"\s*:\s*"([^"]{4,2000})"/g)) {
    if (m[1] === 'auth' ? credentialPairIsReal(decodeBase64Text(m[2])) : passwordOrToken(m[2])) return true;
  }
  return false;
}

// Names under a Secret's data: that hold identifiers, not secrets.
const NON_SECRET_KEYS = /^(?:user(?:name)?|login|host(?:name)?|port|database|db(?:name)?|namespace|region|endpoint|ca\.crt|tls\.crt|service|server|email|schema|cluster|bucket|url|uri|client[_.-]?id|app[_.-]?id|tenant[_.-]?id|account[_.-]?id)$/i;

const kubernetesSecret: Detector = {
  id: 'kubernetes-secret',
  description: 'Kubernetes Secret manifests: data: (base64) and stringData: values of secret entries',
  triggers: ['kind: secret', 'kind: "secret"', 'kind: \'secret\''],
  detect(ctx) {
    const out: RawFinding[] = [];
    const lines = ctx.text.split('\n');
    let offset = 0;
    let block: { indent: number; base64: boolean } | undefined;
    const lineOffsets: number[] = [];
    for (const l of lines) {
      lineOffsets.push(offset);
      offset += l.length + 1;
    }
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/\r$/, '');
      const header = /^(\s*)(data|stringData):\s*$/.exec(line);
      if (header) {
        const around = nearbyText(ctx, lineOffsets[i], 30, 30);
        block = /kind:\s*["']?secret\b/.test(around) ? { indent: header[1].length, base64: header[2] === 'data' } : undefined;
        continue;
      }
      if (!block) continue;
      const entry = /^(\s*)([\w.-]+)\s*:\s*(["']?)([^\s"'#]+)\3\s*(?:#.*)?$/.exec(line);
      if (!entry || entry[1].length <= block.indent) {
        if (line.trim() !== '' && !/^\s*#/.test(line)) block = undefined;
        continue;
      }
      const [, indent, key, quote, value] = entry;
      if (NON_SECRET_KEYS.test(key) || value === '|' || value === '>') continue;
      let real: boolean;
      if (block.base64) {
        const decoded = decodeBase64Text(value);
        if (decoded === undefined) continue;
        const plain = decoded.replace(/\r?\n$/, '');
        const structured = /[\n{=:]/.test(plain) && plain.length > 20; // a config file, not a single value
        real = structured
          ? /PRIVATE KEY-----/.test(plain) || dockerJsonHasCredential(plain) || (ctx.hasSecret?.(plain) ?? false)
          : passwordOrToken(plain) || (plain.length >= 8 && !isPlaceholder(plain) && !looksLikeIdentifier(plain) && /[^a-z -]/.test(plain));
      } else {
        real = passwordOrToken(value);
      }
      if (!real) continue;
      const start = lineOffsets[i] + indent.length + line.slice(indent.length).indexOf(value, key.length + quote.length);
      out.push({ rule: 'kubernetes-secret', message: `Kubernetes Secret ${block.base64 ? 'data' : 'stringData'} value "${key}"`, start, end: start + value.length, secret: value });
    }
    return out;
  },
};

const twilioAuthToken: Detector = {
  id: 'twilio-credentials',
  description: 'Twilio account SID (AC + 32 hex) with its 32-hex auth token nearby',
  triggers: ['twilio'],
  detect(ctx) {
    const out: RawFinding[] = [];
    const sids = [...ctx.text.matchAll(/(?<![A-Za-z0-9_])AC[0-9a-f]{32}(?![A-Za-z0-9_])/g)];
    const tokens = [...ctx.text.matchAll(/(?<![A-Za-z0-9_])[0-9a-f]{32}(?![A-Za-z0-9_])/g)].filter(
      (t) => {
        if (shannonEntropy(t[0]) < 3 || isPlaceholder(t[0])) return false;
        const own = nearbyText(ctx, t.index!, 0, 0);
        // A 32-hex value labelled as something else (an ETag, an MD5, a request id) is not the auth token.
        if (/etag|md5|checksum|digest|hash|request[-_ ]?id|trace[-_ ]?id|commit|sha\b/.test(own) && !/auth|token|secret/.test(own)) return false;
        return /twilio|auth_?token|account_?sid|\bAC[0-9a-f]{32}/i.test(nearbyText(ctx, t.index!, 3, 3));
      },
    );
    for (const t of tokens) {
      out.push({ rule: 'twilio-credentials', message: 'Twilio auth token', start: t.index!, end: t.index! + 32, secret: t[0] });
    }
    for (const s of sids) {
      const line = ctx.lines.lineOf(s.index!);
      if (!tokens.some((t) => Math.abs(ctx.lines.lineOf(t.index!) - line) <= 3) || isPlaceholder(s[0].slice(2))) continue;
      out.push({ rule: 'twilio-credentials', message: 'Twilio account SID with its auth token', start: s.index!, end: s.index! + 34, secret: s[0] });
    }
    return out;
  },
};

const powershellSecureString = regexRule({
  id: 'cli-password-argument',
  description: 'PowerShell ConvertTo-SecureString "…" -AsPlainText',
  message: 'Plain-text password turned into a PowerShell SecureString',
  triggers: ['convertto-securestring'],
  pattern: /ConvertTo-SecureString\s+(?:-String\s+)?(?<q>["'])(?<secret>[^"'\n]{4,300})\k<q>[^\n]{0,40}?-AsPlainText/dgi,
  accept: (s) => passwordOrToken(s),
});

/** ~/.pgpass: hostname:port:database:username:password, one per line. */
const pgpassLine = regexRule({
  id: 'url-credentials',
  description: '.pgpass lines (host:port:database:user:password)',
  message: 'Password in a .pgpass line',
  triggers: [':'],
  pattern: /^[ \t>`]*(?:[\w.-]+|\*):(?:\d{1,5}|\*):(?:[\w.-]+|\*):(?:[\w.@-]+|\*):(?<secret>[^\s`]{4,200})`?[ \t]*$/dgm,
  accept: (s) => passwordOrToken(s),
});

/** PgBouncer userlist.txt / pg_authid: "user" "md5…" — with md5 auth the hash itself logs in. */
const pgMd5Hash = regexRule({
  id: 'url-credentials',
  description: 'PostgreSQL md5 password hashes in a PgBouncer userlist ("user" "md5…"), which log in as they are',
  message: 'PostgreSQL md5 password hash (usable as the password)',
  triggers: ['"md5'],
  pattern: /"[^"\s]{1,80}"\s+"(?<secret>md5[0-9a-f]{32})"/dg,
  accept: (s) => shannonEntropy(s.slice(3)) >= 3 && !isPlaceholder(s.slice(3)),
});

/** Session cookies in Cookie headers and curl -b/--cookie: a logged-in session is as good as a password. */
const sessionCookie = regexRule({
  id: 'authorization-header',
  description: 'Session cookies in Cookie/Set-Cookie headers and curl --cookie (session=, sessionid=, JSESSIONID=, …)',
  message: 'Session cookie',
  triggers: ['cookie', ' -b '],
  pattern: /(?:\b(?:set-)?cookie["']?\s*[:=]\s*|\s(?:-b|--cookie)\s+)["']?(?:[^\n;"'`]{0,200};\s*)?(?<name>[\w.-]*(?:sess|sid|auth|token|jwt|remember|login)[\w.-]*)=(?<secret>[^;\s"'`]{16,4000})/dgi,
  accept: (s) => !/\.\.\.|…/.test(s) && (looksLikeToken(s) || /^eyJ[\w-]{10,}\.[\w-]+/.test(s)),
});

/** A PEM private key wrapped in base64 (kubeconfig client-key-data, Helm values, CI variables): LS0tLS1CRUdJTi… */
const base64PrivateKey: Detector = {
  id: 'private-key',
  description: 'base64-encoded PEM private keys (kubeconfig client-key-data, tls.key values, CI variables)',
  triggers: ['ls0tls1crudjti'],
  detect(ctx) {
    const out: RawFinding[] = [];
    for (const m of ctx.text.matchAll(/LS0tLS1CRUdJTi[A-Za-z0-9+/]{20,20000}={0,2}/g)) {
      const decoded = Buffer.from(m[0], 'base64').toString('latin1');
      const key = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY-----([\s\S]*?)(?:-----|$)/.exec(decoded);
      if (!key) continue;
      const body = key[2].replace(/[^A-Za-z0-9+/=]/g, '');
      if (body.length < 40 || shannonEntropy(body) < 4) continue;
      out.push({ rule: 'private-key', message: `Private key (${key[1].trim() || 'PKCS#8'}), base64-encoded`, start: m.index!, end: m.index! + m[0].length, secret: m[0] });
    }
    return out;
  },
};

export const structuredDetectors: Detector[] = [
  privateKeyBlock,
  urlCredentials,
  oracleThin,
  codeBasicAuth,
  authorizationHeader,
  curlUser,
  ...cliPasswordArguments,
  netrcPassword,
  npmrcAuth,
  dockerConfigAuth,
  kubernetesSecret,
  twilioAuthToken,
  powershellSecureString,
  pgpassLine,
  pgMd5Hash,
  sessionCookie,
  base64PrivateKey,
];

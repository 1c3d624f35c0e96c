// Generic rules: a secret-sounding name (password, token, api_key, client_secret, …) with a value that looks
// real. Covers .env lines, YAML/JSON/TOML/INI, code, XML, prose ("the password is `…`") and Markdown tables.
import {
  credentialPairIsReal,
  decodeBase64Text,
  isLiteralPassword,
  decodesToPlaceholder,
  looksLikeCamelIdentifier,
  looksLikePassword,
  looksLikeToken,
  looksLikeWordCompound,
} from '../values';
import type { DetectContext, Detector, RawFinding } from './detector';

type Kind = 'password' | 'token' | 'secret';

// Name endings, longest first. `pass` needs a word boundary before it (bypass, compass).
const KEYWORDS =
  'passphrase|password|passwd|pwd|pass|secret[_.-]?access[_.-]?key|secret[_.-]?key[_.-]?base|secret[_.-]?key|client[_.-]?secret|app[_.-]?secret|' +
  'consumer[_.-]?secret|webhook[_.-]?secret|signing[_.-]?secret|secret|api[_.-]?token|auth[_.-]?token|access[_.-]?token|' +
  'refresh[_.-]?token|bearer[_.-]?token|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|auth[_.-]?key|' +
  'account[_.-]?key|master[_.-]?key|signing[_.-]?key|encryption[_.-]?key|subscription[_.-]?key|license[_.-]?key|' +
  'app[_.-]?key|application[_.-]?key|authtok|credentials?|auth|sas|pat';

function kindOf(name: string): Kind {
  const n = name.toLowerCase();
  if (/(?:pass(?:word|wd|phrase)?|pwd|authtok)$/.test(n)) return 'password';
  if (/(?:secret|credentials?)$/.test(n)) return 'secret';
  return 'token';
}

/** `literal`: the value was quoted (or is an XML element's text), so it is a string, not a variable or type name. */
function valueIsReal(kind: Kind, value: string, literal = false): boolean {
  // A connection string (Key=value;Key=value): secret only through a part whose name is one (Password=, AccountKey=).
  if (/^[A-Za-z][\w ]*=[^;]*(?:;[A-Za-z][\w ]*=[^;]*)+;?$/.test(value)) {
    return value.split(';').some((part) => {
      const eq = part.indexOf('=');
      const name = part.slice(0, eq).replace(/ /g, '_');
      return eq > 0 && nameEndsWithKeyword(name) && valueIsReal(kindOf(name), part.slice(eq + 1));
    });
  }
  if (kind !== 'password' && looksLikeWordCompound(value)) return false; // X-Hub-Signature, Content-Type
  if (/\s/.test(value) && !(/\d/.test(value) && /[^\w\s]/.test(value) && value.split(/\s+/).length <= 4)) return false;
  const pair = /^[A-Za-z0-9+/]{8,}={0,2}$/.test(value) ? decodeBase64Text(value) : undefined;
  if (pair && /^[^:\s]{1,100}:\S+$/.test(pair)) return credentialPairIsReal(pair); // base64 user:password
  if (decodesToPlaceholder(value)) return false; // base64 of "not my real password"
  if (kind === 'password') return literal ? isLiteralPassword(value) : looksLikePassword(value);
  if (kind === 'secret') return looksLikeToken(value) || looksLikePassword(value);
  return looksLikeToken(value);
}

/** Is the keyword at the end of `name` a whole name part? (PGPASSWORD, db_pass, dbPassword: yes; bypass, oauth: no) */
function nameEndsWithKeyword(name: string): boolean {
  const m = new RegExp(`(?:${KEYWORDS})\\d*$`, 'i').exec(name);
  if (!m) return false;
  if (m.index === 0) return true;
  const before = name[m.index - 1];
  if (/[_.\-:$]/.test(before)) return true;
  if (/[a-z0-9]/.test(before) && /[A-Z]/.test(name[m.index])) return true; // camelCase
  return !/^(?:pass|pwd|auth|sas|pat|credentials?)$/i.test(m[0].replace(/\d+$/, ''));
}

/** Reads the value starting at `i`: quoted up to the closing quote, else up to whitespace/delimiter. */
function readValue(text: string, i: number): { start: number; value: string; quoted?: boolean } | undefined {
  const q = text[i];
  if (q === '"' || q === "'" || q === '`') {
    const close = text.indexOf(q, i + 1);
    const nl = text.indexOf('\n', i + 1);
    if (close === -1 || (nl !== -1 && nl < close) || close - i > 400) return undefined;
    // A backtick in prose is inline code, not a string literal: judged by shape like an unquoted value.
    return { start: i + 1, value: text.slice(i + 1, close), quoted: q !== '`' };
  }
  let j = i;
  // "&" ends a value only where a query parameter follows (?token=abc&page=2); generated passwords contain it.
  const ends = (k: number) => /[\s"'`,;|<>\\)\]}]/.test(text[k]) || (text[k] === '&' && k > i && /^&(?:amp;)?[A-Za-z_][\w.-]*=/.test(text.slice(k, k + 40)));
  while (j < text.length && j - i < 400 && !ends(j)) j++;
  let value = text.slice(i, j);
  value = value.replace(/[.,:)\]}*]+$/, ''); // sentence punctuation, closing brackets, emphasis
  return value ? { start: i, value } : undefined;
}

// Matched against the lower-cased text (much faster than a case-insensitive regex); same offsets for ASCII.
/** YAML `password: |` (or `>`): the value is the next line. */
function blockScalarStart(text: string, i: number): number {
  const m = /^[|>][-+]?[ \t]*\r?\n[ \t]+(?=\S)/.exec(text.slice(i, i + 200));
  return m ? i + m[0].length : i;
}

// Compound names may be written with spaces in prose ("API key: …", "secret access key is …").
const KEYWORD = new RegExp(`(?:${KEYWORDS.replace(/\[_\.-\]\?/g, '[ _.-]?')})\\d*(?![a-z0-9])`, 'g');
// After the name: closing quote/emphasis, then `:`, `=`, `:=`, `=>`, " is ", or a space before inline code.
const SEPARATOR = /["'*_\]]{0,3}[ \t]{0,40}(:=|=>|==|=|:|[ \t]+(?:is|was)[ \t]|[ \t](?=`))[ \t]{0,3}[*_]{0,2}[ \t]{0,2}(?=\S)/y;

const genericAssignment: Detector = {
  id: 'generic-secret-assignment',
  description: 'password:/secret:/token:/api_key= style assignments (.env, YAML, JSON, code, prose) with a real-looking value',
  triggers: ['pass', 'pwd', 'secret', 'token', 'key', 'credential', 'auth', 'sas', 'pat'],
  detect(ctx) {
    const out: RawFinding[] = [];
    const sameOffsets = ctx.lower.length === ctx.text.length;
    const re = new RegExp(KEYWORD.source, sameOffsets ? 'g' : 'gi');
    const haystack = sameOffsets ? ctx.lower : ctx.text;
    const sepRe = new RegExp(SEPARATOR.source, SEPARATOR.flags);
    for (let m = re.exec(haystack); m; m = re.exec(haystack)) {
      const end = m.index + m[0].length;
      sepRe.lastIndex = end;
      const sepMatch = sepRe.exec(ctx.text);
      if (!sepMatch) continue;
      let from = m.index;
      while (from > 0 && m.index - from < 60 && /[A-Za-z0-9_.$-]/.test(ctx.text[from - 1])) from--;
      const name = ctx.text.slice(from, end).replace(/^[$.-]+/, '').replace(/ /g, '_');
      if (!nameEndsWithKeyword(name)) continue;
      // userinfo of a URL (the url-credentials rule's job) and ARN segments (arn:aws:secretsmanager:…:secret:name)
      const before = ctx.text.slice(Math.max(0, from - 80), from);
      if (/:\/\/$/.test(before) || /\barn:[\w-]*:[\w-]*:[^\s]*$/.test(before)) continue;
      const sep = sepMatch[1].trim();
      if (sep === '==') continue; // comparisons in code
      if (ctx.text.startsWith('::', end)) continue; // C++/Rust/PHP scopes: node::credentials::HasOnly
      // "pass `x`", "auth `y`": verbs in prose, not names
      if (sep === '' && /^(?:pass|auth|sas|pat|credentials?)$/i.test(name)) continue;
      const v = readValue(ctx.text, blockScalarStart(ctx.text, sepRe.lastIndex));
      if (!v) continue;
      const kind = kindOf(name);
      if (!valueIsReal(kind, v.value, v.quoted)) continue;
      out.push({ rule: 'generic-secret-assignment', message: `Value assigned to "${name}" looks like a real ${kind}`, start: v.start, end: v.start + v.value.length, secret: v.value });
    }
    return out;
  },
};

/** "Log in with password `Zx9…`", "use the API token `…` for staging": keyword, a few words, then inline code. */
const PROSE_KEYWORD = new RegExp(`(?<![A-Za-z0-9_])(?<name>${KEYWORDS.replace(/\[_\.-\]\?/g, '[ _.-]?')}|api key|access key)s?(?![A-Za-z0-9])`, 'gi');
/** "not secret", "non-secret", "no password": the sentence says the value is not one. */
const NEGATED = /\b(?:not|non|no|isn't|never)[\s-]+(?:a[\s-]+|the[\s-]+)?$/i;

const proseCode: Detector = {
  id: 'generic-secret-assignment',
  description: 'a secret-sounding word followed closely by an inline code value in prose',
  triggers: ['pass', 'pwd', 'secret', 'token', 'key', 'credential', 'authtok'],
  detect(ctx) {
    const out: RawFinding[] = [];
    const { text } = ctx;
    for (const m of text.matchAll(new RegExp(PROSE_KEYWORD.source, PROSE_KEYWORD.flags))) {
      const name = m.groups!.name;
      // "pass the flag", "pat on the back": verbs; the acronyms PAT and SAS in capitals are names.
      if (/^(?:pass|auth|sas|pat)$/i.test(name) && !/^(?:PAT|SAS)$/.test(name)) continue;
      // Bounded windows around the keyword: a megabyte-long line must not make this quadratic.
      const line = ctx.lines.lineOf(m.index!);
      const lineStart = Math.max(ctx.lines.lineStart(line), m.index! - 200);
      const lineEnd = Math.min(ctx.lines.lineEnd(line), m.index! + 400);
      const before = text.slice(lineStart, m.index!);
      if (NEGATED.test(before.slice(-20))) continue;
      const keywordEnd = m.index! + m[0].length;
      let i = keywordEnd;
      // The keyword inside a code span (`config/master.key`): values start after that span closes.
      const tick = (from: number) => {
        const at = text.slice(from, lineEnd).indexOf('`');
        return at === -1 ? -1 : from + at;
      };
      if ((before.match(/`/g)?.length ?? 0) % 2 === 1) {
        const close = tick(i);
        if (close === -1) continue;
        i = close + 1;
      }
      const limit = Math.min(lineEnd, keywordEnd + 200);
      const kind = kindOf(name.replace(/\s/g, ''));
      // Up to four code spans in the rest of the sentence: "signing secret (for the `/deploy` command): `3ae7…`".
      for (let tries = 0; tries < 4 && i < limit; tries++) {
        const open = tick(i);
        if (open === -1 || open >= limit) break;
        const gap = text.slice(i, open);
        if (/[.!?](?:\s|$)/.test(gap)) break; // the sentence ended
        const close = tick(open + 1);
        if (close === -1) break;
        i = close + 1;
        const raw = text.slice(open + 1, close);
        if (!/^\S{6,300}$/.test(raw)) continue;
        if (text[open - 1] === '[' && text.startsWith('](', close + 1)) continue; // a link's text ([`ed3a7a2`](…/commit/…)): a name, not a value
        const secret = raw.replace(/^(["'])(.*)\1$/, '$2');
        if (looksLikeCamelIdentifier(secret) || looksLikeWordCompound(secret) || !valueIsReal(kind, secret)) continue;
        // Far from its name, a value must be introduced as one ("…: `x`", "… is `x`"): a hash or id further on
        // in a sentence that mentions a token is not that token.
        const introduced = /(?::|=|\bis|\bwas)\s*$/.test(text.slice(lineStart, open));
        if (open - keywordEnd > 40 && !introduced) continue;
        // "…in commit `9fceb02…`", "checksum `e3b0…`": the words right before the value say what it is.
        if (/\b(?:commit|sha\d*|checksum|digest|hash|etag|revision|rev|build|run|request|trace|uuid|id)\s*$/i.test(gap)) continue;
        if (/^[0-9a-f]+$/i.test(secret) && !introduced && open - keywordEnd > 3) continue; // hex further on: an id or hash
        const start = open + 1 + raw.indexOf(secret);
        out.push({ rule: 'generic-secret-assignment', message: `Inline code after "${name}" looks like a real ${kind}`, start, end: start + secret.length, secret });
        break;
      }
    }
    return out;
  },
};

/** "The password for the staging database is Xk9#mP2$vL5n." — a few plain words between name and value. */
const PROSE_PLAIN = new RegExp(
  `(?<![A-Za-z0-9_])(?<name>password|passphrase|passcode|pin code|api key|api token|access token|access key|secret key|client secret|token|secret)s?(?:[ \\t]+[A-Za-z][\\w'-]*){0,6}?[ \\t]+(?:(?:is|was)[ \\t]*:?|=|:)[ \\t]+["']?(?<secret>[^\\s"'\x60<>]{6,200})`,
  'gdi',
);

const prosePlain: Detector = {
  id: 'generic-secret-assignment',
  description: 'a secret-sounding word, a few words, then "is <value>" in prose',
  triggers: ['pass', 'token', 'secret', 'key'],
  detect(ctx) {
    const out: RawFinding[] = [];
    for (const m of ctx.text.matchAll(new RegExp(PROSE_PLAIN.source, PROSE_PLAIN.flags))) {
      const name = m.groups!.name;
      const secret = m.groups!.secret.replace(/[.,;:)]+$/, ''); // sentence punctuation
      const kind = kindOf(name.replace(/\s/g, ''));
      // Plain prose needs stronger evidence than an assignment: a password with digits and symbols, or a token.
      const real = kind === 'password' ? looksLikePassword(secret) && /\d/.test(secret) && /[^\w]/.test(secret) : looksLikeToken(secret) && !looksLikeCamelIdentifier(secret);
      if (!real) continue;
      const start = m.indices!.groups!.secret[0];
      out.push({ rule: 'generic-secret-assignment', message: `Value after "${name}" in prose looks like a real ${kind}`, start, end: start + secret.length, secret });
    }
    return out;
  },
};

const XML = new RegExp(`<(?<name>[A-Za-z0-9_.:-]*(?:${KEYWORDS}))>(?<secret>[^<\\n]{4,300})</`, 'gdi');

const xmlElement: Detector = {
  id: 'generic-secret-assignment',
  description: '<password>…</password>-style XML elements (Maven settings.xml, NuGet, …)',
  triggers: ['pass', 'secret', 'token', 'key'],
  detect(ctx) {
    const out: RawFinding[] = [];
    for (const m of ctx.text.matchAll(new RegExp(XML.source, XML.flags))) {
      const secret = m.groups!.secret.trim();
      if (!nameEndsWithKeyword(m.groups!.name) || !valueIsReal(kindOf(m.groups!.name), secret, true)) continue;
      const start = m.indices!.groups!.secret[0] + m.groups!.secret.indexOf(secret);
      out.push({ rule: 'generic-secret-assignment', message: `Value of <${m.groups!.name}> looks like a real ${kindOf(m.groups!.name)}`, start, end: start + secret.length, secret });
    }
    return out;
  },
};

/**
 * The secret's name and its value on different keys: Kubernetes/Compose env lists (`- name: DB_PASSWORD` then
 * `value: …`), JSON `{"name": "API_KEY", "value": "…"}`, Terraform `variable "db_password" { default = "…" }`.
 */
const NAME_THEN_VALUE = /(?:\bname|\bkey|\bvariable)["']?\s*[:=]?\s*["']?(?<name>[A-Za-z0-9_.-]{2,80})["']?[\s,{]{0,12}?(?:\n[^\n]{0,80}?){0,2}?["']?\b(?:value|default)["']?\s*[:=]\s*(?<q>["']?)(?<secret>[^\s"'`]{4,300})\k<q>/dg;

const nameThenValue: Detector = {
  id: 'generic-secret-assignment',
  description: 'name/value pairs: env lists (name: DB_PASSWORD / value: …), Terraform variable defaults',
  triggers: ['value', 'default'],
  detect(ctx) {
    const out: RawFinding[] = [];
    for (const m of ctx.text.matchAll(new RegExp(NAME_THEN_VALUE.source, NAME_THEN_VALUE.flags))) {
      const name = m.groups!.name;
      if (!nameEndsWithKeyword(name) || !valueIsReal(kindOf(name), m.groups!.secret, m.groups!.q !== '')) continue;
      const [start, end] = m.indices!.groups!.secret;
      out.push({ rule: 'generic-secret-assignment', message: `Value of "${name}" looks like a real ${kindOf(name)}`, start, end, secret: m.groups!.secret });
    }
    return out;
  },
};

/** Setter and builder calls with a literal: setPassword("…"), .withToken('…'), SecretKey("…"). */
const SETTER = /(?<!\bnew\s+)\b(?:set|with)?_?(?<name>password|passwd|passphrase|token|secret|api_?key|access_?key|secret_?key|credentials?|auth_?token|client_?secret)\(\s*(?<q>["'])(?<secret>[^"'\n]{4,300})\k<q>\s*[,)]/dgi;

const setterCall: Detector = {
  id: 'generic-secret-assignment',
  description: 'setter calls with a literal: setPassword("…"), withToken("…")',
  triggers: ['pass', 'token', 'secret', 'key', 'credential'],
  detect(ctx) {
    const out: RawFinding[] = [];
    for (const m of ctx.text.matchAll(new RegExp(SETTER.source, SETTER.flags))) {
      const kind = kindOf(m.groups!.name);
      if (!valueIsReal(kind, m.groups!.secret, true)) continue;
      const [start, end] = m.indices!.groups!.secret;
      out.push({ rule: 'generic-secret-assignment', message: `Literal passed to ${m[0].slice(0, m[0].indexOf('('))}() looks like a real ${kind}`, start, end, secret: m.groups!.secret });
    }
    return out;
  },
};

const KEYWORD_CELL = new RegExp(`(?:^|[^A-Za-z0-9])(?:${KEYWORDS.replace(/\[_\.-\]\?/g, '[ _.-]?')}|api key|access key)(?:[^A-Za-z0-9]|$)`, 'i');

/** Markdown tables: a value in a column headed "Password"/"Token"…, or right after a cell naming one. */
const tableCells: Detector = {
  id: 'generic-secret-assignment',
  description: 'Markdown table cells under a Password/Secret/Token column or next to a cell naming one',
  triggers: ['|'],
  detect(ctx: DetectContext) {
    const out: RawFinding[] = [];
    let header: string[] | undefined;
    let prev: string[] | undefined;
    let tableHasKeyword = false;
    for (let line0 = 0; line0 < ctx.lines.lineCount; line0++) {
      const start = ctx.lines.lineStart(line0);
      const end = ctx.lines.lineEnd(line0);
      const pipe = ctx.text.indexOf('|', start);
      if (pipe === -1 || pipe >= end || (!prev && !/^\s*(?:>\s*)*\|/.test(ctx.text.slice(start, pipe + 1)))) {
        header = prev = undefined;
        continue;
      }
      if (!prev) tableHasKeyword = tableMentionsKeyword(ctx, line0); // a new table: skip it unless a keyword occurs in it
      if (!tableHasKeyword) {
        prev = [];
        continue;
      }
      const text = ctx.text.slice(start, end);
      const cells = splitCells(text);
      if (cells.every((c) => /^\s*:?-{3,}:?\s*$/.test(c.text))) {
        header = prev?.map((c) => c);
        continue;
      }
      if (header) {
        cells.forEach((cell, i) => {
          const label = i > 0 ? cells[i - 1].text : '';
          const named = (header![i] && KEYWORD_CELL.test(header![i])) || KEYWORD_CELL.test(label);
          if (!named) return;
          const kindSource = KEYWORD_CELL.test(label) ? label : header![i];
          const m = /^\s*`?([^`\s|]+)`?\s*$/.exec(cell.text);
          if (!m) return;
          const kind = kindOf(/pass|pwd/i.test(kindSource) ? 'password' : /secret|credential/i.test(kindSource) ? 'secret' : 'token');
          if (!valueIsReal(kind, m[1])) return;
          const at = start + cell.offset + cell.text.indexOf(m[1]);
          out.push({ rule: 'generic-secret-assignment', message: `Table cell under "${(KEYWORD_CELL.test(label) ? label : header![i]).trim()}" looks like a real ${kind}`, start: at, end: at + m[1].length, secret: m[1] });
        });
      }
      prev = cells.map((c) => c.text);
    }
    return out;
  },
};

/** Does any row of the table starting at `line0` mention a secret-sounding word? */
function tableMentionsKeyword(ctx: DetectContext, line0: number): boolean {
  for (let l = line0; l < ctx.lines.lineCount; l++) {
    const from = ctx.lines.lineStart(l);
    const to = ctx.lines.lineEnd(l);
    const pipe = ctx.text.indexOf('|', from);
    if (pipe === -1 || pipe >= to) return false;
    if (/pass|pwd|secret|token|key|credential|auth|sas/i.test(ctx.text.slice(from, to))) return true;
  }
  return false;
}

function splitCells(line: string): { text: string; offset: number }[] {
  const cells: { text: string; offset: number }[] = [];
  let from = line.indexOf('|') + 1;
  for (let i = from; i <= line.length; i++) {
    if (i === line.length || (line[i] === '|' && line[i - 1] !== '\\')) {
      if (i > from || i < line.length) cells.push({ text: line.slice(from, i), offset: from });
      from = i + 1;
    }
  }
  if (cells.length && cells[cells.length - 1].text.trim() === '') cells.pop();
  return cells;
}

export const keywordDetectors: Detector[] = [genericAssignment, proseCode, prosePlain, xmlElement, tableCells, nameThenValue, setterCall];

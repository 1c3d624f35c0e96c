/**
 * A small CQL subset: fields space, type, title, label, ancestor, parent, id/content, status, created, lastmodified,
 * text, creator; operators = != ~ !~ > >= < <= in / not in; and / or / not, parentheses; order by.
 * Anything else is a 400 "Could not parse cql", as Confluence answers unparsable queries.
 */
import { badRequest } from './errors';
import { compareDate, cqlNow, parseCqlDate, type CqlDate } from './cql-dates';
import type { PageRec, Store } from './store';

type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'cmp'; field: string; op: string; values: Value[] };

type Value = { type: 'string'; value: string } | { type: 'fn'; name: string; args: string[] };

export interface CqlQuery {
  where?: Expr;
  order: Array<{ field: string; desc: boolean }>;
}

const FIELDS = new Set([
  'space',
  'space.key',
  'type',
  'title',
  'label',
  'ancestor',
  'parent',
  'id',
  'content',
  'status',
  'created',
  'lastmodified',
  'text',
  'creator',
  'contributor',
]);
const ORDER_FIELDS = new Set(['title', 'created', 'lastmodified', 'id']);

interface Tok {
  t: 'str' | 'word' | 'op' | '(' | ')' | ',';
  v: string;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        v += src[j++];
      }
      if (j >= src.length) throw parseError(src, 'unterminated string');
      out.push({ t: 'str', v });
      i = j + 1;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c, v: c });
      i++;
    } else {
      const op = /^(!=|!~|>=|<=|=|~|>|<)/.exec(src.slice(i));
      if (op) {
        out.push({ t: 'op', v: op[1] });
        i += op[1].length;
        continue;
      }
      const w = /^[^\s()=!~<>,"']+/.exec(src.slice(i));
      if (!w) throw parseError(src, `unexpected character '${c}'`);
      out.push({ t: 'word', v: w[0] });
      i += w[0].length;
    }
  }
  return out;
}

function parseError(cql: string, why: string) {
  return badRequest(`Could not parse cql : ${cql} (${why})`);
}

export function parseCql(cql: string): CqlQuery {
  if (!cql.trim()) throw parseError(cql, 'empty query');
  const toks = tokenize(cql);
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const isWord = (w: string, t = peek()): boolean => t?.t === 'word' && t.v.toLowerCase() === w;

  const parseValue = (): Value => {
    const t = toks[i++];
    if (!t) throw parseError(cql, 'missing value');
    if (t.t === 'str') return { type: 'string', value: t.v };
    if (t.t !== 'word') throw parseError(cql, `unexpected '${t.v}'`);
    if (peek()?.t === '(') {
      i++;
      const args: string[] = [];
      while (peek() && peek()!.t !== ')') {
        const a = toks[i++];
        if (a.t === ',') continue;
        args.push(a.v);
      }
      if (!peek()) throw parseError(cql, 'unclosed function call');
      i++;
      return { type: 'fn', name: t.v.toLowerCase(), args };
    }
    return { type: 'string', value: t.v };
  };

  const parsePrimary = (): Expr => {
    const t = peek();
    if (!t) throw parseError(cql, 'unexpected end');
    if (t.t === '(') {
      i++;
      const e = parseOr();
      if (peek()?.t !== ')') throw parseError(cql, 'missing )');
      i++;
      return e;
    }
    if (isWord('not')) {
      i++;
      return { kind: 'not', expr: parsePrimary() };
    }
    if (t.t !== 'word') throw parseError(cql, `expected a field, got '${t.v}'`);
    const field = t.v.toLowerCase();
    if (!FIELDS.has(field)) throw parseError(cql, `unknown field '${t.v}'`);
    i++;
    let op: string;
    if (peek()?.t === 'op') op = toks[i++].v;
    else if (isWord('in')) {
      i++;
      op = 'in';
    } else if (isWord('not') && isWord('in', toks[i + 1])) {
      i += 2;
      op = 'not in';
    } else throw parseError(cql, `expected an operator after '${t.v}'`);
    let values: Value[];
    if (op === 'in' || op === 'not in') {
      if (peek()?.t !== '(') throw parseError(cql, `expected ( after ${op}`);
      i++;
      values = [];
      while (peek() && peek()!.t !== ')') {
        if (peek()!.t === ',') {
          i++;
          continue;
        }
        values.push(parseValue());
      }
      if (!peek()) throw parseError(cql, 'missing )');
      i++;
    } else values = [parseValue()];
    return { kind: 'cmp', field, op, values };
  };

  const parseAnd = (): Expr => {
    let left = parsePrimary();
    while (isWord('and')) {
      i++;
      left = { kind: 'and', left, right: parsePrimary() };
    }
    return left;
  };
  const parseOr = (): Expr => {
    let left = parseAnd();
    while (isWord('or')) {
      i++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };

  const q: CqlQuery = { order: [] };
  if (!isWord('order')) q.where = parseOr();
  if (isWord('order')) {
    i++;
    if (!isWord('by')) throw parseError(cql, "expected 'by' after 'order'");
    i++;
    do {
      if (peek()?.t === ',') i++;
      const f = toks[i++];
      if (!f || f.t !== 'word' || !ORDER_FIELDS.has(f.v.toLowerCase())) throw parseError(cql, `cannot order by '${f?.v ?? ''}'`);
      let desc = false;
      if (isWord('asc') || isWord('desc')) desc = toks[i++].v.toLowerCase() === 'desc';
      q.order.push({ field: f.v.toLowerCase(), desc });
    } while (peek()?.t === ',');
  }
  if (i < toks.length) throw parseError(cql, `unexpected '${toks[i].v}'`);
  return q;
}

/** A date operand: a literal read in the user's time zone, or now("±N[mhdw]"). */
function dateOf(v: Value, cql: string, timeZone: string): CqlDate {
  if (v.type === 'fn') {
    if (v.name !== 'now') throw parseError(cql, `unsupported function ${v.name}()`);
    const d = cqlNow(v.args[0]);
    if (!d) throw parseError(cql, `bad now() offset ${v.args[0]}`);
    return d;
  }
  const d = parseCqlDate(v.value, timeZone);
  if (!d) throw parseError(cql, `bad date '${v.value}' (expected "yyyy-MM-dd" or "yyyy-MM-dd HH:mm")`);
  return d;
}

export interface CqlRunOptions {
  /** The searching user's time zone (IANA); date literals are read in it. Default UTC. */
  timeZone?: string;
  /** Search index lag: pages are matched as they were at this instant (later versions not yet indexed). */
  indexedAt?: number;
}

/** A page as the search index knows it at `indexedAt`: its versions up to then; undefined when not indexed yet. */
function indexedView(p: PageRec, indexedAt: number | undefined): PageRec | undefined {
  if (indexedAt === undefined) return p;
  const known = p.versions.filter((v) => Date.parse(v.createdAt) <= indexedAt);
  if (known.length === p.versions.length) return p;
  if (known.length === 0) return undefined;
  return { ...p, title: known[known.length - 1].title, versions: known };
}

/** The pages matching a query (the real records, found through the index's view of them). */
export function runCql(store: Store, q: CqlQuery, cql: string, userId: string, opts: CqlRunOptions = {}): PageRec[] {
  const hasStatus = mentions(q.where, 'status');
  const env: EvalEnv = { store, cql, userId, timeZone: opts.timeZone ?? 'UTC' };
  const hits: Array<{ page: PageRec; seen: PageRec }> = [];
  for (const p of store.data.pages) {
    if (!store.canView(p, userId) || p.status === 'draft') continue;
    if (!hasStatus && p.status !== 'current') continue;
    const seen = indexedView(p, opts.indexedAt);
    if (seen && (!q.where || evaluate(env, q.where, seen))) hits.push({ page: p, seen });
  }
  return hits.sort((x, y) => {
    const [a, b] = [x.seen, y.seen];
    for (const o of q.order) {
      const x = orderKey(store, a, o.field);
      const y = orderKey(store, b, o.field);
      if (x !== y) return (x < y ? -1 : 1) * (o.desc ? -1 : 1);
    }
    return Number(a.id) - Number(b.id);
  }).map((h) => h.page);
}

interface EvalEnv {
  store: Store;
  cql: string;
  userId: string;
  timeZone: string;
}

function orderKey(store: Store, p: PageRec, field: string): string | number {
  if (field === 'title') return p.title.toLowerCase();
  if (field === 'created') return p.createdAt;
  if (field === 'lastmodified') return store.current(p).createdAt;
  return Number(p.id);
}

function mentions(e: Expr | undefined, field: string): boolean {
  if (!e) return false;
  if (e.kind === 'cmp') return e.field === field;
  if (e.kind === 'not') return mentions(e.expr, field);
  return mentions(e.left, field) || mentions(e.right, field);
}

function evaluate(env: EvalEnv, e: Expr, p: PageRec): boolean {
  if (e.kind === 'and') return evaluate(env, e.left, p) && evaluate(env, e.right, p);
  if (e.kind === 'or') return evaluate(env, e.left, p) || evaluate(env, e.right, p);
  if (e.kind === 'not') return !evaluate(env, e.expr, p);
  const { store, cql, userId } = env;
  const c = e as Extract<Expr, { kind: 'cmp' }>;
  const strings = c.values.map((v) => {
    if (v.type === 'string') return v.value;
    if (v.name === 'currentuser') return userId;
    if (v.name === 'now') return String(dateOf(v, cql, env.timeZone).at);
    throw parseError(cql, `unsupported function ${v.name}()`);
  });
  const setOp = (have: string[], norm: (s: string) => string = (s) => s): boolean => {
    const wanted = strings.map(norm);
    const hit = have.map(norm).some((h) => wanted.includes(h));
    switch (c.op) {
      case '=':
      case 'in':
        return hit;
      case '!=':
      case 'not in':
        return !hit;
      default:
        throw parseError(cql, `operator ${c.op} is not supported for ${c.field}`);
    }
  };
  const containsOp = (text: string): boolean => {
    const words = strings.join(' ').toLowerCase().split(/\s+/).filter(Boolean);
    const hay = text.toLowerCase();
    const hit = words.every((w) => hay.includes(w.replace(/\*$/, '')));
    if (c.op === '~') return hit;
    if (c.op === '!~') return !hit;
    return setOp([text], (s) => s.trim().toLowerCase());
  };
  const dateOp = (t: number): boolean => {
    const hit = compareDate(t, c.op, dateOf(c.values[0], cql, env.timeZone));
    if (hit === undefined) throw parseError(cql, `operator ${c.op} is not supported for dates`);
    return hit;
  };
  switch (c.field) {
    case 'space':
    case 'space.key':
      return setOp([store.spaceById(p.spaceId)?.key ?? '']);
    case 'type':
      // Only pages are modelled; "type = blogpost" simply matches nothing.
      return setOp(['page'], (s) => s.toLowerCase());
    case 'status':
      return setOp([p.status], (s) => s.toLowerCase());
    case 'title':
      return containsOp(p.title);
    case 'text':
      return containsOp(`${p.title} ${store.current(p).body.replace(/<[^>]*>/g, ' ')}`);
    case 'label':
      return setOp(p.labels.map((l) => l.name), (s) => s.toLowerCase());
    case 'ancestor':
      return setOp(store.ancestors(p).map((a) => a.id));
    case 'parent':
      return setOp(p.parentId ? [p.parentId] : []);
    case 'id':
    case 'content':
      return setOp([p.id]);
    case 'creator':
      return setOp([p.authorId]);
    case 'contributor':
      return setOp([...new Set(p.versions.map((v) => v.authorId))]);
    case 'created':
      return dateOp(Date.parse(p.createdAt));
    case 'lastmodified':
      return dateOp(Date.parse(store.current(p).createdAt));
    default:
      throw parseError(cql, `unknown field ${c.field}`);
  }
}

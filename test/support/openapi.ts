/**
 * Checks a request against Atlassian's OpenAPI documents, vendored in test/fixtures/confluence-api (provenance and
 * checksums in SOURCE.md there): the path and method must be an operation of the right document (Cloud v2, Cloud v1, Data Center), query parameters must be declared (and required
 * ones present), and the JSON or multipart body must carry the fields the operation's schema requires and no fields
 * it does not define.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const SPEC_DIR = join(__dirname, '..', 'fixtures', 'confluence-api');

export interface CheckedRequest {
  method: string;
  url: string;
  /** Parsed JSON body. */
  json?: unknown;
  /** Field names of a multipart body. */
  formFields?: string[];
}

interface Doc {
  name: string;
  spec: Json;
  templates: Array<{ template: string; segments: string[] }>;
}

function loadDoc(name: string, file: string): Doc {
  const spec = JSON.parse(readFileSync(join(SPEC_DIR, file), 'utf8')) as Json;
  const templates = Object.keys(spec.paths).map((template) => ({ template, segments: template.split('/').filter(Boolean) }));
  return { name, spec, templates };
}

export class OpenApiCatalog {
  private readonly v2 = loadDoc('Cloud v2 (openapi-v2.v3.json)', 'openapi-v2.v3.json');
  private readonly v1 = loadDoc('Cloud v1 (swagger.v3.json)', 'swagger.v3.json');
  private readonly dc = loadDoc('Data Center (confluence-dc-10.0.3.swagger.v3.json)', 'confluence-dc-10.0.3.swagger.v3.json');

  /** `dcContextPath`: the context path the Data Center base URL carries ('' or '/confluence'). */
  constructor(private readonly dcContextPath = '/confluence') {}

  /** Problems found; empty when the request is an operation the documents define, with a valid body. */
  check(req: CheckedRequest): string[] {
    const url = new URL(req.url);
    const path = decodeURIComponent(url.pathname);
    let doc: Doc;
    let specPath: string;
    if (path.startsWith('/wiki/api/v2/')) {
      doc = this.v2;
      specPath = path.slice('/wiki/api/v2'.length);
    } else if (path.startsWith('/wiki/rest/api/')) {
      doc = this.v1;
      specPath = path;
    } else if (path.startsWith(`${this.dcContextPath}/rest/api/`)) {
      doc = this.dc;
      specPath = path.slice(this.dcContextPath.length);
    } else {
      return [`${req.method} ${path}: not under any documented API base`];
    }
    const label = `${req.method} ${path} (${doc.name})`;
    const method = req.method.toLowerCase();
    const segments = specPath.split('/').filter(Boolean);
    const candidates = doc.templates
      .filter((t) => t.segments.length === segments.length && t.segments.every((s, i) => /^\{.+\}$/.test(s) || s === segments[i]))
      .sort((a, b) => countParams(a.segments) - countParams(b.segments));
    if (candidates.length === 0) return [`${label}: no such path in the document`];
    const match = candidates.find((t) => doc.spec.paths[t.template][method]);
    if (!match) return [`${label}: path ${candidates[0].template} has no ${req.method} operation`];
    const op = doc.spec.paths[match.template][method] as Json;
    const problems: string[] = [];
    const where = `${label} → ${op.operationId ?? match.template}`;

    // Query parameters: declared ones only; required ones present.
    const params = [...(doc.spec.paths[match.template].parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => resolve(doc.spec, p));
    const declared = new Set(params.filter((p) => p.in === 'query').map((p) => p.name as string));
    for (const name of new Set(url.searchParams.keys())) {
      if (!declared.has(name)) problems.push(`${where}: query parameter "${name}" is not defined`);
    }
    for (const p of params) {
      if (p.in === 'query' && p.required && !url.searchParams.has(p.name)) problems.push(`${where}: required query parameter "${p.name}" missing`);
    }

    // Body.
    const body = op.requestBody ? resolve(doc.spec, op.requestBody) : undefined;
    const sent = req.json !== undefined || req.formFields !== undefined;
    if (!body) {
      if (sent) problems.push(`${where}: the operation takes no request body`);
      return problems;
    }
    if (!sent) {
      if (body.required) problems.push(`${where}: request body required`);
      return problems;
    }
    const content = body.content ?? {};
    if (req.formFields) {
      const media = content['multipart/form-data'];
      if (!media) return [...problems, `${where}: the operation takes no multipart body`];
      const schema = resolve(doc.spec, media.schema ?? {});
      for (const field of schema.required ?? []) if (!req.formFields.includes(field)) problems.push(`${where}: multipart field "${field}" missing`);
      if (schema.properties) {
        for (const field of req.formFields) if (!(field in schema.properties)) problems.push(`${where}: multipart field "${field}" is not defined`);
      }
      return problems;
    }
    const media = content['application/json'];
    if (!media) return [...problems, `${where}: the operation takes no JSON body`];
    let schema: Json = media.schema ?? {};
    // The DC document's generator types list bodies as their element (addLabels: schema Label, description "Adds a
    // list of labels ... The body is the json representation of the list."): take the description at its word.
    if (Array.isArray(req.json) && /\blist\b/i.test(`${body.description ?? ''} ${op.description ?? ''}`) && resolve(doc.spec, schema).type !== 'array') {
      schema = { type: 'array', items: schema };
    }
    validate(doc.spec, schema, req.json, 'body', problems, where, 0);
    return problems;
  }
}

function countParams(segments: string[]): number {
  return segments.filter((s) => /^\{.+\}$/.test(s)).length;
}

function resolve(spec: Json, node: Json): Json {
  let cur = node;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 20; i++) {
    const parts = (cur.$ref as string).replace(/^#\//, '').split('/');
    cur = parts.reduce((o: Json, k: string) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return cur ?? {};
}

/** Structural validation: required fields, defined fields, arrays vs objects, enums. */
function validate(spec: Json, rawSchema: Json, value: unknown, at: string, problems: string[], where: string, depth: number): void {
  if (depth > 8) return;
  // `JsonString` is Confluence's raw-JSON type (content property values): any JSON is valid there.
  if (typeof rawSchema.$ref === 'string' && rawSchema.$ref.endsWith('/JsonString')) return;
  const schema = resolve(spec, rawSchema);
  if (schema.allOf) {
    for (const part of schema.allOf) validate(spec, part, value, at, problems, where, depth + 1);
  }
  const alternatives = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (alternatives) {
    const results = alternatives.map((alt) => {
      const p: string[] = [];
      validate(spec, alt, value, at, p, where, depth + 1);
      return p;
    });
    if (!results.some((p) => p.length === 0)) problems.push(`${where}: ${at} matches none of the ${alternatives.length} alternatives (first: ${results[0][0] ?? '?'})`);
    return;
  }
  if (value === null || value === undefined) return;
  const type = schema.type ?? (schema.properties || schema.required ? 'object' : schema.items ? 'array' : undefined);
  if (type === 'array') {
    if (!Array.isArray(value)) return void problems.push(`${where}: ${at} should be an array`);
    value.forEach((item, i) => validate(spec, schema.items ?? {}, item, `${at}[${i}]`, problems, where, depth + 1));
    return;
  }
  if (type === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return void problems.push(`${where}: ${at} should be an object`);
    const obj = value as Json;
    for (const key of schema.required ?? []) if (!(key in obj)) problems.push(`${where}: ${at}.${key} is required`);
    if (schema.properties) {
      for (const [key, v] of Object.entries(obj)) {
        if (key in schema.properties) validate(spec, schema.properties[key], v, `${at}.${key}`, problems, where, depth + 1);
        else if (!schema.additionalProperties) problems.push(`${where}: ${at}.${key} is not defined by the schema`);
      }
    }
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${where}: ${at} = ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
  if ((type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') && typeof value === 'object') {
    problems.push(`${where}: ${at} should be a ${type}`);
  }
}

/**
 * The native REST contract (docs/openapi.yaml) as a validator of real HTTP exchanges.
 *
 * Loads the document once and compiles its schemas with Ajv (JSON Schema 2020-12, the dialect of
 * OpenAPI 3.1) in strict mode, so a typo in a schema keyword fails loudly instead of validating
 * nothing. Every function returns a list of problems, each a readable sentence, empty when the
 * exchange keeps the contract; callers assert `expect(problems).toEqual([])` so a failure lists
 * them all.
 *
 * Paths are relative to the API base URL (`/products/hf-mamian?x=1`), matched against the
 * document's templates (`/products/{id}`). An operation the document does not have is a problem
 * too: the contract is closed.
 *
 *   validateRequest(method, path, body, { headers })            body: parsed JSON or undefined
 *   validateResponse(method, path, status, body, { contentType })
 *   validateEvent(path, data)         one SSE `data:` payload of an event-stream operation
 *   validateSchema(name, value)       against components/schemas/<name>
 *   operations()                      [{ method, path, operationId }] of the whole document
 */
import fs from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

export const DOC_PATH = new URL('../../docs/openapi.yaml', import.meta.url);
export const document = YAML.parse(fs.readFileSync(DOC_PATH, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const BASE = 'https://haowu.invalid/openapi';

// ---------------------------------------------------------------------------------------------
// Schemas: one Ajv root whose $defs are the component schemas plus every schema inline in an
// operation, with `#/components/schemas/X` rewritten to `#/$defs/X` so references resolve
// inside that one root.

/** Resolves a local `$ref` ("#/components/...") in the document; undefined when it dangles. */
export function resolvePointer(ref) {
  if (!ref.startsWith('#/')) return undefined;
  let node = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** An object of the document that may be a `$ref` (parameter, response, request body). */
function deref(node) {
  const seen = new Set();
  while (node && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) throw new Error(`circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    const target = resolvePointer(node.$ref);
    if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
    node = target;
  }
  return node;
}

const SCHEMA_PREFIX = '#/components/schemas/';

function forAjv(schema) {
  if (Array.isArray(schema)) return schema.map(forAjv);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith(SCHEMA_PREFIX)) {
      out.$ref = `#/$defs/${v.slice(SCHEMA_PREFIX.length)}`;
    } else if (k === 'discriminator') {
      // Ajv narrows oneOf to the branch the tag names (clear errors) but does not take
      // `mapping`; the branches' `const` tags say the same thing.
      out.discriminator = { propertyName: v.propertyName };
    } else if (k.startsWith('x-') || k === 'examples' || k === 'default') {
      // Annotations (`examples` are checked by tests/contract/examples.test.mjs).
    } else if (k === 'properties' || k === '$defs') {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, forAjv(s)]));
    } else {
      out[k] = forAjv(v);
    }
  }
  return out;
}

const inline = new Map(); // JSON of the original schema → its name in $defs
const defs = {};
for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) defs[name] = forAjv(schema);

function schemaName(schema) {
  if (typeof schema?.$ref === 'string' && schema.$ref.startsWith(SCHEMA_PREFIX) && Object.keys(schema).length === 1) {
    return schema.$ref.slice(SCHEMA_PREFIX.length);
  }
  const key = JSON.stringify(schema);
  if (!inline.has(key)) {
    const name = `inline${inline.size}`;
    inline.set(key, name);
    defs[name] = forAjv(schema);
  }
  return inline.get(key);
}

// Collect every operation's schemas before Ajv sees the root (it is immutable once added).
const ops = [];
for (const [template, item] of Object.entries(document.paths ?? {})) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const parameters = new Map();
    for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref)) {
      parameters.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, { ...p, schemaName: schemaName(p.schema ?? {}) });
    }
    const body = op.requestBody ? deref(op.requestBody) : undefined;
    const requestContent = Object.fromEntries(
      Object.entries(body?.content ?? {}).map(([type, media]) => [type, { ...media, schemaName: schemaName(media.schema ?? {}) }]),
    );
    const responses = {};
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      const r = deref(response);
      responses[status] = {
        description: r.description,
        content: Object.fromEntries(
          Object.entries(r.content ?? {}).map(([type, media]) => [
            type,
            {
              ...media,
              schemaName: schemaName(media.schema ?? {}),
              sseDataName: media['x-sse-data'] ? schemaName(media['x-sse-data']) : undefined,
            },
          ]),
        ),
      };
    }
    ops.push({
      method: method.toUpperCase(),
      template,
      operationId: op.operationId,
      regex: templateRegex(template),
      literalSegments: template.split('/').filter((s) => s && !s.startsWith('{')).length,
      parameters,
      body: body && { required: !!body.required, content: requestContent },
      responses,
    });
  }
}

export const ajv = new Ajv2020({ allErrors: true, strict: true, discriminator: true });
addFormats(ajv);
ajv.addSchema({ $id: BASE, $defs: defs });
const compiled = new Map();
function validatorFor(name) {
  if (!compiled.has(name)) compiled.set(name, ajv.compile({ $ref: `${BASE}#/$defs/${name}` }));
  return compiled.get(name);
}

function schemaProblems(name, value, where) {
  const validate = validatorFor(name);
  if (validate(value)) return [];
  return validate.errors.map((e) => {
    const at = e.instancePath ? `${e.instancePath} ` : '';
    let detail = e.message;
    if (e.keyword === 'additionalProperties') detail += ` '${e.params.additionalProperty}'`;
    if (e.keyword === 'enum') detail += ` ${JSON.stringify(e.params.allowedValues)}`;
    if (e.keyword === 'const') detail += ` ${JSON.stringify(e.params.allowedValue)}`;
    return `${where}: ${at}${detail}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Operations

function templateRegex(template) {
  const source = template
    .split('/')
    .map((seg) => (seg.startsWith('{') && seg.endsWith('}') ? '([^/]+)' : seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** Every operation of the document. */
export function operations() {
  return ops.map(({ method, template, operationId }) => ({ method, path: template, operationId }));
}

function split(url) {
  const u = new URL(url, 'http://relative.invalid');
  return { pathname: u.pathname, query: u.searchParams };
}

/**
 * The operation a concrete request reaches: `{ op, params }`, or `{ problem }` when the path or
 * the method is not in the document. Literal segments beat templated ones.
 */
export function findOperation(method, url) {
  const { pathname } = split(url);
  const candidates = ops
    .filter((o) => o.regex.test(pathname))
    .sort((a, b) => b.literalSegments - a.literalSegments);
  if (candidates.length === 0) return { problem: `${method.toUpperCase()} ${pathname}: no such path in the contract` };
  const op = candidates.find((o) => o.method === method.toUpperCase());
  if (!op) {
    const allowed = [...new Set(candidates.map((o) => o.method))].join(', ');
    return { problem: `${method.toUpperCase()} ${pathname}: method not in the contract for ${candidates[0].template} (${allowed})` };
  }
  const names = [...op.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const values = pathname.match(op.regex).slice(1).map(decodeURIComponent);
  return { op, params: Object.fromEntries(names.map((n, i) => [n, values[i]])) };
}

/** A query or header value (always a string) as the JSON value its schema describes. */
function parameterValue(p, raw) {
  const type = deref(p.schema ?? {})?.type;
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/**
 * Problems with a request: the operation exists, its path and query parameters (and, when
 * `headers` are given, its header parameters) and its JSON body (`undefined`: no body) fit.
 */
export function validateRequest(method, url, body, { headers } = {}) {
  const found = findOperation(method, url);
  if (found.problem) return [found.problem];
  const { op, params } = found;
  const where = `${op.method} ${op.template} request`;
  const problems = [];
  const { query } = split(url);
  for (const [name, value] of Object.entries(params)) {
    problems.push(...schemaProblems(op.parameters.get(`path:${name}`).schemaName, value, `${where} path parameter ${name}`));
  }
  for (const name of new Set(query.keys())) {
    const p = op.parameters.get(`query:${name}`);
    if (!p) {
      problems.push(`${where}: unknown query parameter '${name}'`);
      continue;
    }
    problems.push(...schemaProblems(p.schemaName, parameterValue(p, query.get(name)), `${where} query parameter ${name}`));
  }
  const lowerHeaders = headers && Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  for (const p of op.parameters.values()) {
    if (p.in === 'query' && p.required && !query.has(p.name)) problems.push(`${where}: missing query parameter '${p.name}'`);
    if (p.in === 'header' && lowerHeaders) {
      const value = lowerHeaders[p.name.toLowerCase()];
      if (value === undefined) {
        if (p.required) problems.push(`${where}: missing header '${p.name}'`);
      } else {
        problems.push(...schemaProblems(p.schemaName, parameterValue(p, String(value)), `${where} header ${p.name}`));
      }
    }
  }
  if (!op.body) {
    if (body !== undefined) problems.push(`${where}: the operation takes no body`);
  } else if (body === undefined) {
    if (op.body.required) problems.push(`${where}: a body is required`);
  } else {
    const media = op.body.content['application/json'];
    if (!media) problems.push(`${where}: the operation takes no JSON body`);
    else problems.push(...schemaProblems(media.schemaName, body, `${where} body`));
  }
  return problems;
}

function responseFor(op, status) {
  const s = String(status);
  return op.responses[s] ?? op.responses[`${s[0]}XX`] ?? op.responses.default;
}

/**
 * Problems with a response: the status is documented for the operation, and the body (parsed
 * JSON; `undefined` or '' for none) has the documented shape. With `contentType`, the media
 * type must be documented too. Event-stream bodies are not checked here (see validateEvent).
 */
export function validateResponse(method, url, status, body, { contentType } = {}) {
  const found = findOperation(method, url);
  if (found.problem) return [found.problem];
  const { op } = found;
  const where = `${op.method} ${op.template} → ${status}`;
  const response = responseFor(op, status);
  if (!response) {
    return [`${where}: status not in the contract (documented: ${Object.keys(op.responses).join(', ')})`];
  }
  const types = Object.keys(response.content);
  const empty = body === undefined || body === null || body === '';
  if (types.length === 0) return empty ? [] : [`${where}: the contract has no body here, got ${JSON.stringify(body).slice(0, 200)}`];
  let type = 'application/json' in response.content ? 'application/json' : types[0];
  if (contentType !== undefined) {
    const got = String(contentType).split(';')[0].trim().toLowerCase();
    if (!types.includes(got)) return [`${where}: content type '${contentType}', the contract has ${types.join(', ')}`];
    type = got;
  }
  const media = response.content[type];
  if (media.sseDataName) return [];
  if (empty) return [`${where}: the contract has a ${type} body here, got none`];
  return schemaProblems(media.schemaName, body, `${where} body`);
}

/** Problems with one event of an event-stream operation (the parsed `data:` JSON). */
export function validateEvent(url, data) {
  const found = findOperation('GET', url);
  if (found.problem) return [found.problem];
  const media = Object.values(found.op.responses['200']?.content ?? {}).find((m) => m.sseDataName);
  if (!media) return [`GET ${found.op.template}: not an event stream in the contract`];
  return schemaProblems(media.sseDataName, data, `GET ${found.op.template} event`);
}

/** Problems with a value against components/schemas/<name>. */
export function validateSchema(name, value) {
  if (!document.components?.schemas?.[name]) return [`no schema '${name}' in the contract`];
  return schemaProblems(name, value, name);
}

/** Compiles every schema the document has, so strict-mode errors surface at once. */
export function compileAll() {
  for (const name of Object.keys(defs)) validatorFor(name);
}

/** Parses an SSE body into events: [{ id, data, comment }] (data is the raw joined string). */
export function parseEventStream(text) {
  const events = [];
  for (const block of text.replace(/\r\n?/g, '\n').split('\n\n')) {
    if (!block.trim()) continue;
    const event = { id: undefined, data: undefined, comments: [] };
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) event.comments.push(line.slice(1).trim());
      const m = line.match(/^(id|data|event|retry):\s?(.*)$/);
      if (m?.[1] === 'id') event.id = m[2];
      if (m?.[1] === 'data') data.push(m[2]);
      if (m?.[1] === 'event') event.event = m[2];
    }
    if (data.length) event.data = data.join('\n');
    events.push(event);
  }
  return events;
}

// docs/openapi.yaml checks itself: it is a well-formed OpenAPI 3.1 document, every $ref
// resolves, every schema compiles under Ajv's strict mode, every example validates against its
// own schema, and it has exactly the operations of the contract. Also: the demo world
// (public/demo/world.json and its reviews.json, the reference server's data) validates against
// its schemas.
//
//   node --test tests/contract/
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  compileAll,
  document as doc,
  operations,
  parseEventStream,
  resolvePointer,
  validateEvent,
  validateRequest,
  validateResponse,
  validateSchema,
} from './openapi.mjs';

// The operations of target/contract.txt (HAOWU NATIVE REST CONTRACT v1). target/ is not in
// git, so the list is kept here; when the file is present the test checks the copy against it.
const CONTRACT = [
  'GET /feed',
  'GET /videos/{id}',
  'GET /products/{id}',
  'GET /products/{id}/reviews',
  'GET /products/{id}/videos',
  'GET /shops/{id}',
  'GET /creators',
  'GET /creators/{handle}',
  'GET /creators/{handle}/videos',
  'GET /creators/{handle}/showcase',
  'GET /search',
  'GET /search/suggest',
  'GET /categories',
  'GET /coupons',
  'GET /live',
  'GET /live/{id}',
  'GET /live/{id}/events',
  'POST /live/{id}/comments',
  'POST /live/{id}/hearts',
  'POST /live/{id}/coupons/{coupon}/claim',
  'PUT /videos/{id}/like',
  'DELETE /videos/{id}/like',
  'PUT /creators/{handle}/follow',
  'DELETE /creators/{handle}/follow',
  'POST /orders',
  'GET /orders',
  'GET /orders/{id}',
  'POST /auth/code',
  'POST /auth/login',
  'POST /auth/logout',
  'GET /cart',
  'PUT /cart',
];
const CONTRACT_TXT = new URL('../../target/contract.txt', import.meta.url);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const deref = (node) => (node && typeof node.$ref === 'string' ? deref(resolvePointer(node.$ref)) : node);

function* walk(node, path = '#') {
  yield [node, path];
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) yield* walk(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
}

/** Every operation: { method, template, op, params (path-level and own, dereferenced) }. */
function* eachOperation() {
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      if (!item[method]) continue;
      const params = [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map(deref);
      yield { method: method.toUpperCase(), template, op: item[method], params };
    }
  }
}

/** A concrete URL of an operation, its path parameters filled with their examples. */
function concreteUrl(template, params) {
  return template.replace(/\{([^}]+)\}/g, (_, name) => {
    const p = params.find((x) => x.in === 'path' && x.name === name);
    return encodeURIComponent(p?.example ?? 'x');
  });
}

/** The example values of a media type object: [[name, value]]. */
function mediaExamples(media) {
  const out = Object.entries(media.examples ?? {}).map(([name, ex]) => [name, deref(ex).value]);
  if ('example' in media) out.push(['example', media.example]);
  return out;
}

test('the document is OpenAPI 3.1 with the fields tools need', () => {
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.info?.title && doc.info?.version, 'info.title and info.version');
  assert.ok(doc.info.description.includes('CORS'), 'info.description covers CORS');
  assert.ok(doc.components.securitySchemes.bearerAuth, 'bearer security scheme');
  const ids = new Set();
  for (const { method, template, op, params } of eachOperation()) {
    const where = `${method} ${template}`;
    assert.ok(op.operationId, `${where}: operationId`);
    assert.ok(!ids.has(op.operationId), `${where}: operationId ${op.operationId} is unique`);
    ids.add(op.operationId);
    assert.ok(op.summary, `${where}: summary`);
    assert.ok(Object.keys(op.responses ?? {}).length > 0, `${where}: responses`);
    for (const [status, r] of Object.entries(op.responses)) {
      assert.match(status, /^([1-5]\d\d|[1-5]XX|default)$/, `${where}: status ${status}`);
      assert.ok(deref(r).description, `${where} ${status}: description`);
      if (!status.startsWith('2')) {
        const json = deref(r).content?.['application/json'];
        assert.ok(json, `${where} ${status}: an error answers with a JSON Error`);
      }
    }
    for (const name of [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
      const p = params.find((x) => x.in === 'path' && x.name === name);
      assert.ok(p?.required === true, `${where}: path parameter ${name} declared and required`);
    }
    for (const p of params) {
      assert.ok(['query', 'header', 'path', 'cookie'].includes(p.in) && p.name && p.schema, `${where}: parameter ${p.name}`);
    }
  }
});

test('every $ref resolves', () => {
  const dangling = [];
  for (const [node, path] of walk(doc)) {
    if (!node || typeof node !== 'object') continue;
    const refs = [];
    if (typeof node.$ref === 'string') refs.push(node.$ref);
    if (typeof node['x-flattens'] === 'string') refs.push(node['x-flattens']);
    if (node.discriminator?.mapping) refs.push(...Object.values(node.discriminator.mapping));
    for (const ref of refs) if (resolvePointer(ref) === undefined) dangling.push(`${path}: ${ref}`);
  }
  assert.deepEqual(dangling, []);
});

test('every schema compiles in Ajv strict mode (no unknown keywords, no type gaps)', () => {
  compileAll();
});

test('every example validates against its own schema', () => {
  const problems = [];
  let count = 0;
  for (const { method, template, op, params } of eachOperation()) {
    const url = concreteUrl(template, params);
    const headers = Object.fromEntries(params.filter((p) => p.in === 'header' && p.required).map((p) => [p.name, p.example]));
    // Parameter examples, one query parameter at a time.
    for (const p of params) {
      if (!('example' in p)) continue;
      count++;
      if (p.in === 'query') problems.push(...validateRequest(method, `${url}?${p.name}=${encodeURIComponent(p.example)}`, undefined, {}).filter((x) => !x.includes('a body is required')));
      if (p.in === 'header') problems.push(...validateRequest(method, url, undefined, { headers: { ...headers, [p.name]: p.example } }).filter((x) => !x.includes('a body is required')));
    }
    const body = deref(op.requestBody);
    for (const [type, media] of Object.entries(body?.content ?? {})) {
      for (const [name, value] of mediaExamples(media)) {
        count++;
        const found = validateRequest(method, url, value, { headers });
        problems.push(...found.map((p) => `${method} ${template} request example ${name} (${type}): ${p}`));
      }
    }
    for (const [status, response] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(deref(response).content ?? {})) {
        for (const [name, value] of mediaExamples(media)) {
          count++;
          const where = `${method} ${template} ${status} example ${name}`;
          if (media['x-sse-data']) {
            const events = parseEventStream(value).filter((e) => e.data !== undefined);
            assert.ok(events.length > 0, `${where}: has events`);
            for (const e of events) {
              const data = JSON.parse(e.data);
              if (String(data.id) !== e.id) problems.push(`${where}: SSE id ${e.id} is not the event's id ${data.id}`);
              problems.push(...validateEvent(url, data).map((p) => `${where}: ${p}`));
            }
          } else {
            problems.push(...validateResponse(method, url, Number(status), value, { contentType: type }).map((p) => `${where}: ${p}`));
          }
        }
      }
    }
  }
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    for (const [i, value] of (schema.examples ?? []).entries()) {
      count++;
      problems.push(...validateSchema(name, value).map((p) => `components/schemas/${name} example ${i}: ${p}`));
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(count > 60, `examples checked: ${count}`);
});

test('every request and response body has an example', () => {
  const missing = [];
  for (const { method, template, op } of eachOperation()) {
    for (const [type, media] of Object.entries(deref(op.requestBody)?.content ?? {})) {
      if (mediaExamples(media).length === 0) missing.push(`${method} ${template} request ${type}`);
    }
    for (const [status, response] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(deref(response).content ?? {})) {
        if (mediaExamples(media).length === 0) missing.push(`${method} ${template} ${status} ${type}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('object schemas are closed and `required` names real properties', () => {
  const problems = [];
  const check = (schema, where) => {
    if (!schema || typeof schema !== 'object') return;
    // Narrowing branches of allOf (`properties` only, no `required`) refine a closed schema.
    const declares = schema.required || schema === doc.components.schemas[where.split('/').pop()];
    if (schema.type === 'object' && schema.properties && declares && schema.additionalProperties !== false) {
      problems.push(`${where}: additionalProperties: false`);
    }
    for (const name of schema.required ?? []) {
      if (!schema.properties?.[name]) problems.push(`${where}: required '${name}' is not a property`);
    }
    for (const [name, sub] of Object.entries(schema.properties ?? {})) check(sub, `${where}.${name}`);
    if (schema.items) check(schema.items, `${where}[]`);
  };
  for (const [name, schema] of Object.entries(doc.components.schemas)) check(schema, `components/schemas/${name}`);
  assert.deepEqual(problems, []);
});

test('flattened variants (x-flattens) repeat their source schema exactly', () => {
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const ref = schema['x-flattens'];
    if (!ref) continue;
    const source = resolvePointer(ref);
    // The variant adds its tag (and, for live events, the event id) to the source's fields.
    const own = Object.keys(schema.properties).filter((k) => !(k in source.properties));
    const copied = Object.fromEntries(Object.entries(schema.properties).filter(([k]) => !own.includes(k)));
    assert.deepEqual(copied, source.properties, `${name}: properties of ${ref}`);
    assert.deepEqual(
      schema.required.filter((k) => !own.includes(k)),
      source.required,
      `${name}: required of ${ref}`,
    );
  }
});

test('discriminator mappings agree with the tags of the oneOf branches', () => {
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (!schema.discriminator) continue;
    const { propertyName, mapping } = schema.discriminator;
    assert.deepEqual(
      Object.values(mapping).sort(),
      schema.oneOf.map((b) => b.$ref).sort(),
      `${name}: mapping covers exactly the oneOf branches`,
    );
    for (const [tag, ref] of Object.entries(mapping)) {
      const branch = resolvePointer(ref);
      assert.equal(branch.properties[propertyName].const, tag, `${name}: ${ref} is tagged ${tag}`);
      assert.ok(branch.required.includes(propertyName), `${name}: ${ref} requires ${propertyName}`);
    }
  }
});

test('the document has exactly the operations of the contract', () => {
  const documented = operations().map((o) => `${o.method} ${o.path}`).sort();
  assert.deepEqual(documented, [...CONTRACT].sort());
  if (fs.existsSync(CONTRACT_TXT)) {
    const text = fs.readFileSync(CONTRACT_TXT, 'utf8');
    const inText = [...text.matchAll(/\b(GET|POST|PUT|DELETE)\s+(\/[^\s?]*)/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual([...new Set(inText)].sort(), [...CONTRACT].sort(), 'CONTRACT is a copy of target/contract.txt');
  }
});

test('the demo world the reference server serves fits the schemas', () => {
  const world = JSON.parse(fs.readFileSync(new URL('../../public/demo/world.json', import.meta.url), 'utf8'));
  world.live = JSON.parse(fs.readFileSync(new URL('../../public/demo/live.json', import.meta.url), 'utf8')).live;
  world.reviews = JSON.parse(fs.readFileSync(new URL('../../public/demo/reviews.json', import.meta.url), 'utf8')).reviews;
  const problems = [];
  const check = (schema, items, what) => {
    for (const item of items) problems.push(...validateSchema(schema, item).map((p) => `${what} ${item.id ?? item.handle}: ${p}`));
  };
  check('Product', world.products, 'product');
  check('Shop', world.shops, 'shop');
  check('Creator', world.creators, 'creator');
  check('Category', world.categories, 'category');
  check('Review', world.reviews, 'review');
  check('Coupon', world.live.flatMap((room) => room.coupons), 'coupon');
  check('Media', world.videos.map((v) => v.media), 'video media');
  check('Media', world.live.map((room) => room.stream), 'live stream');
  assert.deepEqual(problems, []);
});

test('the validator matches concrete paths and refuses what the contract lacks', () => {
  assert.deepEqual(validateRequest('GET', '/products/hf-mamian'), []);
  assert.deepEqual(validateRequest('GET', '/creators/yuebai_hanfu/showcase?limit=2&cursor=o2'), []);
  // The app sends every search parameter, empty when not set.
  assert.deepEqual(validateRequest('GET', '/search?q=x&kind=&category=&price_min=&price_max=&sort=&shop=&limit=20'), []);
  assert.deepEqual(validateRequest('GET', '/search?q=x&kind=videos&price_min=100&price_max=200&sort=price_asc&shop=yuebai'), []);
  assert.deepEqual(validateRequest('GET', '/creators/yuebai_hanfu/showcase?sort=&limit=20'), []);
  assert.deepEqual(validateRequest('GET', '/products/hf-mamian/reviews?photos=&limit=10'), []);
  assert.match(validateRequest('GET', '/search?q=x&kind=shops').join('\n'), /kind/);
  assert.match(validateRequest('GET', '/search?q=x&sort=cheap').join('\n'), /sort/);
  assert.match(validateRequest('GET', '/search?q=x&price_min=1.5').join('\n'), /price_min/);
  assert.match(validateRequest('GET', '/products/hf-mamian/reviews?photos=yes').join('\n'), /photos/);
  assert.deepEqual(validateResponse('PUT', '/videos/v001/like', 204, undefined), []);
  assert.match(validateRequest('GET', '/nope')[0], /no such path/);
  assert.match(validateRequest('PATCH', '/cart')[0], /method not in the contract/);
  assert.match(validateRequest('GET', '/feed?limit=51')[0], /limit/);
  assert.match(validateRequest('GET', '/feed?page=2')[0], /unknown query parameter 'page'/);
  assert.match(validateResponse('GET', '/cart', 418, {})[0], /status not in the contract/);
  assert.match(validateResponse('GET', '/cart', 200, { lines: [], extra: 1 })[0], /additional properties 'extra'/);
  assert.match(validateResponse('GET', '/cart', 401, { error: { code: 'not_found', message: 'x' } })[0], /\/error\/code/);
  assert.match(validateResponse('GET', '/cart', 200, { lines: [] }, { contentType: 'text/html' })[0], /content type/);
  assert.match(validateRequest('POST', '/orders', undefined, { headers: {} }).join('\n'), /missing header 'Idempotency-Key'/);
  assert.match(validateEvent('/live/live_snack/events', { id: 1, type: 'heart', count: -1 })[0], /count/);
  assert.deepEqual(validateSchema('Money', { amount: 1, currency: 'CNY' }), []);
  assert.match(validateSchema('Money', { amount: 1.5, currency: 'cny' }).join('\n'), /integer[\s\S]*pattern/);
});

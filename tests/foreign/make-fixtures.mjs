#!/usr/bin/env node
// Fixtures for the two foreign backends Haowu is proved against with configuration only
// (tests/foreign/*.config.json, tests/e2e/http/foreign.spec.ts). Both are made from the demo
// world (public/demo/world.json, read here, never copied into the repository) and written to
// target/foreign/:
//
//   db.json        json-server 0.17.4's own flat conventions: collections `videos`, `creators`,
//                  `products`, `shops`; foreign keys `creatorId` / `productId` / `shopId` (so
//                  `_expand=creator` etc. join them); one zh string per text; prices as decimal
//                  major-unit NUMBERS with a `discount` percent; numeric `skuId`s; ISO dates.
//                  Served by `json-server target/foreign/db.json --port 3010 --static public`.
//   envelope.json  the data of a second foreign shape, served by tests/foreign/envelope-server.mjs
//                  (every answer wrapped in {"code":0,"msg":"ok","data":…}; numeric ids; prices
//                  as decimal STRINGS; Douyin-like field names). Stored normalised; the server
//                  joins authors and goods into clips the way such an API answers.
//
// Media URLs stay site-relative ("/media/…"): both servers serve public/media, so they resolve
// against the API's base URL.
//
// Usage: node tests/foreign/make-fixtures.mjs [--world <world.json>] [--out <dir>]
// (paths relative to the repository root; defaults public/demo/world.json and target/foreign).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const worldPath = path.resolve(ROOT, arg('--world', 'public/demo/world.json'));
const outDir = path.resolve(ROOT, arg('--out', 'target/foreign'));

// ---------------------------------------------------------------------------------------------
// helpers

function fail(message) {
  console.error(`make-fixtures: ${message}`);
  process.exit(1);
}

/** Minor units (fen) → a decimal major-unit number (12950 → 129.5). */
const majorNumber = (fen) => Number((fen / 100).toFixed(2));

/** Minor units (fen) → a decimal major-unit string with two places (12900 → "129.00"). */
const majorString = (fen) => `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/**
 * The price after `percent` % off, rounded to the minor unit — as the mapping's
 * "$discount_percent" computes it. The fixtures never produce an exact half (see skuDiscount),
 * so half-up, half-even and half-away-from-zero all agree.
 */
const discounted = (fen, percent) => Math.round((fen * (100 - percent)) / 100);

/**
 * The whole-percent discount that takes `list` closest to `sale`, nudged away from any value
 * whose discounted price is an exact half of a fen (the mapping format does not say how halves
 * round; the fixtures do not depend on it).
 */
function skuDiscount(list, sale) {
  let d = Math.round(100 * (1 - sale / list));
  if (d <= 0) return 0;
  while ((list * (100 - d)) % 100 === 50) d += 1;
  return d;
}

/** The headline variant, as Product::headline_variant picks it: the cheapest in stock (the
 * first of equals), else the cheapest at all. `price` gives a variant's price. */
function headline(variants, price) {
  const inStock = variants.filter((v) => v.stock > 0);
  const pool = inStock.length ? inStock : variants;
  return pool.reduce((best, v) => (price(v) < price(best) ? v : best), pool[0]);
}

function need(cond, what) {
  if (!cond) fail(`world.json: ${what}`);
}

// ---------------------------------------------------------------------------------------------
// read the world

if (!fs.existsSync(worldPath)) fail(`${worldPath} is missing (the demo world is generated into public/demo/)`);
const world = JSON.parse(fs.readFileSync(worldPath, 'utf8'));
for (const key of ['shops', 'creators', 'products', 'videos']) {
  need(Array.isArray(world[key]) && world[key].length > 0, `no ${key}`);
}
for (const p of world.products) {
  need(p.variants.length > 0, `product ${p.id} has no variants`);
  need(p.variants.every((v) => v.price.currency === 'CNY'), `product ${p.id} is not priced in CNY`);
  need(p.title.zh && p.title.en, `product ${p.id} lacks a title in both languages`);
}
const productById = new Map(world.products.map((p) => [p.id, p]));
for (const v of world.videos) {
  need(v.products.length > 0 && v.products.every((id) => productById.has(id)), `video ${v.id} has no (known) product`);
}

/** The creator whose showcase sells a product: the one who runs its shop, else the first who
 * features it in a clip, else nobody. */
function sellerOf(p) {
  const owner = world.creators.find((c) => c.shop_id === p.shop_id);
  if (owner) return owner.handle;
  const clip = world.videos.find((v) => v.products.includes(p.id));
  return clip ? clip.creator : null;
}

// ---------------------------------------------------------------------------------------------
// shape 1: json-server (db.json)

function jsonServerDb() {
  const shops = world.shops.map((s) => ({
    id: s.id,
    shopName: s.name.zh,
    logoUrl: s.logo,
    score: s.rating,
    fansCount: s.followers,
  }));

  const creators = world.creators.map((c) => ({
    id: c.handle,
    nickname: c.name.zh,
    avatarUrl: c.avatar,
    intro: c.bio.zh,
    fans: c.followers,
    likes: c.likes,
    verified: !!c.verified,
    shopId: c.shop_id ?? null,
  }));

  const products = world.products.map((p, pi) => {
    // Every SKU: its list price (the crossed-out one when on sale) and a whole-percent discount.
    const skus = p.variants.map((v, vi) => {
      const list = v.original_price?.amount ?? v.price.amount;
      const sku = {
        skuId: 100000 + (pi + 1) * 100 + vi,
        attrs: [...v.values],
        price: majorNumber(list),
        discount: skuDiscount(list, v.price.amount),
        stock: v.stock,
      };
      if (v.image) sku.pic = v.image;
      return sku;
    });
    const sale = (s) => discounted(Math.round(s.price * 100), s.discount);
    const head = headline(skus, sale);
    const product = {
      id: p.id,
      shopId: p.shop_id,
      creatorId: sellerOf(p),
      categoryId: p.category,
      name: p.title.zh,
      desc: p.description?.zh ?? '',
      pics: [...(p.images ?? [])],
      // The card price: the headline SKU's list price and discount.
      price: head.price,
      discount: head.discount,
      soldCount: p.sold ?? 0,
      available: skus.some((s) => s.stock > 0),
      specs: (p.options ?? []).map((o) => ({
        key: o.id,
        name: o.name.zh,
        values: o.values.map((x) => (x.swatch ? { id: x.id, name: x.label.zh, color: x.swatch } : { id: x.id, name: x.label.zh })),
      })),
      skus,
    };
    if (p.purchase_limit) product.maxPerOrder = p.purchase_limit;
    need(product.pics.length > 0, `product ${p.id} has no images`);
    return product;
  });

  const videos = world.videos.map((v) => ({
    id: v.id,
    creatorId: v.creator,
    // The clip's anchor product (the first it sells): json-server joins one record per key.
    productId: v.products[0],
    videoUrl: v.media.src,
    coverUrl: v.media.poster,
    w: v.media.width,
    h: v.media.height,
    durationSec: Math.round(v.media.duration_ms / 100) / 10,
    caption: v.caption.zh,
    likeCount: v.likes,
    commentCount: v.comments,
    shareCount: v.shares,
    createdAt: new Date(v.posted_at).toISOString(),
  }));

  return { videos, creators, products, shops };
}

// ---------------------------------------------------------------------------------------------
// shape 2: the enveloped API (envelope.json)

function envelopeData() {
  const shopId = new Map(world.shops.map((s, i) => [s.id, 301 + i]));
  const goodsId = new Map(world.products.map((p, i) => [p.id, 20001 + i]));

  const shops = world.shops.map((s) => ({
    shop_id: shopId.get(s.id),
    shop_name: s.name.zh,
    shop_logo: s.logo,
    score: s.rating,
    // Counts as numeric strings, as some APIs send big numbers.
    fans_num: String(s.followers),
  }));

  const users = world.creators.map((c, i) => {
    const u = {
      uid: 10001 + i,
      unique_id: c.handle,
      nickname: c.name.zh,
      avatar_thumb: { url_list: [c.avatar] },
      signature: c.bio.zh,
      signature_en: c.bio.en,
      follower_count: c.followers,
      total_favorited: String(c.likes),
      is_verified: !!c.verified,
    };
    if (c.shop_id) u.shop = { shop_id: shopId.get(c.shop_id), shop_name: world.shops.find((s) => s.id === c.shop_id)?.name.zh };
    return u;
  });

  const goods = world.products.map((p) => {
    const id = goodsId.get(p.id);
    const head = headline(p.variants, (v) => v.price.amount);
    const g = {
      goods_id: id,
      shop_id: shopId.get(p.shop_id),
      seller_uid: sellerOf(p),
      cate_id: p.category,
      goods_name: p.title.zh,
      goods_name_en: p.title.en,
      detail: p.description?.zh ?? '',
      detail_en: p.description?.en ?? '',
      images: [...(p.images ?? [])],
      cover_img: p.images?.[0] ?? '',
      currency: 'CNY',
      sale_price: majorString(head.price.amount),
      sales: p.sold ?? 0,
      has_stock: p.variants.some((v) => v.stock > 0),
      sku_props: (p.options ?? []).map((o) => ({
        prop_key: o.id,
        prop_name: o.name.zh,
        prop_name_en: o.name.en,
        values: o.values.map((x) => {
          const value = { vid: x.id, name: x.label.zh, name_en: x.label.en };
          if (x.swatch) value.rgb = x.swatch;
          return value;
        }),
      })),
      skus: p.variants.map((v, vi) => {
        const sku = {
          sku_id: id * 100 + vi + 1,
          prop_vids: [...v.values],
          price: majorString(v.price.amount),
          stock_num: v.stock,
        };
        if (v.original_price) sku.market_price = majorString(v.original_price.amount);
        if (v.image) sku.img = v.image;
        return sku;
      }),
    };
    if (head.original_price) g.market_price = majorString(head.original_price.amount);
    if (p.purchase_limit) g.limit_per_order = p.purchase_limit;
    return g;
  });

  const aweme = world.videos.map((v, i) => ({
    aweme_id: 7301000001 + i,
    author_uid: v.creator,
    goods_ids: v.products.map((id) => goodsId.get(id)),
    desc: v.caption.zh,
    desc_en: v.caption.en,
    video: {
      play_addr: v.media.src,
      cover: v.media.poster,
      width: v.media.width,
      height: v.media.height,
      duration: v.media.duration_ms,
    },
    statistics: { digg_count: v.likes, comment_count: v.comments, share_count: v.shares },
    // Unix SECONDS, as such APIs send them.
    create_time: Math.round(v.posted_at / 1000),
  }));

  return {
    $comment:
      'Data of the enveloped foreign API (tests/foreign/envelope-server.mjs), made from public/demo/world.json by tests/foreign/make-fixtures.mjs. ' +
      '`off_shelf`: goods ids the server answers with HTTP 200 and code 40402 (an error inside a 2xx).',
    aweme,
    users,
    goods,
    shops,
    off_shelf: [29999],
  };
}

// ---------------------------------------------------------------------------------------------

fs.mkdirSync(outDir, { recursive: true });
const db = jsonServerDb();
const env = envelopeData();
/** Writes whole or not at all: the servers may start from another run of this script (the test
 * runner starts json-server and the envelope server in parallel, each after making fixtures). */
function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
writeAtomically(path.join(outDir, 'db.json'), `${JSON.stringify(db, null, 2)}\n`);
writeAtomically(path.join(outDir, 'envelope.json'), `${JSON.stringify(env, null, 2)}\n`);
const rel = (p) => path.relative(ROOT, p) || '.';
console.log(
  `make-fixtures: ${rel(path.join(outDir, 'db.json'))} (${db.videos.length} videos, ${db.creators.length} creators, ` +
    `${db.products.length} products, ${db.shops.length} shops); ${rel(path.join(outDir, 'envelope.json'))} ` +
    `(${env.aweme.length} clips, ${env.users.length} users, ${env.goods.length} goods, ${env.shops.length} shops)`,
);

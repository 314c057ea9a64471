/**
 * What each foreign backend's fixture (target/foreign/*.json, from tests/foreign/make-fixtures.mjs)
 * says Haowu's pages must show, read the way each foreign API means its data — never from the
 * demo world, and never through the mapping under test: foreign.spec.ts compares the app with it.
 */
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

// ---------------------------------------------------------------------------------------------
// prices as the page shows them (src/format.rs, zh-CN, symbol): ¥329, ¥29.90, no grouping

export const yuan = (fen: number): string => {
  const major = Math.trunc(fen / 100);
  const minor = Math.abs(fen) % 100;
  return minor ? `¥${major}.${String(minor).padStart(2, '0')}` : `¥${major}`;
};

/** "129.5" / 129.5 / "129.00" → fen, exactly. */
export function fen(v: number | string): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(v).trim());
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(v)}`);
  const frac = (m[3] ?? '').padEnd(3, '0');
  const n = Number(m[2]) * 100 + Number(frac.slice(0, 2)) + (Number(frac[2]) >= 5 ? 1 : 0);
  return m[1] ? -n : n;
}

/** The price after `percent` % off, rounded to the fen (the fixtures have no exact halves). */
export const discounted = (amount: number, percent: number): number => Math.round((amount * (100 - percent)) / 100);

// ---------------------------------------------------------------------------------------------
// what each shape's fixture says the pages must show

export type ClipExp = { id: string; creatorName: string; caption: string; poster: string; src: string; product: { title: string; price: number } };
export type ProductExp = {
  id: string;
  title: string;
  description: string;
  image: string;
  shopName: string;
  price: number;
  /** The crossed-out price, when above `price`. */
  was?: number;
  options: { name: string; values: { id: string; label: string }[] }[];
  /** Option value ids of the variant the buy panel starts on (the cheapest in stock). */
  headline: string[];
  variants: { values: string[]; price: number; was?: number; stock: number }[];
};
export type CreatorExp = { handle: string; name: string; bio: string; avatar: string; videos: { id: string; poster: string }[]; showcase: { id: string; title: string; price: number }[] };

export type Model = {
  clips: ClipExp[];
  product(id: string): ProductExp;
  /** A product with two options, a sold-out variant and a discount: the one the product test opens. */
  showcaseProductId: string;
  creator(handle: string): CreatorExp;
  /** Ids of the products a search for `q` finds, in order. */
  search(q: string): string[];
  searchWord: string;
  /** A product id that does not exist. */
  missingProductId: string;
  /** The creator of the first clip (clips and a showcase): the one the creator test opens. */
  creatorHandle: string;
};

/** The cheapest in-stock variant (the first of equals), else the cheapest: Product::headline_variant. */
function headlineOf<T>(variants: T[], price: (v: T) => number, stock: (v: T) => number): T {
  const inStock = variants.filter((v) => stock(v) > 0);
  const pool = inStock.length ? inStock : variants;
  return pool.reduce((best, v) => (price(v) < price(best) ? v : best), pool[0]);
}

export function readFixture<T>(rel: string): T {
  const file = path.join(ROOT, rel);
  if (!fs.existsSync(file)) throw new Error(`${rel} is missing: run \`node tests/foreign/make-fixtures.mjs\` before these tests`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

// json-server (target/foreign/db.json) ---------------------------------------------------------

type JsSku = { skuId: number; attrs: string[]; price: number; discount: number; stock: number; pic?: string };
type JsProduct = {
  id: string;
  shopId: string;
  creatorId: string | null;
  name: string;
  desc: string;
  pics: string[];
  price: number;
  discount: number;
  specs: { key: string; name: string; values: { id: string; name: string }[] }[];
  skus: JsSku[];
};
export type JsDb = {
  videos: { id: string; creatorId: string; productId: string; videoUrl: string; coverUrl: string; caption: string }[];
  creators: { id: string; nickname: string; avatarUrl: string; intro: string }[];
  products: JsProduct[];
  shops: { id: string; shopName: string }[];
};

export function jsonServerModel(base: string): Model {
  const db = readFixture<JsDb>('target/foreign/db.json');
  const abs = (rel: string) => new URL(rel, `${base}/`).href;
  const product = (id: string) => db.products.find((p) => p.id === id) ?? fail(`db.json has no product ${id}`);
  const skuPrice = (s: JsSku) => discounted(fen(s.price), s.discount);
  const cardPrice = (p: JsProduct) => discounted(fen(p.price), p.discount);
  // json-server's q=: any field, at any depth, containing the words (lower-cased).
  const deep = (v: unknown, q: string): boolean =>
    v !== null &&
    v !== undefined &&
    (Array.isArray(v) ? v.some((x) => deep(x, q)) : typeof v === 'object' ? Object.values(v as object).some((x) => deep(x, q)) : String(v).toLowerCase().includes(q));
  return {
    clips: db.videos.map((v) => {
      const p = product(v.productId);
      return {
        id: v.id,
        creatorName: db.creators.find((c) => c.id === v.creatorId)?.nickname ?? fail(`db.json has no creator ${v.creatorId}`),
        caption: v.caption,
        poster: abs(v.coverUrl),
        src: abs(v.videoUrl),
        product: { title: p.name, price: cardPrice(p) },
      };
    }),
    product(id) {
      const p = product(id);
      const head = headlineOf(p.skus, skuPrice, (s) => s.stock);
      const was = fen(head.price);
      return {
        id,
        title: p.name,
        description: p.desc,
        image: abs(p.pics[0]),
        shopName: db.shops.find((s) => s.id === p.shopId)?.shopName ?? fail(`db.json has no shop ${p.shopId}`),
        price: skuPrice(head),
        was: was > skuPrice(head) ? was : undefined,
        options: p.specs.map((s) => ({ name: s.name, values: s.values.map((x) => ({ id: x.id, label: x.name })) })),
        headline: head.attrs,
        variants: p.skus.map((s) => ({ values: s.attrs, price: skuPrice(s), was: fen(s.price) > skuPrice(s) ? fen(s.price) : undefined, stock: s.stock })),
      };
    },
    showcaseProductId: (
      db.products.find((p) => p.specs.length === 2 && p.skus.some((s) => s.stock === 0) && headlineOf(p.skus, skuPrice, (s) => s.stock).discount > 0) ??
      fail('db.json has no product with two options, a sold-out SKU and a discount')
    ).id,
    creator(handle) {
      const c = db.creators.find((x) => x.id === handle) ?? fail(`db.json has no creator ${handle}`);
      return {
        handle,
        name: c.nickname,
        bio: c.intro,
        avatar: abs(c.avatarUrl),
        videos: db.videos.filter((v) => v.creatorId === handle).slice(0, 20).map((v) => ({ id: v.id, poster: abs(v.coverUrl) })),
        showcase: db.products
          .filter((p) => p.creatorId === handle)
          .slice(0, 20)
          .map((p) => ({ id: p.id, title: p.name, price: cardPrice(p) })),
      };
    },
    search: (q) => db.products.filter((p) => Object.values(p).some((x) => deep(x, q.toLowerCase()))).slice(0, 20).map((p) => p.id),
    searchWord: '茶',
    missingProductId: 'no-such-product',
    creatorHandle: db.videos[0].creatorId,
  };
}

// the enveloped API (target/foreign/envelope.json) ---------------------------------------------

type EnvSku = { sku_id: number; prop_vids: string[]; price: string; market_price?: string; stock_num: number };
type EnvGoods = {
  goods_id: number;
  shop_id: number;
  seller_uid: string | null;
  goods_name: string;
  goods_name_en: string;
  detail: string;
  images: string[];
  cover_img: string;
  sale_price: string;
  sku_props: { prop_key: string; prop_name: string; values: { vid: string; name: string }[] }[];
  skus: EnvSku[];
};
export type EnvData = {
  aweme: { aweme_id: number; author_uid: string; goods_ids: number[]; desc: string; video: { play_addr: string; cover: string } }[];
  users: { unique_id: string; nickname: string; avatar_thumb: { url_list: string[] }; signature: string }[];
  goods: EnvGoods[];
  shops: { shop_id: number; shop_name: string }[];
  off_shelf: number[];
};

export function envelopeModel(base: string): Model {
  const data = readFixture<EnvData>('target/foreign/envelope.json');
  const abs = (rel: string) => new URL(rel, `${base}/`).href;
  const goods = (id: number | string) => data.goods.find((g) => g.goods_id === Number(id)) ?? fail(`envelope.json has no goods ${id}`);
  const skuPrice = (s: EnvSku) => fen(s.price);
  return {
    clips: data.aweme.map((a) => {
      const g = goods(a.goods_ids[0]);
      return {
        id: String(a.aweme_id),
        creatorName: data.users.find((u) => u.unique_id === a.author_uid)?.nickname ?? fail(`envelope.json has no user ${a.author_uid}`),
        caption: a.desc,
        poster: abs(a.video.cover),
        src: abs(a.video.play_addr),
        product: { title: g.goods_name, price: fen(g.sale_price) },
      };
    }),
    product(id) {
      const g = goods(id);
      const head = headlineOf(g.skus, skuPrice, (s) => s.stock_num);
      const was = head.market_price === undefined ? undefined : fen(head.market_price);
      return {
        id,
        title: g.goods_name,
        description: g.detail,
        image: abs(g.images[0]),
        shopName: data.shops.find((s) => s.shop_id === g.shop_id)?.shop_name ?? fail(`envelope.json has no shop ${g.shop_id}`),
        price: skuPrice(head),
        was: was !== undefined && was > skuPrice(head) ? was : undefined,
        options: g.sku_props.map((p) => ({ name: p.prop_name, values: p.values.map((v) => ({ id: v.vid, label: v.name })) })),
        headline: head.prop_vids,
        variants: g.skus.map((s) => {
          const list = s.market_price === undefined ? undefined : fen(s.market_price);
          return { values: s.prop_vids, price: skuPrice(s), was: list !== undefined && list > skuPrice(s) ? list : undefined, stock: s.stock_num };
        }),
      };
    },
    showcaseProductId: String(
      (
        data.goods.find((g) => g.sku_props.length === 2 && g.skus.some((s) => s.stock_num === 0) && headlineOf(g.skus, skuPrice, (s) => s.stock_num).market_price !== undefined) ??
        fail('envelope.json has no goods with two options, a sold-out SKU and a market price')
      ).goods_id,
    ),
    creator(handle) {
      const u = data.users.find((x) => x.unique_id === handle) ?? fail(`envelope.json has no user ${handle}`);
      return {
        handle,
        name: u.nickname,
        bio: u.signature,
        avatar: abs(u.avatar_thumb.url_list[0]),
        videos: data.aweme
          .filter((a) => a.author_uid === handle)
          .slice(0, 20)
          .map((a) => ({ id: String(a.aweme_id), poster: abs(a.video.cover) })),
        showcase: data.goods
          .filter((g) => g.seller_uid === handle)
          .slice(0, 20)
          .map((g) => ({ id: String(g.goods_id), title: g.goods_name, price: fen(g.sale_price) })),
      };
    },
    search: (q) =>
      data.goods
        .filter((g) => g.goods_name.toLowerCase().includes(q.toLowerCase()) || g.goods_name_en.toLowerCase().includes(q.toLowerCase()))
        .slice(0, 20)
        .map((g) => String(g.goods_id)),
    searchWord: '茶',
    missingProductId: '99999',
    creatorHandle: data.aweme[0].author_uid,
  };
}

export function fail(message: string): never {
  throw new Error(message);
}


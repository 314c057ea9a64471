// Haowu's boot script: runs while nothing else has loaded, so that what the first screen needs
// does not wait for the WASM. It starts the requests the first page will make (the
// configuration and, with the demo backend, its world), paints the page's hero image on the boot
// screen where the page will show it (the first clip's poster on the feed, the product's photo,
// the live room's poster, the creator's cover: each page's largest paint), and only then loads
// the app, so that the app's code does not take the bandwidth the hero needs. If the app cannot
// be loaded, it says so plainly, with a way to retry.
//
// The app adopts the requests started here (`window.__haowuPrefetch`, read once by
// `api/fetch.rs`), so nothing is downloaded twice. An external module, not an inline script:
// the Content-Security-Policy allows scripts from this origin only.
const prefetch = (window.__haowuPrefetch = {});

// Every history entry of this tab knows how deep into the app it is: 0 for the page the shopper
// landed on (from another site, a shared link), one more for each page opened from there; a
// replaced entry keeps the depth of the one it replaced. The app's back arrow reads it, so that
// on the landing page it goes to the page's parent instead of leaving the site. (Set here, where
// the entries are made: the router commits a page's URL only once its code has loaded.)
{
  const depth = () => (history.state && typeof history.state.haowuDepth === 'number' ? history.state.haowuDepth : 0);
  const withDepth = (state, d) => Object.assign(state && typeof state === 'object' ? { ...state } : {}, { haowuDepth: d });
  const push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  history.pushState = (state, title, url) => push(withDepth(state, depth() + 1), title, url);
  history.replaceState = (state, title, url) => replace(withDepth(state, depth()), title, url);
  if (!history.state || typeof history.state.haowuDepth !== 'number') history.replaceState(history.state, '');
}
const boot = document.getElementById('boot');
const script = document.querySelector('script[data-main]');

/** Starts a GET the app will make, sharing its answer with the app. */
function start(url) {
  const request = fetch(url);
  // Registered before anyone reads the body, so the app gets an unread copy.
  const shared = request.then((r) => r.clone());
  shared.catch(() => {});
  prefetch[url] = shared;
  return request;
}

const json = (request) => request.then((r) => (r.ok ? r.json() : {})).catch(() => ({}));

/**
 * The hero of the page at `path`, from the demo world: `[kind, image]`, where `kind` names the
 * box the page shows it in (style/base.css, `.boot-hero--*`).
 */
function hero(world, live, path) {
  const [, section, rawId] = path.match(/^\/(v|p|live)\/([^/]+)/) || path.match(/^\/(@)([^/]+)/) || [];
  const id = rawId && decodeURIComponent(rawId);
  const videos = world.videos || [];
  switch (section) {
    case 'v':
      return ['feed', (videos.find((v) => v.id === id) || videos[0])?.media?.poster];
    case 'p':
      return ['product', (world.products || []).find((p) => p.id === id)?.images?.[0]];
    case 'live':
      return ['live', (live.live || []).find((l) => l.id === id)?.stream?.poster];
    case '@':
      return ['cover', videos.find((v) => v.creator.toLowerCase() === id.toLowerCase())?.media?.poster];
    default:
      return path === '/' ? ['feed', videos[0]?.media?.poster] : [];
  }
}

/** Shows `src` on the boot screen in the box `kind`; resolves once it is painted (or failed). */
function paintHero(kind, src) {
  if (!boot || !src || boot.querySelector('.boot-hero')) return Promise.resolve();
  const img = new Image();
  img.className = `boot-hero boot-hero--${kind}`;
  img.alt = '';
  img.fetchPriority = 'high';
  const painted = new Promise((resolve) => {
    img.addEventListener('load', () => {
      boot.classList.add('has-hero');
      requestAnimationFrame(() => requestAnimationFrame(resolve));
    });
    img.addEventListener('error', resolve);
  });
  img.src = src;
  boot.prepend(img);
  // A product's photo and a creator's cover sit on a light page, not the dark boot screen.
  if (kind === 'product' || kind === 'cover') boot.classList.add('is-light');
  // A slow image must not hold the app back for long.
  return Promise.race([painted, new Promise((resolve) => setTimeout(resolve, 1500))]);
}

/** Fetches the code of a split point (as the app's chunk loader will ask for it). */
function preloadChunk(name) {
  const map = JSON.parse(document.getElementById('haowu-split-map')?.textContent || '{}');
  for (const href of map[name] || []) {
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = href;
    document.head.append(link);
  }
}

/** Loads the app: its JS glue, which fetches and starts the main WASM. */
function loadApp() {
  const { main, wasm } = script.dataset;
  return import(main).then((app) => app.default({ module_or_path: wasm }));
}

async function firstScreen() {
  const query = new URLSearchParams(location.search);
  const path = location.pathname;
  // The backend the shipped configuration picks (written by the build); the URL may pick
  // another, the file may too (then the world fetched for nothing is one small file).
  const demo = (query.get('backend') || script.dataset.backend) === 'demo';
  const config = json(start('/haowu.config.json'));
  // /me shows no backend data; every other page asks the backend at once.
  const world = demo && path !== '/me' ? json(start('/demo/world.json')) : null;
  // A live room's page asks for the shows too (their own file, public/demo/live.json).
  const live = demo && path.startsWith('/live') ? json(start('/demo/live.json')) : Promise.resolve({});
  // On / the build knows the first clip's poster: no need to wait for the world.
  const { poster } = script.dataset;
  if (path === '/' && poster && demo) {
    await paintHero('feed', poster);
  } else if (world) {
    const [kind, src] = hero(await world, await live, path);
    if (kind) await paintHero(kind, src);
  }
  const app = loadApp();
  // Pages that ask the backend at once need its code: fetch it alongside the main module.
  const file = (await config) || {};
  const chosen = query.get('backend') || file.backend || script.dataset.backend;
  if (chosen === 'demo' && path !== '/me') preloadChunk('demo_backend');
  if (chosen === 'http') {
    preloadChunk('http_backend');
    // A foreign backend's mapping is checked before the first page.
    if (file.http && file.http.mapping) preloadChunk('http_mapping');
  }
  return app;
}

function cannotLoad(error) {
  console.error('Haowu could not load', error);
  if (!boot) return;
  boot.removeAttribute('aria-busy');
  boot.setAttribute('role', 'alert');
  boot.querySelector('.boot-hero')?.remove();
  boot.classList.remove('has-hero');
  const message = document.createElement('p');
  message.className = 'boot-failed';
  message.textContent = navigator.onLine
    ? '好物没能加载，请重试。Haowu could not load — please try again.'
    : '网络已断开，联网后重试。You are offline — try again once connected.';
  const retry = document.createElement('button');
  retry.className = 'btn';
  retry.textContent = '重试 · Retry';
  retry.addEventListener('click', () => location.reload());
  boot.append(message, retry);
}

firstScreen().catch(cannotLoad);

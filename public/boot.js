// Haowu's boot script: runs while the WASM downloads, so nothing the first screen needs waits
// for it. It starts the requests the first page will make (the configuration and, with the demo
// backend, its world), paints the first clip's poster on the boot screen (the feed's largest
// paint), loads the app, and says so plainly if the app cannot be loaded.
//
// The app adopts the requests started here (`window.__haowuPrefetch`, read once by
// `api/fetch.rs`), so nothing is downloaded twice. An external module, not an inline script:
// the Content-Security-Policy allows scripts from this origin only.
const prefetch = (window.__haowuPrefetch = {});
const boot = document.getElementById('boot');

/** Starts a GET the app will make, sharing its answer with the app. */
function start(url) {
  const request = fetch(url);
  // Registered before anyone reads the body, so the app gets an unread copy.
  const shared = request.then((r) => r.clone());
  shared.catch(() => {});
  prefetch[url] = shared;
  return request;
}

/** The feed's first clip: the linked one on /v/:id, else the first of "For you". */
function firstClip(world, path) {
  const linked = path.match(/^\/v\/([^/]+)/);
  const videos = world.videos || [];
  return (linked && videos.find((v) => v.id === decodeURIComponent(linked[1]))) || videos[0];
}

/** Shows `src` on the boot screen; resolves once it is painted (or could not be). */
function paintPoster(src) {
  if (!boot || !src || boot.querySelector('.boot-poster')) return Promise.resolve();
  const img = new Image();
  img.className = 'boot-poster';
  img.alt = '';
  img.fetchPriority = 'high';
  const painted = new Promise((resolve) => {
    img.addEventListener('load', () => {
      boot.classList.add('has-poster');
      requestAnimationFrame(() => requestAnimationFrame(resolve));
    });
    img.addEventListener('error', resolve);
  });
  img.src = src;
  boot.prepend(img);
  return painted;
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
  const { main, wasm } = document.querySelector('script[data-main]').dataset;
  return import(main).then((app) => app.default({ module_or_path: wasm }));
}

async function firstScreen() {
  const query = new URLSearchParams(location.search);
  const path = location.pathname;
  // On / the build has preloaded the first clip's poster (demo backend). It is painted before
  // anything else is asked for: the app's code would otherwise take the bandwidth it needs.
  const built = document.querySelector('link[data-haowu-poster]');
  if (path === '/' && built) {
    const timeout = new Promise((resolve) => setTimeout(resolve, 1500));
    await Promise.race([paintPoster(built.getAttribute('href')), timeout]);
  }
  const app = loadApp();
  const config = await start('/haowu.config.json')
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  const backend = query.get('backend') || config.backend || 'demo';
  if (backend === 'demo') {
    // Every page needs the backend's code: fetch it alongside the main module.
    preloadChunk('demo_backend');
    // /me shows no backend data; every other page asks the backend at once.
    if (path !== '/me') {
      const world = start('/demo/world.json');
      if (path.startsWith('/v/')) {
        const data = await world.then((r) => (r.ok ? r.json() : {}));
        paintPoster(firstClip(data, path)?.media?.poster);
      }
    }
  }
  return app;
}

function cannotLoad(error) {
  console.error('Haowu could not load', error);
  if (!boot) return;
  boot.removeAttribute('aria-busy');
  boot.setAttribute('role', 'alert');
  boot.querySelector('.boot-poster')?.remove();
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

//! The live room's video. An HLS stream plays natively where the browser can, and through
//! hls.js on Media Source Extensions where it cannot: hls.js is a file of its own (shipped by
//! `scripts/build-wasm.mjs`, named in the `haowu-hls` meta), added as a `<script>` only then,
//! never in the first load. An MP4 (a replay) plays as a plain video. `?hls=js` on the room's
//! link forces hls.js where the browser has native HLS too, so both paths stay tested.
//!
//! Sound follows the shopper's choice from the feed (`state::use_sound`: muted until they turn it
//! on, anywhere), and the room's toggle changes that same choice. The muted *property* is set
//! before the source, so the room autoplays under the browser's default policy; a play refused
//! with sound (no gesture yet) falls back to muted, like the feed.
//!
//! A stream that stalls (waiting with the playback time standing still for [`STALL_MS`]), fails
//! (a media error, or hls.js's fatal error) shows "reconnecting" and is loaded again after a
//! backoff, resuming where it was; `playing` clears the state. After [`MAX_ATTEMPTS`] the error
//! view with Retry takes over. Leaving the room destroys hls.js, drops the source and stops
//! every timer.

use crate::api::{ApiError, ErrorKind};
use crate::components::icons::{self, Icon};
use crate::components::ErrorView;
use crate::model::Media;
use crate::state::{use_sound, use_ui};
use gloo_timers::callback::Timeout;
use js_sys::{Function, Reflect};
use leptos::html::Video;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlVideoElement;

const HLS_TYPE: &str = "application/vnd.apple.mpegurl";

/// Waiting (or stalled) this long without the playback time moving is a stalled stream.
const STALL_MS: u32 = 3_000;

/// Waits before each reconnection attempt; the last one repeats.
const BACKOFF_MS: [u32; 5] = [1_000, 2_000, 4_000, 8_000, 15_000];

/// Attempts without playback before the error view (with Retry) replaces "reconnecting".
const MAX_ATTEMPTS: u32 = 8;

/// Seconds of playback after a reconnection that make the stream healthy again (the backoff
/// starts over); a stream that plays a moment and fails again keeps backing off.
const HEALTHY_AFTER_S: f64 = 3.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    /// An MP4 (a replay): the browser plays the file.
    File,
    /// HLS played by the browser itself.
    Native,
    /// HLS through hls.js on Media Source Extensions.
    HlsJs,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::File => "file",
            Engine::Native => "native",
            Engine::HlsJs => "hls.js",
        }
    }
}

/// An hls.js instance and the listener it calls; dropping it destroys the instance (which
/// removes its listeners and detaches the video) before the listener is freed.
struct HlsJs {
    hls: JsValue,
    _listener: Closure<dyn FnMut(JsValue, JsValue)>,
}

impl Drop for HlsJs {
    fn drop(&mut self) {
        call(&self.hls, "destroy", &[]);
    }
}

/// What plays now. Dropped when the room is left (or its owner is disposed): nothing keeps
/// running after that.
#[derive(Default)]
struct Player {
    video: Option<HtmlVideoElement>,
    engine: Option<Engine>,
    hls: Option<HlsJs>,
    /// The stall watchdog, armed by `waiting`/`stalled` and after each reconnection.
    watch: Option<Timeout>,
    /// The next reconnection attempt.
    retry: Option<Timeout>,
    attempts: u32,
    /// hls.js's media errors get one in-place recovery before a full reconnection.
    media_recovered: bool,
    /// The browser refused to play with sound: play again once muted.
    refused: bool,
    /// The last playback position seen (where a reconnection resumes).
    position: f64,
    /// Seconds played in all (it only grows, across loops and reconnections), and its value at
    /// the last reconnection.
    clock: f64,
    clock_at_reconnect: f64,
    /// Where the new source resumes once it has its metadata.
    resume_at: Option<f64>,
}

impl Player {
    /// Stops loading and playing: hls.js destroyed, source removed, timers cancelled. The
    /// caller drops what this returns outside the store's lock (hls.js may call back).
    fn detach(&mut self) -> Option<HlsJs> {
        self.watch = None;
        self.retry = None;
        let hls = self.hls.take();
        if let Some(video) = &self.video {
            let _ = video.pause();
            if video.has_attribute("src") && hls.is_none() {
                let _ = video.remove_attribute("src");
                video.load();
            }
        }
        hls
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        drop(self.detach());
        // hls.js detached the video as it was destroyed; a plain source is dropped here.
        if let Some(video) = &self.video {
            if video.has_attribute("src") {
                let _ = video.remove_attribute("src");
                video.load();
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Ctx {
    player: StoredValue<Player, LocalStorage>,
    stream: StoredValue<Media>,
    force_hls_js: bool,
    /// The error view's words when nothing here can play HLS.
    unplayable: &'static str,
    sound: RwSignal<bool>,
    engine: RwSignal<Option<Engine>>,
    reconnecting: RwSignal<bool>,
    failed: RwSignal<Option<ApiError>>,
}

impl Ctx {
    fn video(self) -> Option<HtmlVideoElement> {
        self.player.try_with_value(|p| p.video.clone()).flatten()
    }

    /// Picks how to play the stream (loading hls.js if needed), then plays it.
    async fn start(self) {
        let Some(video) = self.video() else { return };
        let Some(stream) = self.stream.try_get_value() else {
            return;
        };
        match choose_engine(&video, &stream, self.force_hls_js, self.unplayable).await {
            Ok(engine) => {
                // The room may have been left while hls.js was loading.
                if self
                    .player
                    .try_update_value(|p| p.engine = Some(engine))
                    .is_some()
                {
                    let _ = self.engine.try_set(Some(engine));
                    self.attach();
                }
            }
            Err(error) => {
                let _ = self.failed.try_set(Some(error));
            }
        }
    }

    /// Gives the video its source and plays it.
    fn attach(self) {
        let Some(video) = self.video() else { return };
        let Some(src) = self.stream.try_with_value(|s| s.src.clone()) else {
            return;
        };
        video.set_muted(!self.sound.get_untracked());
        match self.engine.get_untracked() {
            Some(Engine::HlsJs) => {
                let hls = hls_ctor().and_then(|ctor| new_hls(&ctor, self, &video, &src));
                match hls {
                    // It plays once the playlist is parsed.
                    Some(hls) => self.player.update_value(|p| p.hls = Some(hls)),
                    None => self.lost(),
                }
            }
            Some(_) => {
                video.set_src(&src);
                play(self, &video);
            }
            None => {}
        }
    }

    /// The stream failed or stalled: "reconnecting", and another attempt after a backoff.
    fn lost(self) {
        let Some(attempt) = self.player.try_update_value(|p| {
            p.watch = None;
            if p.retry.is_some() {
                return None;
            }
            p.attempts += 1;
            Some(p.attempts)
        }) else {
            return;
        };
        let Some(attempt) = attempt else { return };
        if attempt > MAX_ATTEMPTS {
            drop(self.player.try_update_value(Player::detach));
            self.reconnecting.set(false);
            self.failed.set(Some(ApiError::with_detail(
                ErrorKind::Network,
                "the live stream did not come back",
            )));
            return;
        }
        self.reconnecting.set(true);
        let wait = BACKOFF_MS[(attempt as usize - 1).min(BACKOFF_MS.len() - 1)];
        let timer = Timeout::new(wait, move || self.reconnect());
        self.player.update_value(|p| p.retry = Some(timer));
    }

    /// Loads the stream again from where it was (a live stream rejoins at its live edge).
    fn reconnect(self) {
        let Some(old) = self.player.try_update_value(|p| {
            let old = p.detach();
            p.resume_at = Some(p.position);
            p.clock_at_reconnect = p.clock;
            p.media_recovered = false;
            old
        }) else {
            return;
        };
        drop(old);
        self.attach();
        self.watch();
    }

    /// Arms the watchdog: if nothing has played in [`STALL_MS`], the stream is lost. (Chromium
    /// fires `stalled` now and then while a stream plays on from its buffer.)
    fn watch(self) {
        let Some(Some(from)) = self
            .player
            .try_with_value(|p| p.watch.is_none().then_some(p.clock))
        else {
            return;
        };
        let timer = Timeout::new(STALL_MS, move || {
            if self.player.try_with_value(|p| p.clock > from + 0.1) == Some(true) {
                self.player.update_value(|p| p.watch = None);
            } else {
                self.lost();
            }
        });
        self.player.update_value(|p| p.watch = Some(timer));
    }

    fn on_playing(self) {
        self.player.update_value(|p| {
            p.watch = None;
            p.retry = None;
        });
        self.reconnecting.set(false);
        crate::chunks::prefetch_likely_next();
    }

    fn on_time(self, video: &HtmlVideoElement) {
        let t = video.current_time();
        self.player.update_value(|p| {
            // Until the new source resumes, the old position is the one to resume from.
            if p.resume_at.is_some() {
                return;
            }
            let step = t - p.position;
            if step > 0.0 && step < 1.0 {
                p.clock += step;
                if p.clock - p.clock_at_reconnect > HEALTHY_AFTER_S {
                    p.attempts = 0;
                }
            }
            p.position = t;
        });
    }

    fn on_metadata(self, video: &HtmlVideoElement) {
        let resume = self
            .player
            .try_update_value(|p| p.resume_at.take())
            .flatten();
        if let Some(at) = resume {
            // Only a stream with an end (a replay, the demo's looping streams) can resume.
            let d = video.duration();
            if d.is_finite() && at > 0.0 && at < d {
                video.set_current_time(at);
            }
        }
    }

    fn on_error(self) {
        // hls.js reports what happens under it; an element without a source has nothing to lose.
        let engine = self.player.try_with_value(|p| p.engine).flatten();
        let has_src = self.video().is_some_and(|v| v.has_attribute("src"));
        if has_src && matches!(engine, Some(Engine::File | Engine::Native)) {
            self.lost();
        }
    }

    fn on_hls_event(self, event: JsValue, data: JsValue) {
        match event.as_string().as_deref() {
            Some("hlsManifestParsed") => {
                if let Some(video) = self.video() {
                    play(self, &video);
                }
            }
            Some("hlsError") if get(&data, "fatal").is_truthy() => {
                let media = get(&data, "type").as_string().as_deref() == Some("mediaError");
                let first = self
                    .player
                    .try_update_value(|p| !std::mem::replace(&mut p.media_recovered, true))
                    .unwrap_or(false);
                let hls = self
                    .player
                    .try_with_value(|p| p.hls.as_ref().map(|h| h.hls.clone()))
                    .flatten();
                match hls {
                    Some(hls) if media && first => {
                        call(&hls, "recoverMediaError", &[]);
                    }
                    _ => self.lost(),
                }
            }
            _ => {}
        }
    }

    /// The error view's Retry: from the start (hls.js may not have loaded).
    fn retry(self) {
        self.failed.set(None);
        drop(self.player.try_update_value(|p| {
            p.attempts = 0;
            p.resume_at = Some(p.position);
            p.detach()
        }));
        leptos::task::spawn_local(self.start());
    }
}

fn play(ctx: Ctx, video: &HtmlVideoElement) {
    // Refused with sound: fall back to muted, which the sound effect then plays.
    crate::browser::play_or(video, move || {
        if ctx.sound.try_get_untracked() == Some(true) {
            ctx.player.update_value(|p| p.refused = true);
            ctx.sound.set(false);
        }
    });
}

async fn choose_engine(
    video: &HtmlVideoElement,
    stream: &Media,
    force_hls_js: bool,
    unplayable: &'static str,
) -> Result<Engine, ApiError> {
    if !stream.is_hls() {
        return Ok(Engine::File);
    }
    let native = call(video, "canPlayType", &[&HLS_TYPE.into()])
        .and_then(|answer| answer.as_string())
        .is_some_and(|answer| !answer.is_empty());
    if native && !force_hls_js {
        return Ok(Engine::Native);
    }
    let loaded = load_hls_js().await;
    let supported = loaded.is_ok()
        && hls_ctor()
            .and_then(|hls| call(&hls, "isSupported", &[]))
            .is_some_and(|v| v.is_truthy());
    match loaded {
        _ if supported => Ok(Engine::HlsJs),
        // hls.js did not load (or cannot run here): the browser's own player.
        _ if native => Ok(Engine::Native),
        Err(error) => Err(error),
        // The sentence is the shopper's (a refusal's detail is shown as it is).
        Ok(()) => Err(ApiError::with_detail(ErrorKind::Rejected, unplayable)),
    }
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `obj[name](...args)`. hls.js, and the few calls only this room makes (`canPlayType`,
/// `Reflect.construct`), go through `Reflect.get` and `Function.call`, whose glue the first load
/// has anyway: the room adds nothing to the app's JS.
fn call(obj: &JsValue, name: &str, args: &[&JsValue]) -> Option<JsValue> {
    let f: Function = get(obj, name).dyn_into().ok()?;
    match args {
        [] => f.call0(obj),
        [a] => f.call1(obj, a),
        [a, b, ..] => f.call2(obj, a, b),
    }
    .ok()
}

/// `window.Hls`, once hls.js has loaded.
fn hls_ctor() -> Option<Function> {
    get(&js_sys::global(), "Hls").dyn_into().ok()
}

fn new_hls(ctor: &Function, ctx: Ctx, video: &HtmlVideoElement, src: &str) -> Option<HlsJs> {
    let global = js_sys::global();
    // Transmuxing in a worker would need a blob: worker, which the Content-Security-Policy
    // does not allow; a 2-second segment takes a few milliseconds on the main thread.
    let config = call(
        &get(&global, "JSON"),
        "parse",
        &[&r#"{"enableWorker":false}"#.into()],
    )?;
    let args = call(&get(&global, "Array"), "of", &[&config])?;
    let hls = call(&get(&global, "Reflect"), "construct", &[ctor, &args])?;
    let listener = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |event, data| {
        ctx.on_hls_event(event, data)
    });
    let hls = HlsJs {
        hls,
        _listener: listener,
    };
    let (on, listener): (&JsValue, &JsValue) = (&hls.hls, hls._listener.as_ref());
    call(on, "on", &[&"hlsManifestParsed".into(), listener]);
    call(on, "on", &[&"hlsError".into(), listener]);
    call(on, "loadSource", &[&src.into()]);
    call(on, "attachMedia", &[video]);
    Some(hls)
}

/// Adds hls.js to the page (once; again after a failure) and waits for it.
async fn load_hls_js() -> Result<(), ApiError> {
    if hls_ctor().is_some() {
        return Ok(());
    }
    let network = |detail: &str| ApiError::with_detail(ErrorKind::Network, detail.to_owned());
    let doc = document();
    let url = doc
        .query_selector(r#"meta[name="haowu-hls"]"#)
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"));
    // A build without it (the wasm-bindgen tests): as if it did not load.
    let Some(url) = url else {
        return Err(network("this build ships no hls.js"));
    };
    let script = match doc.get_element_by_id("haowu-hls") {
        Some(script) => script,
        None => {
            let script = doc
                .create_element("script")
                .map_err(|_| network("no script element"))?;
            let _ = script.set_attribute("id", "haowu-hls");
            let _ = script.set_attribute("src", &url);
            let _ = doc.body().map(|b| b.insert_before(&script, None));
            script
        }
    };
    let (tx, rx) = futures::channel::oneshot::channel::<bool>();
    let tx = std::rc::Rc::new(std::cell::RefCell::new(Some(tx)));
    let handler = |ok: bool| {
        let tx = tx.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(ok);
            }
        })
    };
    let (on_load, on_error) = (handler(true), handler(false));
    let _ = script.add_event_listener_with_callback("load", on_load.as_ref().unchecked_ref());
    let _ = script.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    let ok = rx.await.unwrap_or(false);
    let _ = script.remove_event_listener_with_callback("load", on_load.as_ref().unchecked_ref());
    let _ = script.remove_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    if ok && hls_ctor().is_some() {
        Ok(())
    } else {
        // The next attempt adds it again.
        script.remove();
        Err(network(&format!("hls.js did not load from {url}")))
    }
}

/// The room's video with its sound toggle, its "reconnecting" state and, when nothing can play
/// the stream, the error view with Retry. Give it a new `stream` by rendering it anew.
#[component]
pub fn LiveVideo(stream: Media) -> impl IntoView {
    let ui = use_ui();
    let sound = use_sound();
    let query = leptos_router::hooks::use_query_map();
    let force_hls_js = query.with_untracked(|q| q.get("hls").as_deref() == Some("js"));
    let looping = stream.is_hls();
    let (poster, width, height) = (stream.poster.clone(), stream.width, stream.height);
    let ctx = Ctx {
        player: StoredValue::new_local(Player::default()),
        stream: StoredValue::new(stream),
        force_hls_js,
        unplayable: ui.t().live_unplayable,
        sound,
        engine: RwSignal::new(None),
        reconnecting: RwSignal::new(false),
        failed: RwSignal::new(None),
    };
    let video_ref = NodeRef::<Video>::new();
    video_ref.on_load(move |video| {
        video.set_muted(!sound.get_untracked());
        ctx.player.update_value(|p| p.video = Some(video));
        leptos::task::spawn_local(ctx.start());
    });
    // The shopper's sound choice, here or anywhere. A play refused with sound is tried again
    // muted once the choice falls back.
    Effect::new(move |_| {
        let on = sound.get();
        let Some(video) = ctx.video() else { return };
        video.set_muted(!on);
        let refused = ctx
            .player
            .try_update_value(|p| !on && std::mem::take(&mut p.refused));
        if refused == Some(true) {
            play(ctx, &video);
        }
    });
    on_cleanup(move || {
        // Dropping the player stops everything (outside the store: hls.js may call back).
        drop(ctx.player.try_update_value(std::mem::take));
    });

    let toggle_label = move || {
        if sound.get() {
            ui.t().sound_off
        } else {
            ui.t().sound_on
        }
    };
    view! {
        <video node_ref=video_ref class="live-video" data-testid="live-video" poster=poster
            playsinline=true loop=looping preload="auto" width=width height=height
            data-engine=move || ctx.engine.get().map(Engine::name)
            on:playing=move |_| ctx.on_playing()
            on:waiting=move |_| ctx.watch()
            on:stalled=move |_| ctx.watch()
            on:timeupdate=move |ev| ctx.on_time(&event_target(&ev))
            on:loadedmetadata=move |ev| ctx.on_metadata(&event_target(&ev))
            on:error=move |_| ctx.on_error()></video>
        <button type="button" class="live-sound" data-testid="live-sound"
            aria-label=toggle_label aria-pressed=move || sound.get().to_string()
            on:click=move |_| sound.update(|s| *s = !*s)>
            {move || view! { <Icon path=if sound.get() { icons::SOUND_ON } else { icons::SOUND_OFF } size=24 /> }}
            <Show when=move || !sound.get()>
                <span class="live-sound-hint" aria-hidden="true">{ui.t().tap_to_unmute}</span>
            </Show>
        </button>
        <Show when=move || ctx.reconnecting.get()>
            <p class="live-reconnecting" role="status" data-testid="live-reconnecting">{ui.t().reconnecting}</p>
        </Show>
        {move || ctx.failed.get().map(|error| view! {
            <div class="live-video-failed" data-testid="live-video-failed">
                <ErrorView error on_retry=move |_| ctx.retry() />
            </div>
        })}
    }
}

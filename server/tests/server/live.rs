//! Live rooms over SSE: scripted events on the server's clock, resuming, and what shoppers
//! post reaching everyone in the room.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use haowu::model::{LiveEvent, LiveEventKind};
use http_body_util::BodyExt;
use serde_json::json;
use std::time::Duration;

/// An open event stream, read block by block.
pub struct Stream {
    body: Body,
    buf: String,
    /// Every block read, as sent (keep-alive comments too).
    pub raw: Vec<String>,
}

impl Stream {
    pub async fn open(s: &Server, path: &str, last_event_id: Option<u64>) -> Stream {
        let mut req = Request::get(path);
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id.to_string());
        }
        let response = tower::ServiceExt::oneshot(s.app.clone(), req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/event-stream"
        );
        Stream {
            body: response.into_body(),
            buf: String::new(),
            raw: Vec::new(),
        }
    }

    /// The next block (event or comment).
    pub async fn block(&mut self) -> String {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                self.raw.push(block.clone());
                return block;
            }
            let frame = tokio::time::timeout(Duration::from_secs(5), self.body.frame())
                .await
                .expect("an event within 5 s")
                .expect("the stream goes on")
                .unwrap();
            if let Ok(data) = frame.into_data() {
                self.buf.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
    }

    /// The next event: `id: N\ndata: <one line of JSON>\n\n`, the JSON's id the same.
    pub async fn event(&mut self) -> LiveEvent {
        loop {
            let block = self.block().await;
            if block.starts_with(':') {
                continue;
            }
            let mut lines = block.trim_end_matches('\n').split('\n');
            let id: u64 = lines
                .next()
                .unwrap()
                .strip_prefix("id: ")
                .unwrap()
                .parse()
                .unwrap();
            let data = lines.next().unwrap().strip_prefix("data: ").unwrap();
            assert_eq!(lines.next(), None, "two fields only: {block:?}");
            let event: LiveEvent = serde_json::from_str(data).unwrap();
            assert_eq!(event.id, id);
            return event;
        }
    }

    pub async fn events(&mut self, n: usize) -> Vec<LiveEvent> {
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(self.event().await);
        }
        out
    }
}

fn increasing(events: &[LiveEvent], after: u64) {
    let mut last = after;
    for e in events {
        assert!(e.id > last, "ids strictly increase: {events:?}");
        last = e.id;
    }
}

#[tokio::test]
async fn scripted_events_stream_after_the_snapshot() {
    let s = Server::new();
    let (_, room) = s.get("/api/live/live_snack").await;
    let after = room["last_event_id"].as_u64().unwrap();
    let mut stream = Stream::open(
        &s,
        &format!("/api/live/live_snack/events?after={after}"),
        None,
    )
    .await;
    let events = stream.events(4).await;
    // Nothing between the snapshot and the stream is lost: ids go on from the snapshot's.
    assert_eq!(events[0].id, after + 1);
    increasing(&events, after);
    // Without a resume point only new events come.
    let mut fresh = Stream::open(&s, "/api/live/live_snack/events", None).await;
    let first = fresh.event().await;
    assert!(first.id > after);
}

#[tokio::test]
async fn resuming_with_last_event_id_replays_only_newer_events() {
    let s = Server::new();
    let mut stream = Stream::open(&s, "/api/live/live_orange/events?after=0", None).await;
    let seen = stream.events(6).await;
    assert_eq!(
        seen[0].id, 1,
        "?after=0 replays from the room's first event"
    );
    increasing(&seen, 0);
    drop(stream);
    let resume_from = seen[2].id;
    // The header wins over the URL's older ?after= (as on an EventSource's reconnect).
    let mut resumed = Stream::open(
        &s,
        "/api/live/live_orange/events?after=0",
        Some(resume_from),
    )
    .await;
    let again = resumed.events(5).await;
    assert_eq!(again[0].id, resume_from + 1);
    assert_eq!(
        again[..3],
        seen[3..6],
        "the backlog replays the same events"
    );
    increasing(&again, resume_from);
}

#[tokio::test]
async fn a_posted_comment_reaches_every_subscriber() {
    let s = Server::new();
    let token = s.sign_in(PHONE).await;
    let mut a = Stream::open(&s, "/api/live/live_hanfu/events", None).await;
    let mut b = Stream::open(&s, "/api/live/live_hanfu/events", None).await;

    let (st, err) = s
        .call(
            Method::POST,
            "/api/live/live_hanfu/comments",
            None,
            Some(json!({"text": "hi"})),
        )
        .await;
    assert_error(st, &err, StatusCode::UNAUTHORIZED, "unauthorized");
    let (st, err) = s
        .call(
            Method::POST,
            "/api/live/live_hanfu/comments",
            Some(&token),
            Some(json!({"text": "  "})),
        )
        .await;
    assert_error(st, &err, StatusCode::BAD_REQUEST, "bad_request");
    let (st, err) = s
        .call(
            Method::POST,
            "/api/live/nope/comments",
            Some(&token),
            Some(json!({"text": "hi"})),
        )
        .await;
    assert_error(st, &err, StatusCode::NOT_FOUND, "not_found");

    let (st, posted) = s
        .call(
            Method::POST,
            "/api/live/live_hanfu/comments",
            Some(&token),
            Some(json!({"text": "这件马面裙有 M 码吗？"})),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let posted: LiveEvent = serde_json::from_value(posted).unwrap();
    assert_eq!(
        posted.kind,
        LiveEventKind::Comment {
            user: "138****8000".into(),
            text: "这件马面裙有 M 码吗？".into()
        }
    );
    let (st, _) = s
        .call(
            Method::POST,
            "/api/live/live_hanfu/hearts",
            None,
            Some(json!({"count": 7})),
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);

    for stream in [&mut a, &mut b] {
        let mut got = Vec::new();
        while !got
            .iter()
            .any(|e: &LiveEvent| matches!(e.kind, LiveEventKind::Heart { count: 7 }))
        {
            got.push(stream.event().await);
        }
        increasing(&got, 0);
        assert!(got.contains(&posted), "{got:?}");
    }
    // Scripted events after the posted ones keep to one sequence.
    let later = a.events(2).await;
    assert!(later[0].id > posted.id + 1);
    assert_eq!(later[1].id, later[0].id + 1);
    // A snapshot taken now is at least as far as the stream.
    let (_, room) = s.get("/api/live/live_hanfu").await;
    assert!(room["last_event_id"].as_u64().unwrap() >= later[1].id);
}

#[tokio::test]
async fn idle_streams_get_a_keep_alive_comment() {
    // The real (slow) script: a second passes between its first events.
    let s = Server::with(|o| o.keep_alive = Duration::from_millis(100), world());
    let mut stream = Stream::open(&s, "/api/live/live_snack/events", None).await;
    loop {
        if stream.block().await == ": keep-alive\n\n" {
            break;
        }
    }
}

#[tokio::test]
async fn unknown_rooms_and_streams_end_at_shutdown() {
    let s = Server::new();
    let (st, e) = s.get("/api/live/nope/events").await;
    assert_error(st, &e, StatusCode::NOT_FOUND, "not_found");

    let mut stream = Stream::open(&s, "/api/live/live_snack/events", None).await;
    stream.event().await;
    s.state.close_streams();
    let end = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(frame) = stream.body.frame().await {
            frame.unwrap();
        }
    })
    .await;
    assert!(end.is_ok(), "the stream ends when the server shuts down");
}

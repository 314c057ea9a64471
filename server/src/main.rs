//! `haowu-server`: see `haowu-server --help`, and `scripts/stack` for the whole stack.

use clap::Parser;
use haowu_server::settings::parse_gated;
use haowu_server::{app, AppState, Options};
use std::path::PathBuf;
use std::process::ExitCode;

/// Haowu's reference server: the REST API under /api, live rooms over SSE, the built app.
#[derive(Debug, Parser)]
// A flag given twice takes its last value, so wrappers can set defaults that callers override.
#[command(name = "haowu-server", version, args_override_self = true)]
struct Cli {
    #[arg(long, env = "HAOWU_PORT", default_value_t = 8787)]
    port: u16,
    #[arg(long, env = "HAOWU_HOST", default_value = "127.0.0.1")]
    host: String,
    /// The built app (trunk build --release).
    #[arg(long, env = "HAOWU_DIST", default_value = "dist")]
    dist: PathBuf,
    /// The SQLite database (made, with its folder, when missing).
    #[arg(long, env = "HAOWU_DB", default_value = "target/haowu.db")]
    db: PathBuf,
    /// The demo world the browser's demo backend also reads.
    #[arg(long, env = "HAOWU_WORLD", default_value = "public/demo/world.json")]
    world: PathBuf,
    /// Actions that need a signed-in shopper: any of order, follow, like, comment; or none.
    #[arg(long, env = "HAOWU_SIGN_IN_REQUIRED", default_value = "order,comment")]
    sign_in_required: String,
    /// Origins allowed to call the API from another site (comma-separated); any when absent.
    #[arg(long, env = "HAOWU_CORS_ORIGIN", value_delimiter = ',')]
    cors_origin: Vec<String>,
    /// The site's public origin (https://shop.example) for link previews; by default the
    /// request's Host.
    #[arg(long, env = "HAOWU_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seconds into the live shows at which they start (29: just before the flash sale).
    #[arg(long, env = "HAOWU_LIVE_AT", default_value_t = 0)]
    live_at: u64,
}

async fn shutdown_signal(state: AppState) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    eprintln!("haowu-server: shutting down");
    state.close_streams();
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let sign_in_required = match parse_gated(&cli.sign_in_required) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("haowu-server: --sign-in-required: {e}");
            return ExitCode::from(2);
        }
    };
    let options = Options {
        dist: cli.dist,
        db: cli.db,
        world: cli.world,
        sign_in_required,
        cors_origins: cli
            .cors_origin
            .into_iter()
            .filter(|o| !o.is_empty())
            .collect(),
        public_url: cli.public_url,
        live_at: std::time::Duration::from_secs(cli.live_at),
        ..Options::default()
    };
    if !options.dist.join("index.html").is_file() {
        eprintln!(
            "haowu-server: warning: {} has no index.html; the API works, the app does not (build it: trunk build --release)",
            options.dist.display()
        );
    }
    let state = match AppState::from_options(options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("haowu-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind((cli.host.as_str(), cli.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "haowu-server: cannot listen on {}:{}: {e}",
                cli.host, cli.port
            );
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map_or(cli.port, |a| a.port());
    println!("haowu-server listening on http://{}:{port}", cli.host);
    let served = axum::serve(listener, app(state.clone()))
        .with_graceful_shutdown(shutdown_signal(state))
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("haowu-server: {e}");
            ExitCode::FAILURE
        }
    }
}

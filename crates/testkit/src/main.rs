//! `testkit serve`: the replay server for non-Rust tests (Node, headless browser) and
//! benchmarks.
//!
//! Prints exactly one line to stdout once listening, `{"url":"http://127.0.0.1:PORT"}`, so a
//! parent process can read the address; logs go to stderr. It stops by itself after
//! `--idle-timeout-secs` without requests, after `--max-lifetime-secs`, when stdin reaches
//! EOF (the parent died or closed the pipe), or on Ctrl-C, so a crashed test run never leaves
//! it behind.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use testkit::{Scenario, Server};
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(name = "testkit", about = "Loopback replay server for HuggingFace/CivitAI API tests")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve a scenario on 127.0.0.1 until idle, too old, stdin EOF or Ctrl-C.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Scenario JSON file; relative paths inside it are relative to its directory.
    /// Without it, only `--static` dirs and `/__testkit/*` are served.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Latency for every route and listing request (overrides the scenario's `latencyMs`).
    #[arg(long)]
    latency_ms: Option<u64>,
    /// Exit after this many seconds without any request (0 = never).
    #[arg(long, default_value_t = 30)]
    idle_timeout_secs: u64,
    /// Exit this many seconds after start, whatever happens (0 = never).
    #[arg(long, default_value_t = 600)]
    max_lifetime_secs: u64,
    /// Serve files under DIR at PREFIX (repeatable), e.g. `--static /static/=web/dist`.
    #[arg(long = "static", value_name = "PREFIX=DIR")]
    static_dirs: Vec<String>,
    /// Do not exit on stdin EOF (for running with stdin at /dev/null, e.g. from a shell).
    #[arg(long)]
    ignore_stdin: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let Command::Serve(args) = Cli::parse().command;
    match serve(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> std::io::Result<()> {
    let mut scenario = match &args.scenario {
        Some(path) => Scenario::from_file(path)?,
        None => Scenario::new(),
    };
    if let Some(ms) = args.latency_ms {
        scenario.latency_ms = ms;
    }
    for spec in &args.static_dirs {
        let Some((prefix, dir)) = spec.split_once('=') else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("--static expects PREFIX=DIR, got {spec:?}"),
            ));
        };
        scenario = scenario.static_dir(prefix, dir);
    }

    let server = Server::try_start_on(scenario, args.port).await?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", serde_json::json!({ "url": server.base_url() }))?;
        stdout.flush()?;
    }
    tracing::info!(url = %server.base_url(), "testkit serving");

    let reason = wait_for_stop(&server, &args).await;
    tracing::info!(reason, requests = server.request_count(), bytes_sent = server.bytes_sent(), "testkit stopping");
    server.shutdown().await;
    Ok(())
}

/// Resolves with the reason the server should stop.
async fn wait_for_stop(server: &Server, args: &ServeArgs) -> &'static str {
    // stdin is read on a plain thread: a tokio stdin read would keep the runtime from
    // shutting down while it blocks.
    let (eof_tx, eof_rx) = tokio::sync::oneshot::channel::<()>();
    if !args.ignore_stdin {
        std::thread::spawn(move || {
            let mut sink = [0u8; 1024];
            let mut stdin = std::io::stdin().lock();
            while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
            let _ = eof_tx.send(());
        });
    }
    let stdin_eof = async {
        if eof_rx.await.is_err() {
            // `--ignore-stdin`: the sender was dropped unused; never fire.
            std::future::pending::<()>().await;
        }
    };

    let lifetime = async {
        match args.max_lifetime_secs {
            0 => std::future::pending().await,
            secs => tokio::time::sleep(Duration::from_secs(secs)).await,
        }
    };

    let idle_limit = Duration::from_secs(args.idle_timeout_secs);
    let idle = async {
        if idle_limit.is_zero() {
            std::future::pending::<()>().await;
        }
        loop {
            let idle_for = server.idle_for();
            if idle_for >= idle_limit {
                return;
            }
            // Sleep until the earliest moment the limit could be reached.
            tokio::time::sleep(idle_limit - idle_for).await;
        }
    };

    tokio::select! {
        () = idle => "idle timeout",
        () = lifetime => "max lifetime",
        () = stdin_eof => "stdin closed",
        _ = tokio::signal::ctrl_c() => "interrupted",
    }
}

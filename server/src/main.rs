//! `server` — the Fapiao Center binary. Everything lives in the library (`server::…`) so
//! tests start the real application; this file only reads the command line.

use clap::Parser;
use server::cli::{Cli, run};
use std::process::ExitCode;

/// See server/Cargo.toml: mimalloc instead of the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

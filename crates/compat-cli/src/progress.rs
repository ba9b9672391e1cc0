//! The progress bar of multi-page work: on stderr, only when stderr is a terminal.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use model_source::Progress;

/// Shown from the second page on; never when stderr is not a terminal or logs are on.
#[derive(Debug)]
pub struct PageBar {
    enabled: bool,
    what: &'static str,
    bar: Option<ProgressBar>,
}

impl PageBar {
    /// `what` names what is counted (`compatible`, `models`).
    pub fn new(verbose: u8, what: &'static str) -> Self {
        Self { enabled: verbose == 0 && std::io::stderr().is_terminal(), what, bar: None }
    }

    /// After each page: more pages may follow while fewer than `limit` models are kept.
    pub fn update(&mut self, p: Progress) {
        if !self.enabled || p.kept >= p.limit {
            return;
        }
        let pages = if p.pages == 1 { "1 page".to_owned() } else { format!("{} pages", p.pages) };
        let message = format!("({} scanned, {pages})", p.scanned);
        match &self.bar {
            Some(bar) => {
                bar.set_position(p.kept as u64);
                bar.set_message(message);
            }
            None => {
                // Set up hidden, then shown: the first frame already has the numbers.
                let bar = ProgressBar::with_draw_target(Some(p.limit as u64), ProgressDrawTarget::hidden());
                let style = ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {prefix} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
                bar.set_style(style);
                bar.set_prefix(self.what);
                bar.set_position(p.kept as u64);
                bar.set_message(message);
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(120));
                self.bar = Some(bar);
            }
        }
    }

    /// Removes the bar before results are printed.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for PageBar {
    fn drop(&mut self) {
        self.finish();
    }
}

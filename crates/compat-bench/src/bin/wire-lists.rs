//! One timed pass over each 100k-entry body of `compat_bench::wire_lists`: its size and the
//! CPU time of reading it (parse, extract, judge). For before/after numbers where a criterion
//! run of quadratic code would take many minutes.

use std::time::Instant;

fn main() {
    for body in compat_bench::wire_lists::bodies() {
        let start = Instant::now();
        let n = body.read();
        println!(
            "{:<30} {:>6.2} MB  {:>8.3} s  ({n})",
            body.name,
            body.bytes.len() as f64 / 1e6,
            start.elapsed().as_secs_f64()
        );
    }
}

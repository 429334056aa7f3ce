//! Printing to stdout that survives a closed pipe.
//!
//! `println!` panics when stdout is a pipe whose reader has gone, as in
//! `cargo run -p part-05-worker-pool -- --articles 1000 | head`. A run's
//! output goes through [`out!`](crate::out!) and [`outln!`](crate::outln!)
//! instead: when the reader is gone, nobody is left to read the rest, so the
//! process ends quietly, from whichever thread noticed, as a command killed
//! by `SIGPIPE` would.

use std::fmt;
use std::io::{self, Write};

/// Writes `args` to stdout; ends the process if the reader has gone.
pub fn print(args: fmt::Arguments<'_>) {
    if let Err(error) = io::stdout().lock().write_fmt(args) {
        if error.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        panic!("failed printing to stdout: {error}");
    }
}

/// `print!` that ends the process quietly when stdout's reader has gone.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::out::print(format_args!($($arg)*))
    };
}

/// `println!` that ends the process quietly when stdout's reader has gone.
#[macro_export]
macro_rules! outln {
    () => {
        $crate::out::print(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::out::print(format_args!("{}\n", format_args!($($arg)*)))
    };
}

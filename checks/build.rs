//! Copies the `lib.rs` of Parts 3–7 into `OUT_DIR` with the sync shim's
//! `use` line replaced by the plain crates' paths, for `tests/without_shim.rs`.
//!
//! The copy drops the crate-level lines (`#![doc]`) and the `mistakes`
//! module, which are not part of the pipeline. Anything else that mentions
//! the shim fails the build: the claim is that the `use` line is the only
//! difference.

use std::env;
use std::fs;
use std::path::Path;

const PARTS: [&str; 5] = [
    "part-03-mutex",
    "part-04-channels",
    "part-05-worker-pool",
    "part-06-deadlines",
    "part-07-shutdown",
];
const SHIM: &str = "use common::sync::";

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for part in PARTS {
        let path = format!("../{part}/src/lib.rs");
        println!("cargo::rerun-if-changed={path}");
        let source = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let plain = without_shim(&source).unwrap_or_else(|e| panic!("{path}: {e}"));
        let module = part.replace('-', "_");
        fs::write(Path::new(&out_dir).join(format!("{module}.rs")), plain)
            .expect("OUT_DIR is writable");
    }
}

/// `source` with its one shim `use` line swapped for the plain crates.
fn without_shim(source: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut swapped = 0;
    for line in source.lines() {
        if line.starts_with("#![") || line.starts_with("#[path") || line == "pub mod mistakes;" {
            continue;
        }
        if let Some(names) = line.strip_prefix(SHIM) {
            out.push_str(&plain_use(names)?);
            swapped += 1;
        } else if line.contains("sync::") {
            return Err(format!("a second line reaches into the shim: {line}"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    match swapped {
        1 => Ok(out),
        n => Err(format!("expected one `{SHIM}…` line, found {n}")),
    }
}

/// `{Arc, Mutex, thread};` as the plain program's `use` line.
fn plain_use(names: &str) -> Result<String, String> {
    let names = names.trim_end_matches(';').trim_matches(['{', '}']);
    let paths: Result<Vec<&str>, String> = names
        .split(',')
        .map(|name| match name.trim() {
            "Arc" => Ok("std::sync::Arc"),
            "thread" => Ok("std::thread"),
            "Mutex" => Ok("parking_lot::Mutex"),
            "channel" => Ok("crossbeam_channel as channel"),
            other => Err(format!("the shim has no plain path for `{other}`")),
        })
        .collect();
    Ok(format!("use {{{}}};", paths?.join(", ")))
}

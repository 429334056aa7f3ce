//! Building the exercises' checks: one `cargo test --no-run`, which says
//! where each exercise's test binary is.
//!
//! It asks for the whole workspace's `checks` targets (`--workspace --test
//! checks`) minus the exercises not wanted (`--exclude`), not for one
//! package (`-p`): cargo then resolves features as `cargo test --workspace`
//! does, and reuses what the workshop's preparation built instead of
//! building `common` and `cli` again for one package. `--no-fail-fast`
//! keeps it going past an exercise that does not compile.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::exercises::EXERCISES;

/// The exercises whose checks compiled: each package, and its test binary.
pub type Binaries = BTreeMap<String, PathBuf>;

/// Builds the checks of the exercises in `these` (packages), from
/// `workspace`. The compiler's messages about them are shown if
/// `show_their_errors`; those about any other crate always are. cargo's own
/// lines go through to stderr as they come; `heartbeat` is called whenever
/// nothing has been printed for `every`, with how long the build has taken.
pub fn build(
    workspace: &Path,
    these: &[&str],
    show_their_errors: bool,
    every: Duration,
    heartbeat: &mut dyn FnMut(Duration),
) -> Result<Binaries, String> {
    let colour = std::io::stderr().is_terminal();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(cargo);
    command.args(["test", "--workspace", "--test", "checks", "--no-run"]);
    for exercise in &EXERCISES {
        if !these.contains(&exercise.package) {
            command.args(["--exclude", exercise.package]);
        }
    }
    let mut child = command
        .arg("--no-fail-fast")
        .arg(if colour {
            "--message-format=json-diagnostic-rendered-ansi"
        } else {
            "--message-format=json"
        })
        .args(["--color", if colour { "always" } else { "never" }])
        .current_dir(workspace)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    enum Line {
        Json(String),
        Cargo(String),
    }
    let (line_tx, line_rx) = mpsc::channel();
    let forward = |pipe: Box<dyn Read + Send>, wrap: fn(String) -> Line| {
        let line_tx = line_tx.clone();
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if line_tx.send(wrap(line)).is_err() {
                    break;
                }
            }
        })
    };
    let stdout = child.stdout.take().expect("piped");
    let stderr = child.stderr.take().expect("piped");
    forward(Box::new(stdout), Line::Json);
    forward(Box::new(stderr), Line::Cargo);
    drop(line_tx);
    let hidden: &[&str] = if show_their_errors { &[] } else { these };
    let started = Instant::now();
    let mut said = Instant::now();
    let mut binaries = Binaries::new();
    let mut err = std::io::stderr();
    loop {
        match line_rx.recv_timeout(every.saturating_sub(said.elapsed())) {
            Ok(Line::Json(line)) => {
                if let Some((package, binary)) = checks_binary(&line) {
                    binaries.insert(package, binary);
                } else if let Some((package, rendered)) = diagnostic(&line)
                    && !hidden.contains(&package.as_str())
                {
                    let _ = write!(err, "{rendered}");
                    said = Instant::now();
                }
            }
            Ok(Line::Cargo(line)) => {
                if shows(&line, hidden) {
                    let _ = writeln!(err, "{line}");
                    said = Instant::now();
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                heartbeat(started.elapsed());
                said = Instant::now();
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = err.flush();
    // cargo fails when any exercise does not compile: what counts is which
    // test binaries it made.
    let _ = child.wait();
    Ok(binaries)
}

/// Whether one of cargo's own stderr lines is worth showing: not its
/// closing `Finished` and `Executable` lines on every build, and not its
/// summaries of the exercises whose errors are hidden (`could not compile
/// `ex-03-mutex``).
fn shows(line: &str, hidden: &[&str]) -> bool {
    let plain = strip_ansi(line);
    let status = plain.trim_start();
    !(status.starts_with("Finished ")
        || status.starts_with("Executable ")
        || status.starts_with("warning: build failed, waiting for other jobs")
        || hidden
            .iter()
            .any(|package| plain.contains(&format!("`{package}`"))))
}

/// `line` without its terminal colour codes (`ESC [ ... m`).
fn strip_ansi(line: &str) -> String {
    let mut plain = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

/// From one of cargo's JSON lines: the exercise package and the path of
/// its `tests/checks.rs` test binary, if the line announces one.
fn checks_binary(line: &str) -> Option<(String, PathBuf)> {
    if json_string(line, "reason")? != "compiler-artifact" {
        return None;
    }
    let source = PathBuf::from(json_string(line, "src_path")?);
    if !source.ends_with(Path::new("tests").join("checks.rs")) {
        return None;
    }
    let binary = json_string(line, "executable")?;
    Some((package_of(line)?, PathBuf::from(binary)))
}

/// From one of cargo's JSON lines: the package and the compiler's message
/// as it renders it, if the line is a compiler message.
fn diagnostic(line: &str) -> Option<(String, String)> {
    if json_string(line, "reason")? != "compiler-message" {
        return None;
    }
    Some((package_of(line)?, json_string(line, "rendered")?))
}

/// The package a JSON line is about: its manifest's directory, which is
/// the package's name for every crate of this workspace.
fn package_of(line: &str) -> Option<String> {
    let manifest = PathBuf::from(json_string(line, "manifest_path")?);
    let directory = manifest.parent()?.file_name()?;
    Some(directory.to_string_lossy().into_owned())
}

/// The first string value of `key` in a line of cargo's JSON, unescaped.
/// Keys are found in the order cargo writes them: a message's top-level
/// keys come before those of the objects nested after them, and a nested
/// `rendered` is `null`, never a string.
fn json_string(line: &str, key: &str) -> Option<String> {
    let pattern = format!("\"{key}\":\"");
    let start = line.find(&pattern)? + pattern.len();
    let mut value = String::new();
    let mut chars = line[start..].chars();
    loop {
        match chars.next()? {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                '"' => value.push('"'),
                '\\' => value.push('\\'),
                '/' => value.push('/'),
                'b' => value.push('\u{8}'),
                'f' => value.push('\u{c}'),
                'n' => value.push('\n'),
                'r' => value.push('\r'),
                't' => value.push('\t'),
                'u' => {
                    let first = utf16_unit(&mut chars)?;
                    let units = if (0xD800..0xDC00).contains(&first) {
                        // A surrogate pair: `\uD83D\uDE00`.
                        if chars.next()? != '\\' || chars.next()? != 'u' {
                            return None;
                        }
                        vec![first, utf16_unit(&mut chars)?]
                    } else {
                        vec![first]
                    };
                    for c in char::decode_utf16(units) {
                        value.push(c.ok()?);
                    }
                }
                _ => return None,
            },
            c => value.push(c),
        }
    }
}

/// The four hex digits after a `\u`.
fn utf16_unit(chars: &mut std::str::Chars<'_>) -> Option<u16> {
    let hex: String = chars.take(4).collect();
    u16::from_str_radix(&hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of `cargo test --message-format=json` announcing exercise 4's
    /// test binary, as cargo 1.95 writes it (shortened in the middle).
    const ARTIFACT: &str = r#"{"reason":"compiler-artifact","package_id":"path+file:///work/ws/exercises/ex-04-channels#0.1.0","manifest_path":"/work/ws/exercises/ex-04-channels/Cargo.toml","target":{"kind":["test"],"crate_types":["bin"],"name":"checks","src_path":"/work/ws/exercises/ex-04-channels/tests/checks.rs","edition":"2024","doc":false,"doctest":false,"test":true},"profile":{"opt_level":"0","debuginfo":2,"debug_assertions":true,"overflow_checks":true,"test":true},"features":[],"filenames":["/work/ws/target/debug/deps/checks-3e990679cd4adf26"],"executable":"/work/ws/target/debug/deps/checks-3e990679cd4adf26","fresh":true}"#;

    #[test]
    fn the_checks_binary_is_found_with_its_package() {
        assert_eq!(
            checks_binary(ARTIFACT),
            Some((
                "ex-04-channels".to_owned(),
                PathBuf::from("/work/ws/target/debug/deps/checks-3e990679cd4adf26")
            ))
        );
        let main = ARTIFACT.replace("tests/checks.rs", "src/main.rs");
        assert_eq!(checks_binary(&main), None, "the exercise's own binary");
        let library = ARTIFACT.replace(
            r#""executable":"/work/ws/target/debug/deps/checks-3e990679cd4adf26""#,
            r#""executable":null"#,
        );
        assert_eq!(checks_binary(&library), None);
    }

    #[test]
    fn a_compiler_message_is_found_with_its_package() {
        let line = r#"{"reason":"compiler-message","package_id":"path+file:///work/ws/exercises/ex-03-mutex#0.1.0","manifest_path":"/work/ws/exercises/ex-03-mutex/Cargo.toml","target":{"kind":["lib"],"name":"ex_03_mutex","src_path":"/work/ws/exercises/ex-03-mutex/src/lib.rs"},"message":{"$message_type":"diagnostic","message":"mismatched types","children":[{"message":"expected `u8`","rendered":null}],"rendered":"error[E0308]: mismatched types\n --> src/lib.rs:1:20\n  |\n1 | fn broken() -> u8 { \"x\" }\n"}}"#;
        assert_eq!(
            diagnostic(line),
            Some((
                "ex-03-mutex".to_owned(),
                "error[E0308]: mismatched types\n --> src/lib.rs:1:20\n  |\n\
                 1 | fn broken() -> u8 { \"x\" }\n"
                    .to_owned()
            ))
        );
        assert_eq!(diagnostic(ARTIFACT), None);
    }

    #[test]
    fn json_strings_are_unescaped() {
        let line = r#"{"path":"C:\\Users\\ana\\ws\\target","text":"a \"b\"\tc\u00e9 \ud83d\ude00 \u001b[1m"}"#;
        assert_eq!(
            json_string(line, "path").as_deref(),
            Some(r"C:\Users\ana\ws\target")
        );
        assert_eq!(
            json_string(line, "text").as_deref(),
            Some("a \"b\"\tc\u{e9} \u{1F600} \u{1b}[1m")
        );
        assert_eq!(json_string(line, "missing"), None);
        assert_eq!(json_string(r#"{"cut":"no end"#, "cut"), None);
    }

    #[test]
    fn cargo_lines_about_hidden_exercises_are_left_out() {
        let hidden = ["ex-03-mutex"];
        assert!(shows("   Compiling ex-04-channels v0.1.0", &hidden));
        assert!(shows(
            "error: could not compile `ex-04-channels` (lib) due to 1 previous error",
            &hidden
        ));
        assert!(!shows(
            "error: could not compile `ex-03-mutex` (lib) due to 1 previous error",
            &hidden
        ));
        assert!(!shows(
            "\u{1b}[1m\u{1b}[92m    Finished\u{1b}[0m `test` profile",
            &hidden
        ));
        assert!(!shows(
            "  Executable tests/checks.rs (target/debug/deps/checks-3e99)",
            &hidden
        ));
    }
}

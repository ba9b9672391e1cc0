//! Running external commands: echo them (`$ cargo ...`), run them from the project root, and turn
//! a failure into an error message that carries the command line.

use std::{
    ffi::OsStr,
    path::Path,
    process::{Command, Stdio},
};

/// Environment variables that `cargo run` sets for the xtask process itself. They describe the
/// xtask package, not the commands we start, so they are removed before running a child (for
/// example clippy-driver reads `CARGO_PRIMARY_PACKAGE`).
const CARGO_RUN_ENV: &[&str] =
    &["CARGO_MANIFEST_DIR", "CARGO_MANIFEST_PATH", "CARGO_CRATE_NAME", "CARGO_BIN_NAME", "CARGO_PRIMARY_PACKAGE"];

/// Runs `program args...` in `cwd`, streaming its output. Errors if it cannot start or exits
/// with a non-zero status.
pub fn run<S: AsRef<str>>(cwd: &Path, program: &str, args: &[S]) -> Result<(), String> {
    let line = echo(program, args);
    let status = command(cwd, program, args).status().map_err(|e| spawn_error(&line, program, &e))?;
    if status.success() { Ok(()) } else { Err(format!("command failed ({status}): {line}")) }
}

/// Runs `program args...` in `cwd` and returns its stdout; stderr goes to the terminal.
pub fn read<S: AsRef<str>>(cwd: &Path, program: &str, args: &[S]) -> Result<String, String> {
    let line = echo(program, args);
    let output = command(cwd, program, args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| spawn_error(&line, program, &e))?;
    if !output.status.success() {
        return Err(format!("command failed ({}): {line}", output.status));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("output of `{line}` is not UTF-8"))
}

fn command<S: AsRef<str>>(cwd: &Path, program: &str, args: &[S]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args.iter().map(|a| OsStr::new(a.as_ref()))).current_dir(cwd);
    for (key, _) in std::env::vars_os() {
        let key_str = key.to_string_lossy();
        if key_str.starts_with("CARGO_PKG_") || CARGO_RUN_ENV.contains(&key_str.as_ref()) {
            cmd.env_remove(&key);
        }
    }
    cmd
}

/// Prints `$ program args...` and returns that command line (without the `$ `).
fn echo<S: AsRef<str>>(program: &str, args: &[S]) -> String {
    let line = command_line(program, args);
    println!("$ {line}");
    line
}

fn spawn_error(line: &str, program: &str, err: &std::io::Error) -> String {
    if err.kind() == std::io::ErrorKind::NotFound {
        format!("could not run `{line}`: `{program}` was not found on PATH")
    } else {
        format!("could not run `{line}`: {err}")
    }
}

/// The command line as a shell would need it (arguments with spaces or quotes are quoted).
pub fn command_line<S: AsRef<str>>(program: &str, args: &[S]) -> String {
    std::iter::once(program).chain(args.iter().map(AsRef::as_ref)).map(quote).collect::<Vec<_>>().join(" ")
}

fn quote(arg: &str) -> String {
    let plain = !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,%".contains(c));
    if plain { arg.to_owned() } else { format!("'{}'", arg.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_quotes_only_when_needed() {
        assert_eq!(command_line("cargo", &["fmt", "--all", "--", "--check"]), "cargo fmt --all -- --check");
        assert_eq!(command_line("echo", &["a b", "", "it's"]), r"echo 'a b' '' 'it'\''s'");
    }

    #[test]
    #[cfg(unix)]
    fn failing_command_reports_its_command_line() {
        let err = run(Path::new("."), "false", &[] as &[&str]).unwrap_err();
        assert!(err.contains("command failed"), "{err}");
        assert!(err.ends_with(": false"), "{err}");
    }

    #[test]
    fn missing_program_is_a_clear_error() {
        let err = run(Path::new("."), "xtask-no-such-program", &["x"]).unwrap_err();
        assert!(err.contains("was not found on PATH"), "{err}");
    }
}

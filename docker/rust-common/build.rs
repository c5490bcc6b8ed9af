// Build script of pb-hyper and pb-pingora (Cargo.toml `build = "../rust-common/build.rs"`): embeds the resolved version
// of the crate the program is named after (pb-hyper → hyper, from Cargo.lock) so `pb-<name> --version` names it, and of
// the TLS crate it links (rustls, boring or openssl, the first in Cargo.lock), printed on a second line.
fn main() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    let proxied = package.strip_prefix("pb-").unwrap_or(&package).to_string();
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let version = locked_version(&lock, &proxied).unwrap_or_else(|| "unknown".into());
    // openssl-src (a vendored OpenSSL) names the library's own version after its '+'; the openssl crate is only the binding.
    let tls = ["rustls", "boring", "openssl-src", "openssl"].iter().find_map(|name| locked_version(&lock, name).map(|v| format!("{name} {v}")));
    println!("cargo:rustc-env=PB_PROXIED_CRATE={proxied}");
    println!("cargo:rustc-env=PB_PROXIED_CRATE_VERSION={version}");
    println!("cargo:rustc-env=PB_TLS_CRATE={}", tls.unwrap_or_else(|| "none".into()));
}

/// The version Cargo.lock resolved for the package `name`, if it is there.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            return lines.next().and_then(|l| l.strip_prefix("version = \"")).map(|v| v.trim_end_matches('"').to_string());
        }
    }
    None
}

// Build script of pb-hyper and pb-pingora (Cargo.toml `build = "../rust-common/build.rs"`): embeds the resolved version
// of the crate the program is named after (pb-hyper → hyper, from Cargo.lock) so `pb-<name> --version` names it.
fn main() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    let proxied = package.strip_prefix("pb-").unwrap_or(&package).to_string();
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut lines = lock.lines();
    let mut version = String::from("unknown");
    while let Some(line) = lines.next() {
        if line == format!("name = \"{proxied}\"") {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                version = v.trim_end_matches('"').to_string();
            }
        }
    }
    println!("cargo:rustc-env=PB_PROXIED_CRATE={proxied}");
    println!("cargo:rustc-env=PB_PROXIED_CRATE_VERSION={version}");
}

// Embeds the resolved hyper version (from Cargo.lock) so `pb-hyper --version` names it.
fn main() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut lines = lock.lines();
    let mut version = String::from("unknown");
    while let Some(line) = lines.next() {
        if line == "name = \"hyper\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                version = v.trim_end_matches('"').to_string();
            }
        }
    }
    println!("cargo:rustc-env=PB_HYPER_VERSION={version}");
}

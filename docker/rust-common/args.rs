// Command-line flags of pb-hyper and pb-pingora (--name=value, the same flags as docker/node/proxy.mjs); each includes this file with #[path].

pub struct Args {
    pub listen_host: String,
    pub listen_port: u16,
    pub upstream_host: String,
    pub upstream_port: u16,
    /// Idle keep-alive connections kept to the upstream.
    pub pool: usize,
    /// Worker threads: hyper's tokio workers (1 = a current-thread runtime), pingora's ServerConf.threads.
    pub workers: usize,
    pub version: bool,
    /// A second listener over TLS on this port (0: none), with this certificate chain and key, pinned to one version.
    pub tls_port: u16,
    pub tls_cert: String,
    pub tls_key: String,
    /// "1.2" or "1.3".
    pub tls_version: String,
    /// A third listener for cleartext HTTP/2 with prior knowledge (h2c) on this port (0: none).
    pub h2c_port: u16,
    /// HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS and SETTINGS_INITIAL_WINDOW_SIZE (docker/README.md, "HTTP/2").
    pub h2_max_streams: u32,
    pub h2_window: u32,
}

impl Args {
    pub fn parse(argv: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut args = Args {
            listen_host: "127.0.0.1".into(),
            listen_port: 0,
            upstream_host: "127.0.0.1".into(),
            upstream_port: 0,
            pool: 64,
            workers: 1,
            version: false,
            tls_port: 0,
            tls_cert: String::new(),
            tls_key: String::new(),
            tls_version: "1.3".into(),
            h2c_port: 0,
            h2_max_streams: 128,
            h2_window: 65_535,
        };
        for arg in argv {
            if arg == "--version" {
                args.version = true;
                continue;
            }
            let (name, value) = arg.split_once('=').ok_or_else(|| format!("expected --name=value, got {arg:?}"))?;
            let number = || value.parse::<usize>().map_err(|_| format!("{name}: expected a whole number, got {value:?}"));
            match name {
                "--listen-host" => args.listen_host = value.to_string(),
                "--listen-port" => args.listen_port = number()? as u16,
                "--upstream-host" => args.upstream_host = value.to_string(),
                "--upstream-port" => args.upstream_port = number()? as u16,
                "--pool" => args.pool = number()?,
                "--workers" => args.workers = number()?.max(1),
                "--tls-port" => args.tls_port = number()? as u16,
                "--tls-cert" => args.tls_cert = value.to_string(),
                "--tls-key" => args.tls_key = value.to_string(),
                "--tls-version" => args.tls_version = value.to_string(),
                "--h2c-port" => args.h2c_port = number()? as u16,
                "--h2-max-streams" => args.h2_max_streams = number()? as u32,
                "--h2-window" => args.h2_window = number()? as u32,
                _ => return Err(format!("unknown flag {name}")),
            }
        }
        if !args.version && (args.listen_port == 0 || args.upstream_port == 0) {
            return Err("--listen-port and --upstream-port are required".into());
        }
        if args.tls_port != 0 && (args.tls_cert.is_empty() || args.tls_key.is_empty() || !["1.2", "1.3"].contains(&args.tls_version.as_str())) {
            return Err("--tls-port needs --tls-cert, --tls-key and --tls-version=1.2 or 1.3".into());
        }
        Ok(args)
    }
}

/// The flags of this process; on --version prints `pb-<name> <version> (<crate> <version>)` and `TLS: <crate> <version>`
/// and exits 0, on a bad flag exits 2.
pub fn args_or_exit() -> Args {
    let program = env!("CARGO_PKG_NAME");
    match Args::parse(std::env::args().skip(1)) {
        Ok(args) if args.version => {
            println!("{program} {} ({} {})", env!("CARGO_PKG_VERSION"), env!("PB_PROXIED_CRATE"), env!("PB_PROXIED_CRATE_VERSION"));
            println!("TLS: {}", env!("PB_TLS_CRATE"));
            std::process::exit(0);
        }
        Ok(args) => args,
        Err(message) => {
            eprintln!("{program}: {message}");
            std::process::exit(2);
        }
    }
}

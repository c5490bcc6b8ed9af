// pb-go-httputil: net/http/httputil.ReverseProxy to one upstream over a keep-alive Transport pool; GOMAXPROCS = --workers.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"
)

const (
	maxBodyBytes = 1 << 20
	// Go's server reads up to MaxHeaderBytes + 4096 bytes of request head: 12 KiB gives 16 KiB on the wire.
	maxHeaderBytes = 12 << 10
	keepAliveIdle  = 60 * time.Second
	headerTimeout  = 60 * time.Second
	connectTimeout = 5 * time.Second
	// Time to the upstream's response headers; the body then streams without a limit.
	responseTimeout = 60 * time.Second
)

func main() {
	listenHost := flag.String("listen-host", "127.0.0.1", "address to listen on")
	listenPort := flag.Int("listen-port", 0, "port to listen on")
	upstreamHost := flag.String("upstream-host", "127.0.0.1", "upstream address")
	upstreamPort := flag.Int("upstream-port", 0, "upstream port")
	pool := flag.Int("pool", 64, "idle keep-alive connections kept to the upstream")
	workers := flag.Int("workers", 1, "GOMAXPROCS: threads running Go code at once")
	version := flag.Bool("version", false, "print the version and exit")
	tlsPort := flag.Int("tls-port", 0, "a second listener over TLS on this port (0: none)")
	tlsCert := flag.String("tls-cert", "", "TLS certificate chain (PEM)")
	tlsKey := flag.String("tls-key", "", "TLS private key (PEM)")
	tlsVersion := flag.String("tls-version", "1.3", "the one TLS version the listener accepts: 1.2 or 1.3")
	h2cPort := flag.Int("h2c-port", 0, "a third listener for cleartext HTTP/2 with prior knowledge on this port (0: none)")
	h2MaxStreams := flag.Int("h2-max-streams", 128, "HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS")
	h2Window := flag.Int("h2-window", 65535, "HTTP/2 SETTINGS_INITIAL_WINDOW_SIZE, bytes")
	flag.Parse()
	if *version {
		fmt.Printf("pb-go-httputil %s (%s)\n", buildVersion(), runtime.Version())
		return
	}
	if *listenPort == 0 || *upstreamPort == 0 {
		fmt.Fprintln(os.Stderr, "pb-go-httputil: --listen-port and --upstream-port are required")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(*workers)
	target := &url.URL{Scheme: "http", Host: net.JoinHostPort(*upstreamHost, strconv.Itoa(*upstreamPort))}
	server := &http.Server{
		Addr:              net.JoinHostPort(*listenHost, strconv.Itoa(*listenPort)),
		Handler:           limitBody(newProxy(target, *pool)),
		ReadHeaderTimeout: headerTimeout,
		IdleTimeout:       keepAliveIdle,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	// HTTP/2 (docker/README.md, "HTTP/2"): the same stream limit and initial stream window as every variant; the
	// connection window stays Go's default (1 MiB).
	h2 := &http.HTTP2Config{MaxConcurrentStreams: *h2MaxStreams, MaxReceiveBufferPerStream: *h2Window}
	servers := []*http.Server{server}
	if *tlsPort != 0 {
		servers = append(servers, newTLSServer(server, net.JoinHostPort(*listenHost, strconv.Itoa(*tlsPort)), *tlsCert, *tlsKey, *tlsVersion, h2))
	}
	if *h2cPort != 0 {
		servers = append(servers, newH2CServer(server, net.JoinHostPort(*listenHost, strconv.Itoa(*h2cPort)), h2))
	}
	serve(servers)
}

// newH2CServer is the same proxy on a third address speaking cleartext HTTP/2 with prior knowledge only (Go 1.24's
// Protocols: UnencryptedHTTP2), with the same limits.
func newH2CServer(plain *http.Server, addr string, h2 *http.HTTP2Config) *http.Server {
	protocols := new(http.Protocols)
	protocols.SetUnencryptedHTTP2(true)
	return &http.Server{
		Addr:              addr,
		Handler:           plain.Handler,
		ReadHeaderTimeout: plain.ReadHeaderTimeout,
		IdleTimeout:       plain.IdleTimeout,
		MaxHeaderBytes:    plain.MaxHeaderBytes,
		ErrorLog:          plain.ErrorLog,
		Protocols:         protocols,
		HTTP2:             h2,
	}
}

// newTLSServer is the same proxy on a second address over TLS (Go crypto/tls), pinned to one version, HTTP/2 by ALPN
// (h2, http/1.1); resumption: Go's session tickets (on by default), no session cache.
func newTLSServer(plain *http.Server, addr, certFile, keyFile, version string, h2 *http.HTTP2Config) *http.Server {
	versions := map[string]uint16{"1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13}
	v, ok := versions[version]
	if !ok || certFile == "" || keyFile == "" {
		fmt.Fprintln(os.Stderr, "pb-go-httputil: --tls-port needs --tls-cert, --tls-key and --tls-version 1.2 or 1.3")
		os.Exit(2)
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pb-go-httputil: %v\n", err)
		os.Exit(2)
	}
	return &http.Server{
		Addr:              addr,
		Handler:           plain.Handler,
		ReadHeaderTimeout: plain.ReadHeaderTimeout,
		IdleTimeout:       plain.IdleTimeout,
		MaxHeaderBytes:    plain.MaxHeaderBytes,
		ErrorLog:          plain.ErrorLog,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: v, MaxVersion: v},
		HTTP2:             h2,
	}
}

// newProxy forwards everything to target, keeping the client's Host and adding no X-Forwarded-* headers.
func newProxy(target *url.URL, pool int) *httputil.ReverseProxy {
	transport := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          pool,
		MaxIdleConnsPerHost:   pool,
		IdleConnTimeout:       keepAliveIdle,
		ResponseHeaderTimeout: responseTimeout,
		DisableCompression:    true,
		ForceAttemptHTTP2:     false,
	}
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host
		},
		Transport:    transport,
		ErrorLog:     log.New(io.Discard, "", 0),
		ErrorHandler: answerError,
	}
}

// answerError maps a failed forward to 413 (body over the limit), 504 (upstream timeout) or 502.
func answerError(w http.ResponseWriter, _ *http.Request, err error) {
	var tooLarge *http.MaxBytesError
	var netErr net.Error
	switch {
	case errors.As(err, &tooLarge):
		w.WriteHeader(http.StatusRequestEntityTooLarge)
	case errors.As(err, &netErr) && netErr.Timeout():
		w.WriteHeader(http.StatusGatewayTimeout)
	default:
		w.WriteHeader(http.StatusBadGateway)
	}
}

// limitBody answers 413 to a declared Content-Length over the limit and cuts a longer chunked body.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBodyBytes {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// serve runs until SIGTERM or SIGINT, then closes the listeners and every connection.
func serve(servers []*http.Server) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	failed := make(chan error, len(servers))
	for _, s := range servers {
		go func() {
			if s.TLSConfig != nil {
				failed <- s.ListenAndServeTLS("", "")
			} else {
				failed <- s.ListenAndServe()
			}
		}()
	}
	select {
	case err := <-failed:
		fmt.Fprintf(os.Stderr, "pb-go-httputil: %v\n", err)
		os.Exit(1)
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		for _, s := range servers {
			if s.Shutdown(shutdown) != nil {
				s.Close()
			}
		}
	}
}

func buildVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "0.1.0"
}

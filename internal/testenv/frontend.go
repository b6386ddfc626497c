package testenv

import (
	"crypto/tls"
	"net"
	"net/http"
	"sync"
	"testing"
)

// FakeFrontend is a stand-in for a Temporal frontend that records the
// authorization header of the first gRPC call it gets and refuses every
// call as unauthenticated: enough to see what a client sends.
type FakeFrontend struct {
	Addr string // host:port to dial

	mu    sync.Mutex
	calls int
	auth  string
}

// NewFakeFrontend serves a FakeFrontend on a free loopback port until the
// test ends: over TLS with cfg, or over plaintext HTTP/2 when cfg is nil.
func NewFakeFrontend(t testing.TB, cfg *tls.Config) *FakeFrontend {
	t.Helper()
	f := &FakeFrontend{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.Addr = ln.Addr().String()
	srv := &http.Server{Handler: f, Protocols: new(http.Protocols)}
	if cfg != nil {
		srv.Protocols.SetHTTP2(true)
		ln = tls.NewListener(ln, cfg)
	} else {
		// gRPC speaks HTTP/2 without TLS from the first byte.
		srv.Protocols.SetUnencryptedHTTP2(true)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return f
}

// ServeHTTP records the call and answers it with gRPC status 16
// (UNAUTHENTICATED) and no message body (a trailers-only response).
func (f *FakeFrontend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	if f.calls == 0 {
		f.auth = r.Header.Get("Authorization")
	}
	f.calls++
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/grpc")
	w.Header().Set("Grpc-Status", "16")
	w.Header().Set("Grpc-Message", "fake frontend: recorded the call")
	w.WriteHeader(http.StatusOK)
}

// FirstAuthorization returns the authorization header of the first call,
// and whether there was a call.
func (f *FakeFrontend) FirstAuthorization() (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.auth, f.calls > 0
}
